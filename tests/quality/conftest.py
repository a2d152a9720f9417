"""Fixtures of the quality tests: the works data and a tiny rule of our own.

The rule ``X99`` marks 某某 (outside quotations and 《》 titles) and every wrong form of
the configuration's fixed terms, so these tests do not depend on the real rules R01–R10;
it is registered for one test and taken away afterwards.
"""

import re

import pytest

from fangzhi.text.checker.core import RULES, Mark, Severity, _load_rules, rule
from fangzhi.works import services as works
from fangzhi.works.models import OutlineNode

from ..works.data import make_works

PATTERN = re.compile("某某")


@pytest.fixture
def qw(world):
    return make_works(world)


@pytest.fixture
def x99():
    _load_rules()  # the real rules first, so registering ours does not hide them

    @rule("X99", "test", Severity.WARNING, "测试规则：不得写“某某”。")
    def _x99(doc, config):
        for m in PATTERN.finditer(doc.text):
            if not doc.is_protected(m.start(), m.end()):
                yield Mark(
                    "X99",
                    "test",
                    Severity.WARNING,
                    m.start(),
                    m.end(),
                    m.group(),
                    "不得写“某某”",
                    "写明姓名",
                )
        for wrong, right in config.fixed_terms:
            if wrong.startswith("测"):
                for m in re.finditer(re.escape(wrong), doc.text):
                    yield Mark(
                        "X99",
                        "test",
                        Severity.ERROR,
                        m.start(),
                        m.end(),
                        wrong,
                        f"应写作“{right}”",
                        right,
                    )

    yield RULES["X99"]
    RULES.pop("X99", None)


@pytest.fixture
def save(django_capture_on_commit_callbacks):
    """``save(by, node, html)``: a new version through the service, with the commit hooks
    run (huey runs the check job at once in tests)."""

    def run(by, node, html):
        node = OutlineNode.objects.get(pk=node.pk)
        with django_capture_on_commit_callbacks(execute=True):
            return works.version_save_html(by=by, node=node, html=html, base_revision=node.revision)

    return run
