"""The navigation, built from the user's role so nobody is shown a door they can't open."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fangzhi.accounts.roles import OFFICE_ROLES, UNIT_ROLES, Role, role_of

# (url name, label, roles that see it)
NAV = [
    ("core:dashboard", _("Dashboard"), None),
    ("works:work_list", _("Works"), None),
    ("search:search", _("Search"), None),
    ("returns:campaign_list", _("Annual returns"), OFFICE_ROLES | UNIT_ROLES),
    ("org:committee", _("Committee"), OFFICE_ROLES | UNIT_ROLES),
    ("org:unit_list", _("Member units"), OFFICE_ROLES | UNIT_ROLES),
    ("accounts:person_list", _("People"), OFFICE_ROLES | UNIT_ROLES),
    ("audit:log", _("Audit trail"), {Role.OFFICE_ADMIN}),
    ("core:job_list", _("Jobs"), None),
    ("api-docs", _("API"), OFFICE_ROLES),
]


def navigation(request: Any) -> dict[str, Any]:
    user = getattr(request, "user", None)
    role = role_of(user)
    if role == "public":
        return {"nav_items": []}
    path = request.path
    items = []
    for name, label, roles in NAV:
        if roles is not None and role not in roles:
            continue
        url = reverse(name)
        active = path == url if url == "/" else path.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return {"nav_items": items, "unread_notifications": unread_notifications(user)}


def unread_notifications(user: Any) -> int:
    """The header's badge: how many of the person's own notifications are unread."""
    from fangzhi.core.models import Notification

    return Notification.objects.visible_to(user).filter(read_at__isnull=True).count()
