"""Helpers of the API tests."""

from auditlog.models import LogEntry

from fangzhi.accounts.models import User
from fangzhi.core.models import Notification, StoredFile
from fangzhi.org.models import CommitteePost, MembershipChange, SeatTerm, Unit
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
            for model in WORKS_MODELS
        },
        "files": StoredFile.objects.count(),
        "notifications": list(Notification.objects.order_by("pk").values("pk", "read_at")),
    }


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
