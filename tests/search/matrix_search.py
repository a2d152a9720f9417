"""Page permission expectations for the search pages; joined into tests/test_page_matrix.py.

Also the data the search surface tests share: imported texts through the service that
``fangzhi import-text`` calls (an internal one and a public one).
"""

from fangzhi.search import services
from fangzhi.works import services as works
from fangzhi.works.models import Work

from ..matrix import ANY_ACCOUNT, OFFICE_ONLY

INTERNAL_TEXT = "朝邑為縣起自西魏\n以據朝坂故名朝邑"
PUBLIC_TEXT = "巴縣在重慶府\n木洞鎮在巴縣東"


def imported(w, access):
    """An imported section of a work of its own (``access``: internal or public)."""
    key = f"imported_{access}"
    if not hasattr(w, key):
        office = getattr(w, "office_unit", None) or w.unit_a
        work = works.work_create(
            by=w.office_admin, kind=Work.Kind.DISTRICT, title=f"舊志{access}", compiler=office
        )
        text = PUBLIC_TEXT if access == "public" else INTERNAL_TEXT
        setattr(w, key, services.index_imported(work, "001.txt", text, access))
    return getattr(w, key)


GET: dict = {
    "search:search": (None, ANY_ACCOUNT),
    # An internal imported text: the office only (units and reviewers find what is
    # public, their own records and the nodes they read).
    "search:section": (lambda w: {"pk": imported(w, "internal").pk}, OFFICE_ONLY),
}
OWN: dict = {
    "search:section": (lambda w: {"pk": imported(w, "public").pk}, ANY_ACCOUNT),
}
POST_ONLY: set = set()
