"""The command line: ``fangzhi import-text``, ``fangzhi search``, ``fangzhi reindex``."""

import hashlib
import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fangzhi.org.models import Unit
from fangzhi.search import services
from fangzhi.search.management.commands.import_text import parse_text
from fangzhi.search.models import SearchDocument
from fangzhi.text.fold import fold, fold_query
from fangzhi.works.models import OutlineNode, Work

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "chaoyi-xianzhi"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def chaoyi(tmp_path):
    """A copy of 朝邑縣志 (the real folder is only read)."""
    before = digest(CORPUS)
    folder = tmp_path / "chaoyi"
    shutil.copytree(CORPUS, folder)
    yield folder
    assert digest(CORPUS) == before


@needs_corpus
def test_import_chaoyi_then_search_offsets_point_at_the_query(world, chaoyi):
    out, _err = run("import_text", str(chaoyi), "--work", "朝邑縣志", "--access", "public")
    assert "KR2k0031_001.txt" in out
    work = Work.objects.get(title="朝邑縣志")
    assert work.kind == Work.Kind.DISTRICT
    assert work.compiler.category == Unit.Category.OFFICE  # created, there was none
    nodes = list(OutlineNode.objects.filter(work=work).order_by("path"))
    assert [n.title for n in nodes] == ["提要", "卷一", "卷二", "後序", "跋"]
    docs = SearchDocument.objects.filter(work=work).order_by("position")
    assert [d.section for d in docs] == sorted(p.name for p in CORPUS.glob("*.txt"))
    assert all(d.access == "public" for d in docs)
    doc = docs[1]
    assert doc.text.startswith("欽定四庫全書\n朝邑縣志卷一\n明　韓邦靖　撰\n總志第一\n朝邑為縣")
    assert "¶" not in doc.text and "<pb:" not in doc.text and "#+" not in doc.text

    out, _err = run("search", "朝邑", "--json")
    rows = json.loads(out)
    assert {r["work"] for r in rows} == {"朝邑縣志"}
    assert [r["section"] for r in rows] != [] and len(rows) == 5
    wanted = fold_query("朝邑")
    found = 0
    for row in rows:
        text = docs.get(section=row["section"]).text
        assert row["offsets"] == sorted(row["offsets"]) and row["score"] > 0
        for at in row["offsets"]:
            assert fold(text[at : at + 2]).text == wanted, (row["section"], at)
        # every occurrence, including the one the printed column broke in two
        assert len(row["offsets"]) == text.count("朝邑")
        found += len(row["offsets"])
    assert found == 59
    assert len(json.loads(run("search", "朝邑", "--json", "--limit", "2")[0])) == 2


@needs_corpus
def test_kanripo_pages_and_paragraphs():
    parsed = parse_text((CORPUS / "KR2k0031_001.txt").read_text(encoding="utf-8"))
    assert parsed.title == "卷一" and parsed.work_title == "朝邑縣志"
    labels = [label for _at, label in parsed.pages]
    assert labels[:3] == ["KR2k0031_WYG_001-1a", "KR2k0031_WYG_001-1b", "KR2k0031_WYG_001-2a"]
    # Page 1b begins with 馮翊 (the column before it ended with 左).
    at = {label: at for at, label in parsed.pages}["KR2k0031_WYG_001-1b"]
    assert parsed.text[at - 1 : at + 2] == "左馮翊"
    # A short column ends its paragraph; a full one runs on.
    assert "一在白池一在小村\n大慶關在縣東三十里" in parsed.text


@needs_corpus
def test_page_labels_are_stored_with_the_section(world, chaoyi):
    run("import_text", str(chaoyi), "--work", "朝邑縣志")
    doc = SearchDocument.objects.get(section="KR2k0031_001.txt")
    pages = doc.metadata["pages"]
    assert pages[0] == [0, "KR2k0031_WYG_001-1a"] and len(pages) == 16


def test_gb18030_and_big5_files(world, tmp_path):
    folder = tmp_path / "enc"
    folder.mkdir()
    simplified = "巴县志卷一\n木洞镇在县东。"
    traditional = "巴縣志卷二\n木洞鎮在縣東。"
    (folder / "a.txt").write_bytes(simplified.encode("gb18030"))
    (folder / "b.txt").write_bytes(traditional.encode("big5"))
    (folder / "c.txt").write_bytes("\ufeff巴县志卷三".encode())
    (folder / "notes.md").write_text("not a section")
    out, _err = run("import_text", str(folder), "--work", "巴縣志", "--kind", "town")
    assert "gb18030" in out and "big5" in out
    docs = SearchDocument.objects.filter(work__title="巴縣志").order_by("position")
    assert [(d.section, d.text) for d in docs] == [
        ("a.txt", simplified),
        ("b.txt", traditional),
        ("c.txt", "巴县志卷三"),
    ]
    assert Work.objects.get(title="巴縣志").kind == "town"
    assert docs[0].access == "internal"  # the default
    # Internal: not for the public command line.
    assert json.loads(run("search", "木洞", "--json")[0]) == []


