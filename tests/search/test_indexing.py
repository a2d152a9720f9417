"""Index maintenance: the manuscript hook, index_source/unindex_source, imported texts,
returns entries, the full rebuild with progress and the consistency check."""

import pytest
from django.db import connection

from fangzhi.core.models import Job
from fangzhi.returns.models import Entry, Submission
from fangzhi.search import services
from fangzhi.search.backends import get_backend
from fangzhi.search.models import SearchDocument
from fangzhi.text.fold import fold
from fangzhi.works import services as works
from fangzhi.works.models import OutlineNode, Work

from ..returns.data import make_returns
from .conftest import ids

pytestmark = pytest.mark.django_db


def node_doc(node):
    return SearchDocument.objects.filter(source_type="works.node", source_id=str(node.pk)).first()


def test_rebuild_indexes_every_node_with_a_manuscript(sw):
    docs = SearchDocument.objects.filter(source_type="works.node")
    assert {d.node_id for d in docs} == {sw.node_a.pk, sw.node_b.pk}
    doc = sw.doc_a
    assert doc.title == "区委办公室工作" and doc.section == "1.1 区委办公室工作"
    assert doc.work_id == sw.yearbook.pk and doc.kind == "yearbook" and doc.year == 2025
    assert doc.text == sw.version_a.text and doc.folded == fold(doc.text).text
    assert doc.access == "internal" and doc.unit_id == sw.unit_a.pk
    assert sw.doc_b.section == "1.2 鱼洞街道概况"
    assert get_backend().indexed_ids() == {sw.doc_a.pk, sw.doc_b.pk}


def test_saving_a_version_indexes_the_node_in_a_job(sw, django_capture_on_commit_callbacks):
    node = OutlineNode.objects.get(pk=sw.node_a.pk)
    with django_capture_on_commit_callbacks(execute=True):
        works.version_save_html(
            by=sw.unit_liaison,
            node=node,
            html="<p>木洞镇位于巴南区东部。</p>",
            base_revision=node.revision,
        )
    job = Job.objects.filter(kind="search_index").get()
    assert job.status == Job.Status.DONE and job.created_by == sw.unit_liaison
    assert job.result == {"indexed": True, "document": sw.doc_a.pk}
    doc = node_doc(sw.node_a)
    assert doc.pk == sw.doc_a.pk and doc.text == "木洞镇位于巴南区东部。"
    found = services.search(user=sw.office_admin, q="木洞")
    assert [h.id for h in found.hits] == [doc.pk]
    assert services.search(user=sw.office_admin, q="服务大局").total == 0  # the old text


def test_withdrawn_node_leaves_the_index(sw):
    OutlineNode.objects.filter(pk=sw.node_b.pk).update(withdrawn=True)
    assert services.index_source(sw.node_b) is None
    assert node_doc(sw.node_b) is None
    assert get_backend().indexed_ids() == {sw.doc_a.pk}


def test_unindex_source(sw):
    assert services.unindex_source(sw.version_b) is True
    assert services.unindex_source(sw.node_b) is False
    assert services.search(user=sw.office_admin, q="鱼洞").total == 0


def test_publication_makes_node_documents_public(sw):
    Work.objects.filter(pk=sw.yearbook.pk).update(status=Work.Status.PUBLISHED)
    assert services.consistency_check()["stale"] == sorted(
        f"works.node:{n.pk}" for n in (sw.node_a, sw.node_b)
    )
    services.index_source(Work.objects.get(pk=sw.yearbook.pk))
    assert set(SearchDocument.objects.values_list("access", flat=True)) == {"public"}
    assert services.consistency_check()["ok"]


def test_index_imported_replaces_the_same_section(sw):
    first = services.index_imported(sw.district, "001.txt", "卷一 巴縣志", "public")
    again = services.index_imported(sw.district, "001.txt", "卷一 木洞", "public")
    assert first.pk == again.pk and again.text == "卷一 木洞"
    assert services.search(user=None, q="巴县").total == 0
    assert [h.section for h in services.search(user=None, q="木洞").hits] == ["001.txt"]


def test_reindex_reports_progress_and_keeps_imported_texts(sw):
    services.index_imported(sw.district, "002.txt", "木洞驿", "internal")
    seen = []
    result = services.reindex_all(report=lambda progress, message="": seen.append(progress))
    assert result == {"documents": 3, "removed": 0}
    assert seen[0] == 0 and seen[-1] == 100 and seen == sorted(seen)
    assert services.search(user=sw.office_admin, q="木洞驿").total == 1


