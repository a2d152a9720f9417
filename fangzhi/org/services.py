"""Services that change the committee, its member units and their seats.

Each one checks who acts, enforces the rules of the work, writes in one transaction and
is attributed in the audit trail. Pages, the API, commands and jobs all call these.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fangzhi.accounts.models import User
from fangzhi.accounts.roles import Role, role_of
from fangzhi.audit.context import acting
from fangzhi.core.errors import Forbidden, ServiceError

from .models import Committee, CommitteePost, MembershipChange, SeatTerm, Unit

NAME_MAX = 100
SEAT_ROLE = {SeatTerm.Seat.HEAD: Role.UNIT_HEAD, SeatTerm.Seat.LIAISON: Role.UNIT_LIAISON}


# --- permissions ------------------------------------------------------------------------------


def can_manage_membership(user: Any) -> bool:
    """Adding, retiring and reinstating member units is the committee's, via the office."""
    return role_of(user) == Role.OFFICE_ADMIN


def can_manage_seats(user: Any, unit: Unit) -> bool:
    """The office admin, or the unit's own people (自行替补)."""
    role = role_of(user)
    if role == Role.OFFICE_ADMIN:
        return True
    return role in (Role.UNIT_HEAD, Role.UNIT_LIAISON) and user.unit_id == unit.pk


def can_edit_unit_contact(user: Any, unit: Unit) -> bool:
    return can_manage_seats(user, unit)


def _require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden(_("You do not have permission to do this."))


# --- validation helpers -----------------------------------------------------------------------


def _clean_name(value: str, *, field: str, label: str, max_length: int = NAME_MAX) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(_("%(label)s may not be empty.") % {"label": label}, field=field)
    if len(value) > max_length:
        raise ServiceError(
            _("%(label)s may be at most %(max)d characters.") % {"label": label, "max": max_length},
            field=field,
        )
    if any(ord(c) < 32 for c in value):
        raise ServiceError(
            _("%(label)s contains control characters.") % {"label": label}, field=field
        )
    return value


def _clean_optional(value: str, *, field: str, label: str, max_length: int) -> str:
    """An optional text: stripped, refused (not cut) when too long or with control characters."""
    value = (value or "").strip()
    if not value:
        return ""
    return _clean_name(value, field=field, label=label, max_length=max_length)


def _clean_document(value: str) -> str:
    return _clean_name(value, field="document_number", label=_("Decision document"))


def _today() -> dt.date:
    return timezone.localdate()


# --- committee --------------------------------------------------------------------------------


def committee_get() -> Committee:
    committee = Committee.objects.order_by("pk").first()
    if committee is None:
        raise ServiceError(_("The compilation committee has not been set up."), code="no_committee")
    return committee


def committee_post_assign(
    *,
    by: Any,
    committee: Committee,
    post: str,
    person_name: str,
    position: str = "",
    start_on: dt.date,
    document_number: str = "",
) -> CommitteePost:
    """Name who holds a committee post from ``start_on``; a new chair ends the old chair's term."""
    _require(can_manage_membership(by))
    if post not in CommitteePost.Post.values:
        raise ServiceError(_("Unknown committee post."), field="post")
    person_name = _clean_name(person_name, field="person_name", label=_("Name"), max_length=64)
    with acting(by), transaction.atomic():
        if post == CommitteePost.Post.CHAIR:
            for old in committee.posts.select_for_update().filter(post=post, end_on__isnull=True):
                if start_on < old.start_on:
                    raise ServiceError(
                        _("The new term cannot start before the current holder's term."),
                        field="start_on",
                    )
                old.end_on = start_on
                old.save(update_fields=["end_on"])
        return CommitteePost.objects.create(
            committee=committee,
            post=post,
            person_name=person_name,
            position=_clean_optional(
                position, field="position", label=_("Position"), max_length=100
            ),
            start_on=start_on,
            document_number=_clean_optional(
                document_number,
                field="document_number",
                label=_("Decision document"),
                max_length=100,
            ),
        )


def committee_post_end(*, by: Any, post: CommitteePost, end_on: dt.date) -> CommitteePost:
    _require(can_manage_membership(by))
    if post.end_on is not None:
        raise ServiceError(_("This term has already ended."))
    if end_on < post.start_on:
        raise ServiceError(_("The end date cannot be before the start date."), field="end_on")
    with acting(by), transaction.atomic():
        post.end_on = end_on
        post.save(update_fields=["end_on"])
    return post


# --- member units -----------------------------------------------------------------------------


