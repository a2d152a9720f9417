"""Page permission expectations for the works pages; joined into tests/test_page_matrix.py.

GET: url name -> (kwargs builder taking the matrix world, {role: status}) for another
unit's records (unit_a's people act; unit_b's records are "other").
OWN: the same for the acting unit's own records. POST_ONLY: url names refused on GET.
The matrix world is ``world`` after ``tests.works.data.make_works``.

This part: manuscripts (node pages, versions, images) and a work's review chain,
publication and credits. "Other" is unit_b's ``node_b`` and the town gazetteer unit_b
compiles; "own" is unit_a's ``node_a`` and the yearbook unit_a writes for. Records
the shared data lacks (an uploaded file, an image, a decision with its document) are
made here through the services when a row needs them.
"""

import datetime as dt
import io
import struct
import zlib

from fangzhi.core.files import file_store
from fangzhi.works import services
from fangzhi.works.models import ManuscriptAsset, OutlineNode

from ..matrix import ADMIN_ONLY, ANY_ACCOUNT, OFFICE_ONLY, statuses  # noqa: F401

EVERYONE_WHO_SEES = statuses(200)
# --- samples shared with the page tests -----------------------------------------------------


def png_bytes(width=4, height=3, rgb=(139, 26, 26)):
    """A small PNG. Made with Pillow when it is installed, by hand otherwise."""
    try:
        from PIL import Image
    except ImportError:
        raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

        def chunk(kind, data):
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b"")
        )
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), rgb).save(buffer, format="PNG")
    return buffer.getvalue()


def docx_bytes(*, heading="概述", body="2025年，全区经济平稳运行。", table=True, image=True):
    """A real Word file made with python-docx: a heading, a paragraph, a table, an image."""
    from docx import Document

    document = Document()
    document.add_heading(heading, level=1)
    document.add_paragraph(body)
    if table:
        grid = document.add_table(rows=2, cols=2)
        for (row, col), text in {
            (0, 0): "项目",
            (0, 1): "数量",
            (1, 0): "企业",
            (1, 1): "128",
        }.items():
            grid.cell(row, col).text = text
    if image:
        document.add_picture(io.BytesIO(png_bytes()))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- records made on demand -----------------------------------------------------------------


def _fresh(node):
    return OutlineNode.objects.get(pk=node.pk)


def _image(node):
    stored = file_store(png_bytes(), content_type="image/png")
    ManuscriptAsset.objects.get_or_create(node=node, file=stored)
    return {"pk": node.pk, "sha256": stored.sha256}


def _uploaded(by, node):
    node = _fresh(node)
    version = services.version_upload(
        by=by, node=node, data=docx_bytes(), filename="初稿.docx", base_revision=node.revision
    )
    return {"pk": version.pk}


def _decision(w, work, by, step, document_number=""):
    services.work_submit_for_review(by=w.office_admin, work=work)
    decision = services.review_step_record(
        by=by,
        work=work,
        step=step,
        decision="pass",
        decided_on=dt.date.today(),
        document_number=document_number,
        attachment=b"%PDF-1.4\n%test\n",
        attachment_name="审查意见.pdf",
        attachment_type="application/pdf",
    )
    return {"pk": decision.pk}


def _comment_b(w):
    comment = services.comment_add(by=w.office_editor, version=w.version_b, body="请补充数据。")
    return {"pk": comment.pk}


