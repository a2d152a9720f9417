"""Chinese messages for the document layer's error codes (the layer itself is Django-free)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _


def docx_error_message(exc: Any) -> str:
    limit = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
    messages = {
        "not_docx": _(
            "This is not a Word document (.docx). Save it from Word or WPS as a .docx file "
            "and upload it again."
        ),
        "encrypted": _(
            "The document is protected by a password. Remove the password in Word or WPS "
            "and upload it again."
        ),
        "macros": _(
            "The document contains macros, which are not accepted. Save it as a plain .docx "
            "(without macros) and upload it again."
        ),
        "too_large": _("The file is larger than %(limit)d MB.") % {"limit": limit},
        "corrupt": _("The document is damaged and cannot be read. Nothing was stored."),
        "empty": _("The document contains no headings to make an outline from."),
    }
    return messages.get(getattr(exc, "code", ""), _("The document cannot be read."))
