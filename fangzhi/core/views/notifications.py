"""The signed-in person's notifications: unread first, marked read one by one or all."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import F
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from fangzhi.core.models import Notification
from fangzhi.core.notify import notification_read
from fangzhi.core.querysets import CHANGE

from .base import FangzhiListView, visible_object


class NotificationListView(FangzhiListView):
    model = Notification
    template_name = "core/notification_list.html"
    paginate_by = 20

    def get_queryset(self) -> Any:
        # visible_to gives each person only their own notifications.
        return (
            super()
            .get_queryset()
            .order_by(F("read_at").asc(nulls_first=True), "-created_at", "-id")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["unread_count"] = self.get_queryset().filter(read_at__isnull=True).count()
        return ctx


def _back(request: Any) -> Any:
    """Back to the page the button was on (a local address only), else the list."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("core:notification_list")


class NotificationReadView(LoginRequiredMixin, View):
    def post(self, request: Any, pk: int) -> Any:
        # Another person's notification answers 403, whether or not it exists.
        note = visible_object(Notification, request.user, pk, CHANGE)
        notification_read(by=request.user, notification=note)
        return _back(request)


class NotificationReadAllView(LoginRequiredMixin, View):
    def post(self, request: Any) -> Any:
        count = (
            Notification.objects.visible_to(request.user, CHANGE)
            .filter(read_at__isnull=True)
            .update(read_at=timezone.now())
        )
        messages.success(request, _("%(n)d notifications marked as read.") % {"n": count})
        return _back(request)
