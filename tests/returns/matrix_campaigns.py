"""Page permission expectations for the returns pages; joined into tests/test_page_matrix.py.

GET: url name -> (kwargs builder taking the matrix world, {role: status}) for another
unit's records (unit_a's people act; unit_b's records are "other").
OWN: the same for the acting unit's own records. POST_ONLY: url names refused on GET.
The matrix world is ``world`` after ``make_works`` and ``tests.returns.data.make_returns``.
"""

from ..matrix import ADMIN_ONLY, ANY_ACCOUNT, OFFICE_ONLY, STAFF_AND_UNITS, statuses  # noqa: F401

GET: dict = {}
OWN: dict = {}
POST_ONLY: set = set()