def test_import_is_idempotent(world, tmp_path):
    folder = tmp_path / "idem"
    folder.mkdir()
    (folder / "001.txt").write_text("巴縣在重慶府", encoding="utf-8")
    (folder / "002.txt").write_text("木洞鎮", encoding="utf-8")
    for _ in range(2):
        run("import_text", str(folder), "--work", "巴縣舊志", "--access", "public")
    work = Work.objects.get(title="巴縣舊志")
    assert Work.objects.filter(title="巴縣舊志").count() == 1
    assert OutlineNode.objects.filter(work=work).count() == 2
    assert SearchDocument.objects.filter(work=work).count() == 2
    assert Unit.objects.filter(category=Unit.Category.OFFICE).count() == 1
    (folder / "002.txt").write_text("木洞鎮在巴縣東", encoding="utf-8")
    run("import_text", str(folder), "--work", "巴縣舊志", "--access", "public")
    assert SearchDocument.objects.get(work=work, section="002.txt").text == "木洞鎮在巴縣東"
    assert OutlineNode.objects.filter(work=work).count() == 2
    rows = json.loads(run("search", "巴县", "--json")[0])
    assert sorted(r["section"] for r in rows) == ["001.txt", "002.txt"]


def test_import_refuses_what_it_cannot_read(world, tmp_path):
    with pytest.raises(CommandError, match="tmp"):
        run("import_text", str(tmp_path / "nowhere"), "--work", "x")
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(CommandError, match="a.txt"):
        run("import_text", str(folder), "--work", "x")
    assert not Work.objects.filter(title="x").exists()
    (folder / "a.txt").write_text("巴县", encoding="utf-8")
    with pytest.raises(CommandError):
        run("import_text", str(folder), "--work", "x", "--as", "nobody")
    with pytest.raises(CommandError):  # a liaison may not open a district gazetteer
        run("import_text", str(folder), "--work", "x", "--as", world.unit_liaison.username)
    assert not Work.objects.filter(title="x").exists()


def test_fangzhi_import_text_is_the_command_name(monkeypatch):
    """``fangzhi import-text`` runs ``import_text`` (Django names cannot have "-")."""
    import django.core.management

    from fangzhi import manage

    seen = []
    monkeypatch.setattr(django.core.management, "execute_from_command_line", seen.append)
    for argv in (["fangzhi", "import-text", "dir", "--work", "x"], ["fangzhi", "search", "x"]):
        monkeypatch.setattr(sys, "argv", argv)
        manage.main()
    assert seen == [["fangzhi", "import_text", "dir", "--work", "x"], ["fangzhi", "search", "x"]]
    from django.core.management import get_commands

    assert get_commands()["import_text"] == "fangzhi.search"


def test_search_prints_public_hits_only(sw):
    # sw: two internal manuscripts that contain 区; one public import, one internal one.
    from .matrix_search import imported

    imported(sw, "public")
    imported(sw, "internal")
    out, _err = run("search", "区")
    assert out == ""
    out, _err = run("search", "巴县")
    lines = out.splitlines()
    assert lines[0].startswith("舊志public · 001.txt · ")
    assert lines[1].strip() == "【巴縣】在重慶府 木洞鎮在【巴縣】東"
    assert json.loads(run("search", "朝邑", "--json")[0]) == []  # internal
    with pytest.raises(CommandError):
        run("search", '"巴县')


def test_reindex_with_a_progress_bar_and_the_check(sw):
    out, err = run("reindex")
    assert "100%" in err and "[" + "#" * 30 + "]" in err
    assert "2" in out
    out, _err = run("reindex", "--check")
    assert "consistent" in out or out
    SearchDocument.objects.filter(pk=sw.doc_a.pk).update(text="改过的文字")
    with pytest.raises(SystemExit) as exit_info:
        run("reindex", "--check")
    assert exit_info.value.code == 1
    services.reindex_all()
    run("reindex", "--check")  # consistent again: no exit
