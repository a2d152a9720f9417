"""What waits for each person, gathered for the dashboard."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from fangzhi.accounts.roles import OFFICE_ROLES, UNIT_ROLES, Role, role_of
from fangzhi.core.models import Job


def vacancies(units: Any) -> list[dict[str, Any]]:
    """Active units that lack a current head or any current liaison.

    The gazetteer office itself is staffed by office accounts, not by unit seats."""
    rows = (
        units.active()
        .exclude(category="office")
        .annotate(
            heads=Count(
                "seat_terms", filter=Q(seat_terms__seat="head", seat_terms__end_on__isnull=True)
            ),
            liaisons=Count(
                "seat_terms", filter=Q(seat_terms__seat="liaison", seat_terms__end_on__isnull=True)
            ),
        )
        .filter(Q(heads=0) | Q(liaisons=0))
    )
    return [
        {"unit": unit, "no_head": unit.heads == 0, "no_liaison": unit.liaisons == 0}
        for unit in rows
    ]


def dashboard_for(user: Any) -> dict[str, Any]:
    from fangzhi.org.models import MembershipChange, Unit

    role = role_of(user)
    ctx: dict[str, Any] = {
        "role": role,
        "unit_count": None,
        "vacancies": None,
        "recent_changes": None,
        "recent_audit": None,
    }
    units = Unit.objects.visible_to(user)
    ctx["jobs"] = Job.objects.visible_to(user).filter(
        status__in=[Job.Status.QUEUED, Job.Status.RUNNING, Job.Status.FAILED]
    )[:10]
    if role in OFFICE_ROLES:
        ctx["unit_count"] = units.active().exclude(category="office").count()
        ctx["retired_count"] = units.filter(status=Unit.Status.RETIRED).count()
        ctx["vacancies"] = vacancies(units)
        ctx["recent_changes"] = MembershipChange.objects.visible_to(user).select_related("unit")[:8]
    if role == Role.OFFICE_ADMIN:
        from auditlog.models import LogEntry

        ctx["recent_audit"] = list(LogEntry.objects.select_related("actor", "content_type")[:8])
    if role in UNIT_ROLES:
        unit = units.first()
        ctx["unit"] = unit
        if unit is not None:
            ctx["current_terms"] = unit.current_terms()
            ctx["vacancies"] = vacancies(units)
    ctx.update(works_waiting_for(user, role))
    from fangzhi.returns.selectors import returns_waiting_for

    ctx.update(returns_waiting_for(user, role))
    return ctx


def works_waiting_for(user: Any, role: str) -> dict[str, Any]:
    """Compilation work waiting for the user: assignments and returns for a unit, the
    head's sign-offs, the office's reviews and overdue units, a reviewer's nodes."""
    from fangzhi.works import selectors as works
    from fangzhi.works.services import filing_due, overdue_filings

    ctx: dict[str, Any] = {}
    if role in UNIT_ROLES and user.unit_id:
        ctx["my_assignments"] = works.with_urls(works.unit_assignments(user.unit_id))
        ctx["my_returned"] = works.with_urls(works.unit_returned(user.unit_id))
        if role == Role.UNIT_HEAD:
            ctx["awaiting_sign_off"] = works.with_urls(works.awaiting_sign_off(user.unit_id))
    if role in OFFICE_ROLES:
        ctx["submitted_nodes"] = works.with_urls(works.submitted_for_review())
        ctx["overdue_units"] = works.overdue_by_unit()
        ctx["works_in_review"] = works.works_in_review()
        filings = overdue_filings()
        for work in filings:
            work.filing_due = filing_due(work)
        ctx["overdue_filings"] = filings
    if role == Role.REVIEWER:
        reviews = list(works.reviewer_nodes(user))
        for item in reviews:
            item.url = works.node_url(item.node_id)
        ctx["review_nodes"] = reviews
    return ctx
