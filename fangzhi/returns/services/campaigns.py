"""Campaigns: open a year's returns with its yearbook, its reporting units, next year's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fangzhi.audit.context import acting
from fangzhi.core.errors import ServiceError
from fangzhi.org.models import Unit
from fangzhi.text.dates import shift_years
from fangzhi.works.models import OutlineNode, Work
from fangzhi.works.services.common import clean_text

from ..models import Campaign, Category, ReportingUnit, Submission, YearbookMapping
from .common import is_admin, require


def contributing_units(yearbook: Work) -> list[Unit]:
    """The yearbook's contributing units (承编单位): every active unit with a node of it."""
    ids = (
        OutlineNode.objects.filter(work=yearbook, withdrawn=False, unit__isnull=False)
        .values_list("unit_id", flat=True)
        .distinct()
    )
    return list(Unit.objects.filter(pk__in=ids, status=Unit.Status.ACTIVE))


def _check_yearbook(yearbook: Work | None, year: int) -> None:
    if yearbook is None:
        return
    if yearbook.kind != Work.Kind.YEARBOOK or yearbook.year != year:
        raise ServiceError(
            _("The campaign goes with the yearbook of the same year."), field="yearbook"
        )


def _add_units(campaign: Campaign, units: list[Unit]) -> None:
    for unit in units:
        row, created = ReportingUnit.objects.get_or_create(campaign=campaign, unit=unit)
        if not created and not row.active:
            row.active = True
            row.save(update_fields=["active"])
        for category in Category.values:
            Submission.objects.get_or_create(campaign=campaign, unit=unit, category=category)


def campaign_open(
    *,
    by: Any,
    year: int,
    due_on: dt.date,
    yearbook: Work | None = None,
    instructions: str = "",
    units: list[Unit] | None = None,
) -> Campaign:
    """Open a year's returns. The reporting units default to the yearbook's contributing
    units (三.六: 年鉴各承编单位为年报资料承报单位)."""
    require(is_admin(by))
    if not 1949 <= int(year) <= 2999:
        raise ServiceError(_("Give the year of the returns."), field="year")
    _check_yearbook(yearbook, year)
    if due_on is None:
        raise ServiceError(_("Give the due date."), field="due_on")
    instructions = clean_text(
        instructions,
        field="instructions",
        label=_("Instructions"),
        max_length=20000,
        required=False,
    )
    if units is None:
        units = contributing_units(yearbook) if yearbook else []
    retired = [u for u in units if not u.is_active]
    if retired:
        raise ServiceError(
            _("A retired unit cannot report: %(name)s.") % {"name": retired[0].name}, field="units"
        )
    if Campaign.objects.filter(year=year).exists():
        raise ServiceError(
            _("The returns for %(year)d are already open.") % {"year": year},
            code="duplicate_campaign",
            field="year",
        )
    try:
        with acting(by), transaction.atomic():
            campaign = Campaign.objects.create(
                year=year,
                yearbook=yearbook,
                due_on=due_on,
                instructions=instructions,
                created_by=by,
            )
            _add_units(campaign, units)
    except IntegrityError:
        raise ServiceError(
            _("The returns for %(year)d are already open.") % {"year": year},
            code="duplicate_campaign",
            field="year",
        ) from None
    return campaign


def campaign_update(
    *, by: Any, campaign: Campaign, due_on: dt.date | None = None, instructions: str | None = None
) -> Campaign:
    require(is_admin(by))
    with acting(by), transaction.atomic():
        if due_on is not None:
            campaign.due_on = due_on
        if instructions is not None:
            campaign.instructions = clean_text(
                instructions,
                field="instructions",
                label=_("Instructions"),
                max_length=20000,
                required=False,
            )
        campaign.save()
    return campaign


def campaign_units_set(*, by: Any, campaign: Campaign, units: list[Unit]) -> Campaign:
    """Make ``units`` the campaign's reporting units: new ones are added, others stop
    reporting (their rows and anything they filed stay)."""
    require(is_admin(by))
    if any(not u.is_active for u in units):
        raise ServiceError(_("A retired unit cannot report."), field="units")
    wanted = {u.pk for u in units}
    with acting(by), transaction.atomic():
        _add_units(campaign, units)
        for row in campaign.reporting_units.filter(active=True).exclude(unit_id__in=wanted):
            row.active = False
            row.save(update_fields=["active"])
    return campaign


def campaign_close(*, by: Any, campaign: Campaign) -> Campaign:
    require(is_admin(by))
    with acting(by), transaction.atomic():
        campaign.status = Campaign.Status.CLOSED
        campaign.save(update_fields=["status"])
    return campaign


def _same_node(node: OutlineNode, yearbook: Work) -> OutlineNode | None:
    """The node of ``yearbook`` with the same title path as ``node`` (the next year's
    yearbook copies last year's outline)."""
    path = [a.title for a in OutlineNode.objects.get_ancestors(node)] + [node.title]
    candidates = OutlineNode.objects.filter(work=yearbook, withdrawn=False, title=node.title)
    for candidate in candidates:
        mine = [a.title for a in OutlineNode.objects.get_ancestors(candidate)] + [candidate.title]
        if mine == path:
            return candidate
    return None


def campaign_next(
    *, by: Any, previous: Campaign, due_on: dt.date | None = None, yearbook: Work | None = None
) -> Campaign:
    """Open next year's campaign with last year's set-up: reporting units, instructions
    and the mapping to the yearbook's outline (matched by node titles)."""
    require(is_admin(by))
    year = previous.year + 1
    if yearbook is None and previous.yearbook_id:
        yearbook = Work.objects.filter(
            kind=Work.Kind.YEARBOOK, compiler_id=previous.yearbook.compiler_id, year=year
        ).first()
    units = [
        r.unit
        for r in previous.reporting_units.filter(active=True).select_related("unit")
        if r.unit.is_active
    ]
    due = due_on or shift_years(previous.due_on, 1)
    with acting(by), transaction.atomic():
        campaign = campaign_open(
            by=by,
            year=year,
            due_on=due,
            yearbook=yearbook,
            instructions=previous.instructions,
            units=units,
        )
        campaign.based_on = previous
        campaign.save(update_fields=["based_on"])
        if yearbook is not None:
            for mapping in previous.mappings.filter(active=True).select_related("node"):
                node = _same_node(mapping.node, yearbook)
                if node is not None:
                    YearbookMapping.objects.create(
                        campaign=campaign, category=mapping.category, unit=mapping.unit, node=node
                    )
    return campaign


def mapping_set(
    *, by: Any, campaign: Campaign, category: str, node: OutlineNode, unit: Unit | None = None
) -> YearbookMapping:
    """Send a category's accepted entries (of one unit, or of all) to a yearbook node."""
    require(is_admin(by))
    if category not in Category.values:
        raise ServiceError(_("Unknown category."), field="category")
    if campaign.yearbook_id is None or node.work_id != campaign.yearbook_id:
        raise ServiceError(_("Choose a node of the campaign's yearbook."), field="node")
    if node.withdrawn:
        raise ServiceError(_("The node has been withdrawn."), field="node")
    with acting(by), transaction.atomic():
        YearbookMapping.objects.filter(
            campaign=campaign, category=category, unit=unit, active=True
        ).update(active=False)
        return YearbookMapping.objects.create(
            campaign=campaign, category=category, unit=unit, node=node
        )


def mapping_remove(*, by: Any, mapping: YearbookMapping) -> YearbookMapping:
    require(is_admin(by))
    with acting(by), transaction.atomic():
        mapping.active = False
        mapping.save(update_fields=["active"])
    return mapping
