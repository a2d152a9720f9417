"""The notifications page: each person sees and marks only their own."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fangzhi.core.models import Notification
from fangzhi.core.notify import notify

from ..a11y import assert_accessible

LIST = reverse("core:notification_list")


def note(person, key, title, *, read=False, url="/works/"):
    notify(recipient=person, event_key=key, title=title, body=f"{title}的说明", url=url)
    row = Notification.objects.get(recipient=person, event_key=key)
    if read:
        row.read_at = timezone.now()
        row.save(update_fields=["read_at"])
    return row


@pytest.fixture
def notes(world):
    return {
        "old_unread": note(world.unit_liaison, "e1", "截止日期将到：概述"),
        "read": note(world.unit_liaison, "e2", "已读的通知", read=True),
        "new_unread": note(world.unit_liaison, "e3", "截止日期已过：大事记"),
        "theirs": note(world.liaison_b, "e1", "鱼洞街道的通知"),
    }


@pytest.mark.django_db
def test_the_page_shows_only_ones_own_unread_first(world, notes, client_for):
    response = client_for("unit_liaison").get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert_accessible(html, url=LIST)
    assert "鱼洞街道的通知" not in html
    titles = [n.title for n in response.context["object_list"]]
    assert titles == ["截止日期已过：大事记", "截止日期将到：概述", "已读的通知"]
    assert response.context["unread_count"] == 2
    assert 'id="unread-badge"' in html
    assert html.count(reverse("core:notification_read", args=[notes["new_unread"].pk])) == 1
    # A read notification offers no "mark as read" button.
    assert reverse("core:notification_read", args=[notes["read"].pk]) not in html


@pytest.mark.django_db
def test_mark_one_read(world, notes, client_for):
    client = client_for("unit_liaison")
    target = notes["old_unread"]
    url = reverse("core:notification_read", args=[target.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"next": f"{LIST}?page=1"})
    assert response.status_code == 302 and response.url == f"{LIST}?page=1"
    target.refresh_from_db()
    assert target.read_at is not None
    notes["new_unread"].refresh_from_db()
    assert notes["new_unread"].read_at is None
    page = client.get(LIST)
    assert page.context["unread_count"] == 1
    assert page.context["unread_notifications"] == 1


@pytest.mark.django_db
def test_an_outside_next_address_is_not_followed(world, notes, client_for):
    url = reverse("core:notification_read", args=[notes["old_unread"].pk])
    response = client_for("unit_liaison").post(url, {"next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == LIST


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["unit_liaison", "office_admin", "office_editor", "reviewer"])
def test_another_persons_notification_is_refused_and_unchanged(world, notes, client_for, role):
    client = client_for(role)
    theirs = notes["theirs"]
    response = client.post(reverse("core:notification_read", args=[theirs.pk]))
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.read_at is None
    # A number that does not exist looks the same.
    assert client.post(reverse("core:notification_read", args=[99999])).status_code == 403


@pytest.mark.django_db
def test_mark_all_read_touches_only_ones_own(world, notes, client_for):
    client = client_for("unit_liaison")
    response = client.post(reverse("core:notification_read_all"))
    assert response.status_code == 302
    assert not world.unit_liaison.notifications.filter(read_at__isnull=True).exists()
    notes["theirs"].refresh_from_db()
    assert notes["theirs"].read_at is None
    html = client.get(LIST).content.decode()
    assert 'id="unread-badge"' not in html
    assert "2" in html  # the message: 2 marked as read


@pytest.mark.django_db
def test_the_public_is_sent_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    response = client.post(reverse("core:notification_read_all"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.django_db
def test_paging(world, client_for):
    base = timezone.now()
    for i in range(45):
        note(world.unit_head, f"k{i}", f"通知{i:02d}")
    Notification.objects.filter(recipient=world.unit_head, event_key="k0").update(
        created_at=base - dt.timedelta(days=1)
    )
    client = client_for("unit_head")
    first = client.get(LIST)
    assert len(first.context["object_list"]) == 20
    assert first.context["paginator"].num_pages == 3
    last = client.get(LIST, {"page": 3})
    titles = [n.title for n in last.context["object_list"]]
    assert len(titles) == 5 and titles[-1] == "通知00"  # the oldest comes last


@pytest.mark.django_db
def test_the_header_badge_counts_unread_on_every_page(world, notes, client_for):
    html = client_for("unit_liaison").get(reverse("core:dashboard")).content.decode()
    assert 'id="unread-badge"' in html and LIST in html
    badge = html.split('id="unread-badge">', 1)[1].split("<", 1)[0]
    assert "2" in badge
    other = client_for("unit_head").get(reverse("core:dashboard")).content.decode()
    assert 'id="unread-badge"' not in other and LIST in other
