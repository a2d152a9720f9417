"""Page permission expectations for the quality pages; joined into tests/test_page_matrix.py.

GET: url name -> (kwargs builder taking the matrix world, {role: status}) for another
unit's records; OWN: the acting unit's own records; POST_ONLY: url names refused on GET.
"Other" is the town gazetteer unit_b compiles; "own" is the yearbook unit_a writes for
(the reviewer reads node_a of it). The checker lists are the office's.
"""

from fangzhi.quality import services

from ..matrix import OFFICE_ONLY, statuses


def term(w):
    if not hasattr(w, "checker_term"):
        w.checker_term = services.term_add(
            by=w.office_admin, kind="place_name", term="巴南区", other="巴县", valid_from=1994
        )
    return {"pk": w.checker_term.pk}


GET: dict = {
    "quality:work_trend": (lambda w: {"pk": w.town_work.pk}, OFFICE_ONLY),
    "quality:terms": (None, OFFICE_ONLY),
    "quality:term_add": (None, OFFICE_ONLY),
    "quality:term_edit": (term, OFFICE_ONLY),
    "quality:terms_export": (None, OFFICE_ONLY),
}
OWN: dict = {
    "quality:work_trend": (lambda w: {"pk": w.yearbook.pk}, statuses(200)),
}
POST_ONLY: set = {
    "quality:mark_dismiss",
    "quality:dismissal_withdraw",
    "quality:version_check",
    "quality:term_deactivate",
    "quality:terms_import",
}
