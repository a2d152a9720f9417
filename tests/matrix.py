"""Building blocks of the page permission matrix (tests/test_page_matrix.py)."""

ROLES = ["office_admin", "office_editor", "unit_liaison", "unit_head", "reviewer", "public"]


def statuses(default, **overrides):
    """Expected status per role: ``default`` for every account, 302 (to sign in) for the
    public, unless overridden."""
    table = dict.fromkeys(ROLES, default)
    table["public"] = 302  # the public is sent to sign in
    table.update(overrides)
    return table


ADMIN_ONLY = statuses(403, office_admin=200)
OFFICE_ONLY = statuses(403, office_admin=200, office_editor=200)
ANY_ACCOUNT = statuses(200)
STAFF_AND_UNITS = statuses(200, reviewer=403)
OTHER_UNIT_READ = OFFICE_ONLY
