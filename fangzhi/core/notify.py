"""Tell a person something, in the app and by e-mail, once per event.

``notify`` is idempotent on ``(recipient, event_key)``: the database refuses a second
row for the same event, so a reminder job that runs twice (or on two workers at once)
never tells anyone twice.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification


def notify(*, recipient: Any, event_key: str, title: str, body: str = "", url: str = "") -> bool:
    """Create the notification and e-mail it; ``False`` if this person already had it."""
    if recipient is None or not recipient.is_active:
        return False
    try:
        with transaction.atomic():
            note = Notification.objects.create(
                recipient=recipient,
                event_key=event_key[:200],
                title=str(title)[:200],
                body=str(body),
                url=url[:300],
            )
    except IntegrityError:
        return False
    if recipient.email:
        link = f"{settings.SITE_URL.rstrip('/')}{url}" if url else ""
        sent = send_mail(
            subject=f"[{settings.SITE_NAME}] {note.title}",
            message="\n\n".join(part for part in (note.body, link) if part),
            from_email=None,
            recipient_list=[recipient.email],
            fail_silently=True,
        )
        if sent:
            Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
    return True


def notification_read(*, by: Any, notification: Notification) -> Notification:
    if notification.recipient_id != getattr(by, "pk", None):
        from .errors import Forbidden

        raise Forbidden("")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
