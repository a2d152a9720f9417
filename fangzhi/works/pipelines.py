"""The review and approval chains of 三.四, as data.

Each kind of work has its steps in order. A step says who takes it:

- ``office``: the district gazetteer office (区地方志工作机构), in the system;
- ``compiler_head``: the head of the compiling unit (编纂单位初审), in the system;
- ``external``: a government or the city office, outside the system; an office admin
  records the decision with its document (文号).

Once the last step has passed, the work may be published (可公开出版). Works named after
a town, street, unit or enterprise must then be filed with the office within three
months of publication (出版后3个月内报区地方志工作机构备案).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .models import UNIT_NAMED_KINDS, Work

OFFICE = "office"
COMPILER_HEAD = "compiler_head"
EXTERNAL = "external"


@dataclass(frozen=True)
class Step:
    code: str
    label: Any
    actor: str
    needs_document: bool


OFFICE_PRELIMINARY = Step(
    "office_preliminary", _("Preliminary review by the district gazetteer office"), OFFICE, False
)
DISTRICT_CONSENT = Step("district_consent", _("Consent of the district government"), EXTERNAL, True)
CITY_OFFICE_ACCEPTANCE = Step(
    "city_office_acceptance",
    _("Review and acceptance by the city gazetteer office"),
    EXTERNAL,
    True,
)
CITY_APPROVAL = Step("city_approval", _("Approval of the city government"), EXTERNAL, True)
DISTRICT_APPROVAL = Step(
    "district_approval", _("Approval of the district government"), EXTERNAL, True
)
COMPILER_PRELIMINARY = Step(
    "compiler_preliminary", _("Preliminary review by the compiling unit"), COMPILER_HEAD, False
)
OFFICE_ACCEPTANCE = Step(
    "office_acceptance",
    _("Review and acceptance (pass) by the district gazetteer office"),
    OFFICE,
    True,
)

UNIT_NAMED_PIPELINE = (COMPILER_PRELIMINARY, OFFICE_ACCEPTANCE)

PIPELINES: dict[str, tuple[Step, ...]] = {
    # 区志: 初审 → 区政府同意 → 市地方志工作机构审查验收 → 市政府批准 → 可公开出版
    Work.Kind.DISTRICT: (
        OFFICE_PRELIMINARY,
        DISTRICT_CONSENT,
        CITY_OFFICE_ACCEPTANCE,
        CITY_APPROVAL,
    ),
    # 年鉴: 区人民政府批准 → 可公开出版
    Work.Kind.YEARBOOK: (DISTRICT_APPROVAL,),
    **dict.fromkeys(UNIT_NAMED_KINDS, UNIT_NAMED_PIPELINE),
}

FILING_MONTHS = 3  # 出版后3个月内报区地方志工作机构备案

STEPS_BY_CODE = {step.code: step for steps in PIPELINES.values() for step in steps}


def pipeline_for(work: Work) -> tuple[Step, ...]:
    return PIPELINES[work.kind]


def needs_filing(work: Work) -> bool:
    return work.kind in UNIT_NAMED_KINDS


def step_label(code: str) -> Any:
    step = STEPS_BY_CODE.get(code)
    return step.label if step else code
