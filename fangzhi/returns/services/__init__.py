"""Services of the annual returns: campaigns, entries, sign-off and review, the yearbook
draft and the archive package. Pages, the API, commands and jobs all call these."""

from .campaigns import (
    campaign_close,
    campaign_next,
    campaign_open,
    campaign_units_set,
    campaign_update,
    contributing_units,
    mapping_remove,
    mapping_set,
)
from .draft import draft_generate, draft_start
from .entries import entry_save, entry_withdraw, table_upload
from .package import package_bytes, package_start
from .workflow import submission_accept, submission_return, submission_sign_off

__all__ = [
    "campaign_close",
    "campaign_next",
    "campaign_open",
    "campaign_units_set",
    "campaign_update",
    "contributing_units",
    "draft_generate",
    "draft_start",
    "entry_save",
    "entry_withdraw",
    "mapping_remove",
    "mapping_set",
    "package_bytes",
    "package_start",
    "submission_accept",
    "submission_return",
    "submission_sign_off",
    "table_upload",
]