def test_reindex_job(sw, django_capture_on_commit_callbacks):
    with pytest.raises(services.Forbidden):
        services.reindex_start(by=sw.office_editor)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.reindex_start(by=sw.office_admin)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.progress == 100
    assert job.result == {"documents": 2, "removed": 0}


def test_consistency_check_finds_missing_stale_orphaned_and_unindexed(sw):
    assert services.consistency_check() == {
        "missing": [],
        "stale": [],
        "orphaned": [],
        "unindexed": [],
        "ok": True,
    }
    # stale: the node was renamed after it was indexed
    OutlineNode.objects.filter(pk=sw.node_a.pk).update(title="区委办")
    # missing: a node got its first version without the hook
    town = OutlineNode.objects.get(pk=sw.town_node.pk)
    works.version_save_html(
        by=sw.liaison_b, node=town, html="<p>鱼洞建置。</p>", base_revision=town.revision
    )
    # orphaned: node_b was withdrawn; unindexed: the index lost a document
    OutlineNode.objects.filter(pk=sw.node_b.pk).update(withdrawn=True)
    imported = services.index_imported(sw.district, "003.txt", "巴县", "public")
    get_backend().remove(imported)
    report = services.consistency_check()
    assert report["stale"] == [f"works.node:{sw.node_a.pk}"]
    assert report["missing"] == [f"works.node:{sw.town_node.pk}"]
    assert report["orphaned"] == [f"works.node:{sw.node_b.pk}"]
    assert report["unindexed"] == [f"imported:{sw.district.pk}:003.txt"]
    assert report["ok"] is False
    assert services.reindex_all() == {"documents": 3, "removed": 1}  # node_b's is gone
    assert services.consistency_check()["ok"]


def test_returns_entries_are_indexed_when_accepted(sw):
    make_returns(sw)
    services.index_source(sw.sub_a)
    assert not SearchDocument.objects.filter(source_type="returns.entry").exists()  # a draft
    Submission.objects.filter(pk__in=[sw.sub_a.pk, sw.sub_b.pk]).update(
        status=Submission.Status.ACCEPTED
    )
    services.index_source(sw.sub_a)
    services.index_source(sw.entry_b1)
    docs = SearchDocument.objects.filter(source_type="returns.entry").order_by("source_id")
    assert [(d.source_id, d.unit_id, d.kind, d.year, d.access, d.work_id) for d in docs] == [
        (str(e.pk), unit.pk, "returns", 2025, "internal", sw.yearbook.pk)
        for e, unit in (
            (sw.entry_a1, sw.unit_a),
            (sw.entry_a2, sw.unit_a),
            (sw.entry_b1, sw.unit_b),
        )
    ]
    doc_a1 = docs.get(source_id=str(sw.entry_a1.pk))
    assert doc_a1.text == "区委召开全会。"
    assert ids(services.search(user=sw.unit_liaison, q="全会")) == {doc_a1.pk}
    assert services.search(user=sw.liaison_b, q="全会").total == 0
    assert services.search(user=None, q="全会").total == 0
    assert services.search(user=sw.reviewer, q="全会").total == 0
    assert services.search(user=sw.office_editor, q="灯会").total == 1
    assert services.consistency_check()["ok"]
    Entry.objects.filter(pk=sw.entry_a1.pk).update(withdrawn=True)
    assert services.consistency_check()["orphaned"] == [f"returns.entry:{sw.entry_a1.pk}"]
    services.index_source(Entry.objects.get(pk=sw.entry_a1.pk))
    assert services.search(user=sw.office_admin, q="全会").total == 0


def test_index_size_is_bounded(sw):
    # Every document's index rows go away with it: nothing is left behind.
    before = get_backend().indexed_ids()
    services.unindex_source(sw.node_a)
    assert get_backend().indexed_ids() == before - {sw.doc_a.pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL tsvector limit")
def test_text_too_long_for_one_tsvector_is_still_found_exactly(sw, monkeypatch):
    from fangzhi.search.backends import postgres

    real = postgres.tsvector_literal

    def too_long(title, folded, *, bigrams=True):
        if bigrams:  # what PostgreSQL answers for a vector over 1 MB
            raise postgres.OperationalError("string is too long for tsvector")
        return real(title, folded, bigrams=False)

    monkeypatch.setattr(postgres, "tsvector_literal", too_long)
    doc = services.index_imported(sw.district, "长卷", "巴县木洞镇。" * 3 + "江北", "public")
    assert SearchDocument.objects.get(pk=doc.pk).partial
    assert ids(services.search(user=None, q="木洞镇")) == {doc.pk}
    assert ids(services.search(user=None, q="镇 江北")) == {doc.pk}
    assert services.search(user=None, q="镇江").total == 0
    assert services.search(user=None, q="洞木").total == 0
