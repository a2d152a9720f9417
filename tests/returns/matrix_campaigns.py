"""Page permission expectations for the returns pages; joined into tests/test_page_matrix.py.

GET: url name -> (kwargs builder taking the matrix world, {role: status}) for another
unit's records (unit_a's people act; unit_b's records are "other").
OWN: the same for the acting unit's own records. POST_ONLY: url names refused on GET.
The matrix world is ``world`` after ``make_works`` and ``tests.returns.data.make_returns``.

Campaign pages. ``world.campaign`` (2025) has unit_a and unit_b reporting: it is unit_a's
"own" campaign. The "other" campaign (2024, only unit_b reports) is made here, once per
world. The board and the mapping are the office's; changes are the office admin's.
"""

import datetime as dt

from fangzhi.returns import services

from ..matrix import ADMIN_ONLY, ANY_ACCOUNT, OFFICE_ONLY, STAFF_AND_UNITS, statuses  # noqa: F401


def other_campaign(w):
    """The 2024 returns, in which only unit_b reports (no yearbook)."""
    if not hasattr(w, "other_campaign"):
        w.other_campaign = services.campaign_open(
            by=w.office_admin, year=2024, due_on=dt.date(2025, 2, 28), units=[w.unit_b]
        )
    return w.other_campaign


def pk(obj_of):
    return lambda w: {"pk": obj_of(w).pk}


own = pk(lambda w: w.campaign)
other = pk(other_campaign)

GET: dict = {
    "returns:campaign_open": (None, ADMIN_ONLY),
    "returns:campaign_detail": (other, OFFICE_ONLY),
    "returns:campaign_edit": (other, ADMIN_ONLY),
    "returns:campaign_next": (other, ADMIN_ONLY),
    "returns:board": (other, OFFICE_ONLY),
    "returns:board_export": (other, OFFICE_ONLY),
    "returns:mapping": (other, OFFICE_ONLY),
}
OWN: dict = {
    "returns:campaign_detail": (own, STAFF_AND_UNITS),
    "returns:campaign_edit": (own, ADMIN_ONLY),
    "returns:campaign_next": (own, ADMIN_ONLY),
    # units follow their own progress on their returns page, not on the office's board
    "returns:board": (own, OFFICE_ONLY),
    "returns:board_export": (own, OFFICE_ONLY),
    "returns:mapping": (own, OFFICE_ONLY),
}
POST_ONLY: set = {"returns:campaign_close", "returns:mapping_remove", "returns:draft_start"}