def unit_add(
    *,
    by: Any,
    name: str,
    category: str,
    joined_on: dt.date,
    document_number: str,
    short_name: str = "",
    address: str = "",
    phone: str = "",
    reason: str = "",
    committee: Committee | None = None,
) -> Unit:
    """The committee adds a member unit, by a decision with its 文号."""
    _require(can_manage_membership(by))
    name = _clean_name(name, field="name", label=_("Unit name"))
    document_number = _clean_document(document_number)
    if category not in Unit.Category.values:
        raise ServiceError(_("Unknown unit category."), field="category")
    if Unit.objects.filter(name=name).exists():
        raise ServiceError(_("A unit with this name already exists."), field="name")
    committee = committee or committee_get()
    with acting(by), transaction.atomic():
        last = Unit.objects.order_by("-sort_order").values_list("sort_order", flat=True).first()
        unit = Unit.objects.create(
            committee=committee,
            name=name,
            short_name=_clean_optional(
                short_name, field="short_name", label=_("Short name"), max_length=50
            ),
            category=category,
            joined_on=joined_on,
            address=_clean_optional(address, field="address", label=_("Address"), max_length=200),
            phone=_clean_optional(phone, field="phone", label=_("Phone"), max_length=32),
            sort_order=(last or 0) + 1,
        )
        MembershipChange.objects.create(
            unit=unit,
            action=MembershipChange.Action.JOIN,
            effective_on=joined_on,
            document_number=document_number,
            reason=reason.strip(),
            recorded_by=by if getattr(by, "pk", None) else None,
        )
    return unit


def unit_update(*, by: Any, unit: Unit, **fields: Any) -> Unit:
    """Change a unit's description. Unit people may change only its contact details."""
    office = can_manage_membership(by)
    contact_only = {"address", "phone"}
    allowed = {"name", "short_name", "category", "address", "phone", "sort_order"}
    if not office:
        _require(can_edit_unit_contact(by, unit))
        allowed = contact_only
    unknown = set(fields) - allowed
    if unknown:
        raise Forbidden(_("You may not change these fields: %s") % ", ".join(sorted(unknown)))
    if "name" in fields:
        fields["name"] = _clean_name(fields["name"], field="name", label=_("Unit name"))
        if Unit.objects.filter(name=fields["name"]).exclude(pk=unit.pk).exists():
            raise ServiceError(_("A unit with this name already exists."), field="name")
    if "category" in fields and fields["category"] not in Unit.Category.values:
        raise ServiceError(_("Unknown unit category."), field="category")
    for key, limit in (("short_name", 50), ("address", 200), ("phone", 32)):
        if key in fields and len(fields[key] or "") > limit:
            raise ServiceError(
                _("%(label)s may be at most %(max)d characters.")
                % {"label": Unit._meta.get_field(key).verbose_name, "max": limit},
                field=key,
            )
    with acting(by), transaction.atomic():
        for key, value in fields.items():
            setattr(unit, key, value)
        unit.save()
    return unit


def unit_retire(
    *, by: Any, unit: Unit, retired_on: dt.date, document_number: str, reason: str = ""
) -> Unit:
    """The committee retires a unit: it stays on record, its open seats end that day."""
    _require(can_manage_membership(by))
    document_number = _clean_document(document_number)
    if not unit.is_active:
        raise ServiceError(_("This unit has already been retired."))
    if retired_on < unit.joined_on:
        raise ServiceError(_("A unit cannot retire before it joined."), field="retired_on")
    with acting(by), transaction.atomic():
        for term in unit.seat_terms.select_for_update().filter(end_on__isnull=True):
            term.end_on = max(retired_on, term.start_on)
            term.end_reason = _("Unit retired from the committee")
            term.save(update_fields=["end_on", "end_reason"])
        unit.status = Unit.Status.RETIRED
        unit.retired_on = retired_on
        unit.save(update_fields=["status", "retired_on"])
        MembershipChange.objects.create(
            unit=unit,
            action=MembershipChange.Action.RETIRE,
            effective_on=retired_on,
            document_number=document_number,
            reason=reason.strip(),
            recorded_by=by,
        )
    return unit


def unit_reinstate(
    *, by: Any, unit: Unit, effective_on: dt.date, document_number: str, reason: str = ""
) -> Unit:
    _require(can_manage_membership(by))
    document_number = _clean_document(document_number)
    if unit.is_active:
        raise ServiceError(_("This unit is already a member."))
    if unit.retired_on and effective_on < unit.retired_on:
        raise ServiceError(
            _("A unit cannot be reinstated before it was retired."), field="effective_on"
        )
    with acting(by), transaction.atomic():
        unit.status = Unit.Status.ACTIVE
        unit.retired_on = None
        unit.save(update_fields=["status", "retired_on"])
        MembershipChange.objects.create(
            unit=unit,
            action=MembershipChange.Action.REINSTATE,
            effective_on=effective_on,
            document_number=document_number,
            reason=reason.strip(),
            recorded_by=by,
        )
    return unit


# --- seats ------------------------------------------------------------------------------------


def _check_holder(unit: Unit, seat: str, holder: User) -> None:
    if holder.unit_id != unit.pk:
        raise ServiceError(_("The person must belong to this unit."), field="holder")
    if not holder.is_active:
        raise ServiceError(_("This person's account is disabled."), field="holder")
    if holder.role != SEAT_ROLE[seat]:
        raise ServiceError(
            _("A %(seat)s seat must be held by a person with the role %(role)s.")
            % {"seat": SeatTerm.Seat(seat).label, "role": Role(SEAT_ROLE[seat]).label},
            field="holder",
        )


