"""Helpers of the API tests."""

import io

from auditlog.models import LogEntry

from fangzhi.accounts.models import User
from fangzhi.core.models import Notification, StoredFile
from fangzhi.org.models import CommitteePost, MembershipChange, SeatTerm, Unit
from fangzhi.returns import models as returns
from fangzhi.works import models as works

WORKS_MODELS = (
    works.Work,
    works.LowerLimitChange,
    works.OutlineNode,
    works.NodeEvent,
    works.NodeReviewer,
    works.ManuscriptVersion,
    works.ManuscriptAsset,
    works.Comment,
    works.SignOff,
    works.ReviewDecision,
    works.Publication,
    works.Filing,
    works.Credit,
)

RETURNS_MODELS = (
    returns.Campaign,
    returns.ReportingUnit,
    returns.YearbookMapping,
    returns.Submission,
    returns.Entry,
    returns.SubmissionVersion,
    returns.SubmissionEvent,
    returns.DraftSource,
)


def snapshot():
    """Every row the API can write, in a comparable form."""
    return {
        "units": list(Unit.objects.order_by("pk").values()),
        "people": list(
            User.objects.order_by("pk").values(
                "pk", "username", "full_name", "role", "unit", "phone", "email", "is_active"
            )
        ),
        "passwords": list(User.objects.order_by("pk").values_list("password", flat=True)),
        "terms": list(SeatTerm.objects.order_by("pk").values()),
        "changes": list(MembershipChange.objects.order_by("pk").values()),
        "posts": list(CommitteePost.objects.order_by("pk").values()),
        "log": LogEntry.objects.count(),
        **{
            model.__name__: list(model._default_manager.order_by("pk").values())
            for model in (*WORKS_MODELS, *RETURNS_MODELS)
        },
        "files": StoredFile.objects.count(),
        "notifications": list(Notification.objects.order_by("pk").values("pk", "read_at")),
    }


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- files built in the tests -----------------------------------------------------------------


def jpeg_bytes(size=(32, 24), color=(200, 30, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    """A minimal PDF: what a scanned document looks like to a content sniffer."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def xlsx_bytes(rows=None, *, formula=False) -> bytes:
    """A workbook with one table (a header and rows); ``formula`` adds a total by formula."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "经济指标"
    default = [["指标", "数值"], ["地区生产总值（亿元）", 1050], ["常住人口（万人）", 118]]
    for row in rows or default:
        sheet.append(row)
    if formula:
        sheet.append(["合计", "=SUM(B2:B3)"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsm_bytes() -> bytes:
    """An .xlsx with a VBA project inside: a macro-enabled workbook."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Default Extension="bin" '
                    b'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            target.writestr(item, data)
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    return buffer.getvalue()


def upload(data: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle
