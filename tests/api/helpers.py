"""Helpers of the API tests."""

from auditlog.models import LogEntry

from fangzhi.accounts.models import User
from fangzhi.org.models import CommitteePost, MembershipChange, SeatTerm, Unit


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
    }


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