def _check_seat_open(unit: Unit, seat: str, start_on: dt.date) -> None:
    if not unit.is_active:
        raise ServiceError(_("A retired unit cannot be given new seat holders."), code="retired")
    if seat not in SeatTerm.Seat.values:
        raise ServiceError(_("Unknown seat."), field="seat")
    if start_on < unit.joined_on:
        raise ServiceError(
            _("A term cannot start before the unit joined the committee."), field="start_on"
        )


def seat_appoint(
    *, by: Any, unit: Unit, seat: str, holder: User, start_on: dt.date | None = None
) -> SeatTerm:
    """Give a vacant seat a holder. A unit has at most one current head."""
    _require(can_manage_seats(by, unit))
    start_on = start_on or _today()
    _check_seat_open(unit, seat, start_on)
    _check_holder(unit, seat, holder)
    if (
        seat == SeatTerm.Seat.HEAD
        and unit.seat_terms.filter(seat=seat, end_on__isnull=True).exists()
    ):
        raise ServiceError(
            _("This unit already has a current head; replace the head instead."),
            code="second_head",
        )
    if unit.seat_terms.filter(seat=seat, holder=holder, end_on__isnull=True).exists():
        raise ServiceError(_("This person already holds this seat."), field="holder")
    try:
        with acting(by), transaction.atomic():
            return SeatTerm.objects.create(
                unit=unit, seat=seat, holder=holder, start_on=start_on, appointed_by=by
            )
    except IntegrityError as exc:  # a concurrent appointment won the race
        raise ServiceError(_("The seat was changed meanwhile; reload and try again.")) from exc


def seat_end(
    *, by: Any, term: SeatTerm, end_on: dt.date | None = None, reason: str = ""
) -> SeatTerm:
    """A holder leaves the seat; the term stays in the history."""
    _require(can_manage_seats(by, term.unit))
    end_on = end_on or _today()
    if term.end_on is not None:
        raise ServiceError(_("This term has already ended."))
    if end_on < term.start_on:
        raise ServiceError(_("The end date cannot be before the start date."), field="end_on")
    with acting(by), transaction.atomic():
        term.end_on = end_on
        term.end_reason = _clean_optional(reason, field="reason", label=_("Reason"), max_length=200)
        term.save(update_fields=["end_on", "end_reason"])
    return term


def seat_replace(
    *,
    by: Any,
    term: SeatTerm,
    new_holder: User,
    on: dt.date | None = None,
    reason: str = "",
    disable_leaver: bool = True,
) -> SeatTerm:
    """The unit names a replacement itself (自行替补): the old term ends the day the new one starts.

    When ``disable_leaver`` is set and the leaver holds no other seat, their account is
    disabled (never deleted) so that they no longer act for the unit.
    """
    unit = term.unit
    _require(can_manage_seats(by, unit))
    on = on or _today()
    if term.end_on is not None:
        raise ServiceError(_("This term has already ended."))
    if on < term.start_on:
        raise ServiceError(
            _("The replacement cannot start before the current term started."), field="on"
        )
    _check_seat_open(unit, term.seat, on)
    if new_holder.pk == term.holder_id:
        raise ServiceError(_("The replacement must be a different person."), field="holder")
    _check_holder(unit, term.seat, new_holder)
    try:
        with acting(by), transaction.atomic():
            locked = SeatTerm.objects.select_for_update().get(pk=term.pk)
            if locked.end_on is not None:
                raise ServiceError(_("The seat was changed meanwhile; reload and try again."))
            locked.end_on = on
            locked.end_reason = _clean_optional(
                reason, field="reason", label=_("Reason"), max_length=200
            ) or _("Replaced")
            locked.save(update_fields=["end_on", "end_reason"])
            new_term = SeatTerm.objects.create(
                unit=unit,
                seat=term.seat,
                holder=new_holder,
                start_on=on,
                replaces=locked,
                appointed_by=by,
            )
            leaver = locked.holder
            if (
                disable_leaver
                and leaver.pk != getattr(by, "pk", None)
                and not leaver.seat_terms.filter(end_on__isnull=True).exists()
            ):
                leaver.is_active = False
                leaver.save(update_fields=["is_active"])
    except IntegrityError as exc:
        raise ServiceError(_("The seat was changed meanwhile; reload and try again.")) from exc
    term.refresh_from_db()
    return new_term


def seat_replace_with_new_person(
    *,
    by: Any,
    term: SeatTerm,
    full_name: str,
    username: str,
    phone: str = "",
    email: str = "",
    on: dt.date | None = None,
    reason: str = "",
    disable_leaver: bool = True,
) -> tuple[SeatTerm, User, str]:
    """Create the successor's account and hand them the seat, both or neither.

    Returns the new term, the new person and their temporary password (shown once).
    """
    from fangzhi.accounts.services import person_create

    _require(can_manage_seats(by, term.unit))
    with transaction.atomic():
        person, password = person_create(
            by=by,
            username=username,
            full_name=full_name,
            role=SEAT_ROLE[term.seat],
            unit=term.unit,
            phone=phone,
            email=email,
        )
        new_term = seat_replace(
            by=by,
            term=term,
            new_holder=person,
            on=on,
            reason=reason,
            disable_leaver=disable_leaver,
        )
    return new_term, person, password
