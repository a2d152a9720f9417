"""Word files in and out, for manuscripts (文稿) and outlines (篇目). Pure Python, no Django.

Units send manuscripts as .docx from Word or WPS Office; the office sends back outlines
and finished manuscripts as .docx and .xlsx. Every uploaded file is checked before any
parser sees it (``checks.check_docx``).

Manuscript HTML is the one stored form of the text: ``reading.docx_to_html`` produces it
through mammoth, ``html.sanitise_html`` keeps the same small allow-list for text typed in
the browser, ``html.html_to_text`` derives the plain text that diffs and checks read, and
``writing.html_to_docx`` writes it back to Word. ``outline`` reads and writes outlines.
Callers import from the package: ``from fangzhi.works.docx_io import docx_to_html``.
"""

from fangzhi.text.cells import FORMULA_PREFIXES, safe_cell

from .checks import DEFAULT_MAX_BYTES, DOCX_CONTENT_TYPE, DocxError, check_docx
from .html import ALLOWED_TAGS, html_to_text, sanitise_html
from .outline import (
    LEVEL_LABELS,
    OUTLINE_DEPTH,
    OUTLINE_HEADER,
    XLSX_CONTENT_TYPE,
    outline_from_docx,
    outline_to_docx,
    outline_to_xlsx,
)
from .reading import HEADING_STYLE, STYLE_MAP, TITLE_STYLES, ImportResult, docx_to_html
from .writing import MISSING_IMAGE, NOTES_HEADING, html_to_docx

__all__ = [
    "ALLOWED_TAGS",
    "DEFAULT_MAX_BYTES",
    "DOCX_CONTENT_TYPE",
    "FORMULA_PREFIXES",
    "HEADING_STYLE",
    "LEVEL_LABELS",
    "MISSING_IMAGE",
    "NOTES_HEADING",
    "OUTLINE_DEPTH",
    "OUTLINE_HEADER",
    "STYLE_MAP",
    "TITLE_STYLES",
    "XLSX_CONTENT_TYPE",
    "DocxError",
    "ImportResult",
    "check_docx",
    "docx_to_html",
    "html_to_docx",
    "html_to_text",
    "outline_from_docx",
    "outline_to_docx",
    "outline_to_xlsx",
    "safe_cell",
    "sanitise_html",
]
