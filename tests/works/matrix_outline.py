"""Page permission expectations for the works pages; joined into tests/test_page_matrix.py.

GET: url name -> (kwargs builder taking the matrix world, {role: status}) for another
unit's records (unit_a's people act; unit_b's records are "other").
OWN: the same for the acting unit's own records. POST_ONLY: url names refused on GET.
The matrix world is ``world`` after ``tests.works.data.make_works``.

Works, outline, progress and series application pages. The builders below add, once per
world, the records these pages need beyond ``make_works``: a work compiled by unit_a
itself and a series application (with a document) of each unit.
"""

from fangzhi.works import services
from fangzhi.works.models import Work

from ..matrix import ADMIN_ONLY, ANY_ACCOUNT, OFFICE_ONLY, statuses

UNITS_AND_ADMIN = statuses(403, office_admin=200, unit_liaison=200, unit_head=200)
STAFF_AND_UNITS = statuses(200, reviewer=403)


def own_work(w):
    """《区委办公室志》: a department gazetteer unit_a compiles itself."""
    if not hasattr(w, "own_work"):
        w.own_work = services.work_create(
            by=w.office_admin, kind=Work.Kind.DEPARTMENT, title="区委办公室志", compiler=w.unit_a
        )
    return w.own_work


def application(w, unit):
    """A draft application of ``unit`` (``"a"`` or ``"b"``) with one document."""
    key = f"application_{unit}"
    if not hasattr(w, key):
        person = w.unit_liaison if unit == "a" else w.liaison_b
        app = services.application_create(
            by=person,
            series="city_famous",
            title=f"申报{unit}",
            applicant=getattr(w, f"unit_{unit}"),
        )
        doc = services.application_document_add(
            by=person, application=app, title="申报书", file_name="申报书.pdf", data=b"%PDF-1.4 x"
        )
        setattr(w, key, app)
        setattr(w, f"document_{unit}", doc)
    return getattr(w, key)


def document(w, unit):
    application(w, unit)
    return getattr(w, f"document_{unit}")


def pk(obj_of):
    return lambda w: {"pk": obj_of(w).pk}


GET: dict = {
    "works:work_create": (None, UNITS_AND_ADMIN),
    "works:work_detail": (pk(lambda w: w.town_work), OFFICE_ONLY),
    "works:work_edit": (pk(lambda w: w.town_work), OFFICE_ONLY),
    "works:work_lower_limit_change": (pk(lambda w: w.district), ADMIN_ONLY),
    "works:yearbook_next": (pk(lambda w: w.yearbook), ADMIN_ONLY),
    "works:progress": (None, STAFF_AND_UNITS),
    "works:work_progress": (pk(lambda w: w.town_work), OFFICE_ONLY),
    "works:outline": (pk(lambda w: w.town_work), OFFICE_ONLY),
    "works:outline_node_add": (pk(lambda w: w.town_work), OFFICE_ONLY),
    "works:outline_import": (pk(lambda w: w.town_work), OFFICE_ONLY),
    "works:outline_export_docx": (pk(lambda w: w.town_work), OFFICE_ONLY),
    "works:outline_export_xlsx": (pk(lambda w: w.town_work), OFFICE_ONLY),
    "works:outline_node_edit": (pk(lambda w: w.node_b), OFFICE_ONLY),
    "works:outline_node_assign": (pk(lambda w: w.node_b), OFFICE_ONLY),
    "works:outline_reviewer": (pk(lambda w: w.node_b), OFFICE_ONLY),
    "works:outline_node_withdraw": (pk(lambda w: w.node_b), OFFICE_ONLY),
    "works:application_list": (None, STAFF_AND_UNITS),
    "works:application_create": (None, UNITS_AND_ADMIN),
    "works:application_detail": (pk(lambda w: application(w, "b")), OFFICE_ONLY),
    "works:application_edit": (pk(lambda w: application(w, "b")), ADMIN_ONLY),
    "works:application_decide": (pk(lambda w: application(w, "b")), ADMIN_ONLY),
    "works:application_document_add": (pk(lambda w: application(w, "b")), ADMIN_ONLY),
    "works:application_document": (pk(lambda w: document(w, "b")), OFFICE_ONLY),
}
OWN: dict = {
    # The yearbook: unit_a has a node in it, the reviewer is asked to read that node.
    "works:work_detail": (pk(lambda w: w.yearbook), ANY_ACCOUNT),
    "works:outline": (pk(lambda w: w.yearbook), ANY_ACCOUNT),
    "works:outline_export_docx": (pk(lambda w: w.yearbook), ANY_ACCOUNT),
    "works:outline_export_xlsx": (pk(lambda w: w.yearbook), ANY_ACCOUNT),
    "works:work_progress": (pk(lambda w: w.yearbook), STAFF_AND_UNITS),
    # unit_a sees its node in the office's yearbook but does not run that outline.
    "works:outline_node_edit": (pk(lambda w: w.node_a), OFFICE_ONLY),
    "works:outline_node_add": (pk(lambda w: w.yearbook), OFFICE_ONLY),
    # A work unit_a compiles itself: its people run it.
    "works:work_edit": (pk(own_work), STAFF_AND_UNITS),
    "works:outline_import": (pk(own_work), STAFF_AND_UNITS),
    "works:application_detail": (pk(lambda w: application(w, "a")), STAFF_AND_UNITS),
    "works:application_edit": (pk(lambda w: application(w, "a")), UNITS_AND_ADMIN),
    "works:application_decide": (pk(lambda w: application(w, "a")), ADMIN_ONLY),
    "works:application_document_add": (pk(lambda w: application(w, "a")), UNITS_AND_ADMIN),
    "works:application_document": (pk(lambda w: document(w, "a")), STAFF_AND_UNITS),
}
POST_ONLY: set = {
    "works:work_lower_limit_fix",
    "works:outline_node_move",
    "works:outline_node_shift",
    "works:outline_node_restore",
    "works:outline_reviewer_end",
    "works:application_status",
}