GET = {
    "works:node_detail": (lambda w: {"pk": w.node_b.pk}, OFFICE_ONLY),
    "works:manuscript_edit": (lambda w: {"pk": w.node_b.pk}, OFFICE_ONLY),
    "works:manuscript_compare": (lambda w: {"pk": w.node_b.pk}, OFFICE_ONLY),
    "works:node_image": (lambda w: _image(w.node_b), OFFICE_ONLY),
    "works:version_detail": (lambda w: {"pk": w.version_b.pk}, OFFICE_ONLY),
    "works:version_docx": (lambda w: {"pk": w.version_b.pk}, OFFICE_ONLY),
    "works:version_original": (lambda w: _uploaded(w.liaison_b, w.node_b), OFFICE_ONLY),
    "works:work_review": (lambda w: {"pk": w.town_work.pk}, OFFICE_ONLY),
    "works:decision_attachment": (
        lambda w: _decision(w, w.town_work, w.head_b, "compiler_preliminary"),
        OFFICE_ONLY,
    ),
    "works:work_publication": (lambda w: {"pk": w.town_work.pk}, OFFICE_ONLY),
    "works:work_credits": (lambda w: {"pk": w.town_work.pk}, OFFICE_ONLY),
    "works:work_credits_print": (lambda w: {"pk": w.town_work.pk}, OFFICE_ONLY),
    "works:work_credits_docx": (lambda w: {"pk": w.town_work.pk}, OFFICE_ONLY),
}
OWN = {
    # The reviewer is asked to read node_a (``review_a``): it sees the node, not the editor.
    "works:node_detail": (lambda w: {"pk": w.node_a.pk}, EVERYONE_WHO_SEES),
    "works:manuscript_edit": (lambda w: {"pk": w.node_a.pk}, statuses(200, reviewer=403)),
    "works:manuscript_compare": (lambda w: {"pk": w.node_a.pk}, EVERYONE_WHO_SEES),
    "works:node_image": (lambda w: _image(w.node_a), EVERYONE_WHO_SEES),
    "works:version_detail": (lambda w: {"pk": w.version_a.pk}, EVERYONE_WHO_SEES),
    "works:version_docx": (lambda w: {"pk": w.version_a.pk}, EVERYONE_WHO_SEES),
    "works:version_original": (
        lambda w: _uploaded(w.unit_liaison, w.node_a),
        EVERYONE_WHO_SEES,
    ),
    "works:work_review": (lambda w: {"pk": w.yearbook.pk}, EVERYONE_WHO_SEES),
    "works:decision_attachment": (
        lambda w: _decision(
            w, w.yearbook, w.office_admin, "district_approval", "巴南府〔2026〕1号"
        ),
        EVERYONE_WHO_SEES,
    ),
    "works:work_publication": (lambda w: {"pk": w.yearbook.pk}, EVERYONE_WHO_SEES),
    "works:work_credits": (lambda w: {"pk": w.yearbook.pk}, EVERYONE_WHO_SEES),
    "works:work_credits_print": (lambda w: {"pk": w.yearbook.pk}, EVERYONE_WHO_SEES),
    "works:work_credits_docx": (lambda w: {"pk": w.yearbook.pk}, EVERYONE_WHO_SEES),
}
POST_ONLY: set = {
    "works:manuscript_upload",
    "works:comment_add",
    "works:comment_resolve",
    "works:node_sign_off",
    "works:node_review_start",
    "works:node_return",
    "works:node_accept",
    "works:work_submit_review",
    "works:work_review_decide",
    "works:work_publication_record",
    "works:work_filing_record",
    "works:work_credit_add",
    "works:work_credits_generate",
    "works:credit_withdraw",
}
# POST-only actions on another unit's records: url name -> kwargs builder. The unit's
# people get 403 before anything is read (tests/works/test_pages_*.py).
OTHER_UNIT_POSTS = {
    "works:manuscript_upload": lambda w: {"pk": w.node_b.pk},
    "works:comment_add": lambda w: {"pk": w.node_b.pk},
    "works:comment_resolve": _comment_b,
    "works:node_sign_off": lambda w: {"pk": w.node_b.pk},
    "works:node_review_start": lambda w: {"pk": w.node_b.pk},
    "works:node_return": lambda w: {"pk": w.node_b.pk},
    "works:node_accept": lambda w: {"pk": w.node_b.pk},
    "works:work_submit_review": lambda w: {"pk": w.town_work.pk},
    "works:work_review_decide": lambda w: {"pk": w.town_work.pk},
    "works:work_publication_record": lambda w: {"pk": w.town_work.pk},
    "works:work_filing_record": lambda w: {"pk": w.town_work.pk},
    "works:work_credit_add": lambda w: {"pk": w.town_work.pk},
    "works:work_credits_generate": lambda w: {"pk": w.town_work.pk},
}
