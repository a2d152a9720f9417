"""Chinese by default, English on request, and every string translated."""

from pathlib import Path

import polib
import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent / "fangzhi"
CATALOGUES = sorted(ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))


def test_catalogues_exist():
    apps = {p.relative_to(ROOT).parts[0] for p in CATALOGUES}
    assert {"accounts", "org", "audit", "core", "locale"} <= apps


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_translated_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po if not e.obsolete and not e.translated()]
    assert not untranslated, f"untranslated: {untranslated[:5]}"
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo}
    stale = [
        e.msgid
        for e in po.translated_entries()
        if compiled.get((e.msgctxt, e.msgid)) != (e.msgstr or e.msgstr_plural)
    ]
    assert not stale, f"run `make messages`: {stale[:5]}"


@pytest.mark.django_db
def test_pages_are_chinese_by_default_and_english_on_request(world, client_for):
    client = client_for("office_admin")
    zh = client.get(reverse("org:unit_list")).content.decode()
    assert '<html lang="zh-hans">' in zh and "成员单位" in zh and "筛选" in zh
    en = client.get(reverse("org:unit_list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in en and "Member units" in en


@pytest.mark.django_db
def test_language_switch_persists(world, client_for):
    client = client_for("unit_liaison")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Dashboard" in client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "工作台" in client.get("/").content.decode()


@pytest.mark.django_db
def test_service_errors_reach_the_user_in_chinese(world, client_for):
    client = client_for("office_admin")
    response = client.post(
        reverse("org:unit_add"),
        {
            "name": world.unit_a.name,
            "category": "department",
            "joined_on": "2024-01-01",
            "document_number": "〔2024〕1号",
        },
    )
    assert response.status_code == 200
    assert "已有同名单位" in response.content.decode()
