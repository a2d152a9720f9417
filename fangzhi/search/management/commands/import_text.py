"""``fangzhi import-text DIR --work TITLE [--kind KIND] [--access public] [--as USERNAME]``.

Imports a folder of .txt files as a work whose sections are the files, in name order, and
indexes each section for search. (Django command names cannot contain "-": the module is
``import_text`` and ``fangzhi/manage.py`` maps ``import-text`` to it.)

- **Encodings**: UTF-8 with or without a BOM, GB18030 or Big5, detected over the whole file
  as ``fangzhi check`` does (``fangzhi.quality.textfile``); undecodable or binary files are
  refused by name.
- **Kanripo (mandoku) files** (the format of ``../shared/corpus``): ``#`` lines are
  metadata (the section's title comes from ``#+PROPERTY: JUAN`` or ``#+TITLE:``); ``¶`` and
  the newlines of the printed columns are removed into running text, and the indentation
  of the print with them; a paragraph ends after a column shorter than the page's column
  width (the commonest column length in the file, small-print notes counted at two
  characters a cell); ``<pb:…>`` page markers are taken out of the text and kept as
  ``(offset, label)`` pairs in the section's metadata, so that a citation can name the page.
  Other files keep their lines as paragraphs.
- **The work**: a work of ``--kind`` (default ``district``: an old county gazetteer
  is a district gazetteer of its time) compiled by the gazetteer office (the unit of
  category ``office``; created through the org services if there is none), one outline
  node per file. Importing again is idempotent per (work title, file name): a file already
  imported is re-indexed with its current text, never duplicated.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from fangzhi.quality.textfile import TextFileError, open_text

PAGE_MARKER = re.compile(r"<pb:([^>]*)>")
NOTE = re.compile(r"\(([^()]*)\)")
INDENT = "\u3000"  # the print's indentation (full-width space)
LINE_END = "¶"


@dataclass
class ParsedText:
    """A file read into running text: its paragraphs joined by ``\\n``, its metadata."""

    text: str
    title: str = ""
    work_title: str = ""
    pages: list[tuple[int, str]] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)


def is_kanripo(raw: str) -> bool:
    head = raw.lstrip("\ufeff")[:200]
    return head.startswith("# -*- mode: mandoku") or "#+TITLE:" in head or f"{LINE_END}\n" in raw


def _cells(line: str) -> int:
    """How many cells of the printed column a line fills: a small-print note puts two
    characters in a cell (its ``/`` marks where the first small column ends)."""
    notes = NOTE.findall(line)
    body = NOTE.sub("", line)
    small = sum(len(n.replace("/", "")) for n in notes)
    return len(body) + (small + 1) // 2


def _column_width(lines: list[str]) -> int:
    lengths = Counter(_cells(line) for line in lines if _cells(line) >= 10)
    if not lengths:
        return max((_cells(line) for line in lines), default=0) or 1
    return lengths.most_common(1)[0][0]


def parse_kanripo(raw: str) -> ParsedText:
    """Running text, paragraphs and page labels of one Kanripo file."""
    metadata: dict[str, str] = {}
    # (kind, value): ("page", label) or ("line", text without ¶)
    items: list[tuple[str, str]] = []
    for line in raw.lstrip("\ufeff").splitlines():
        if line.startswith("#"):
            if line.startswith("#+TITLE:"):
                metadata.setdefault("title", line[len("#+TITLE:") :].strip())
            elif line.startswith("#+PROPERTY:"):
                parts = line[len("#+PROPERTY:") :].split(None, 1)
                if len(parts) == 2:
                    metadata.setdefault(parts[0].lower(), parts[1].strip())
            continue
        line = line.replace(LINE_END, "").rstrip()
        pos = 0
        for match in PAGE_MARKER.finditer(line):
            if match.start() > pos:
                items.append(("line", line[pos : match.start()]))
            items.append(("page", match.group(1)))
            pos = match.end()
        if line[pos:] or pos == 0:
            items.append(("line", line[pos:]))
    width = _column_width([v for k, v in items if k == "line" and v.strip()])

    paragraphs: list[str] = []
    current: list[str] = []
    length = 0  # characters of the text so far (paragraphs joined by "\n")
    pages: list[tuple[int, str]] = []

    def close() -> None:
        nonlocal current, length
        if current:
            paragraph = "".join(current)
            length += len(paragraph) + (1 if paragraphs else 0)
            paragraphs.append(paragraph)
            current = []

    for kind, value in items:
        if kind == "page":
            # The page begins where the next character of the text will be.
            at = length + (1 if paragraphs else 0) + sum(len(c) for c in current)
            pages.append((at, value))
            continue
        stripped = value.lstrip(INDENT + " ")
        if stripped:
            current.append(stripped)
        if not stripped or _cells(value) < width:
            close()
    close()
    text = "\n".join(paragraphs)
    pages = [(min(at, len(text)), label) for at, label in pages]
    return ParsedText(
        text=text,
        title=metadata.get("juan", "") or metadata.get("title", ""),
        work_title=metadata.get("title", ""),
        pages=pages,
        metadata=metadata,
    )


def parse_plain(raw: str) -> ParsedText:
    """A plain text: its non-empty lines are its paragraphs."""
    lines = [line.rstrip() for line in raw.lstrip("\ufeff").splitlines()]
    return ParsedText(text="\n".join(line for line in lines if line.strip()))


def parse_text(raw: str) -> ParsedText:
    return parse_kanripo(raw) if is_kanripo(raw) else parse_plain(raw)


def read_text_file(path: Path) -> tuple[str, str]:
    """The file's text and its detected encoding; ``TextFileError`` if it is not text."""
    reader, encoding = open_text(path)
    with reader:
        return reader.read(), encoding


# --- the command ----------------------------------------------------------------------


def acting_user(username: str | None) -> Any:
    """The person the import is recorded under: ``--as``, or the first office admin."""
    from fangzhi.accounts.models import User
    from fangzhi.accounts.roles import Role

    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("There is no active account %(name)s.") % {"name": username})
        return user
    user = User.objects.filter(role=Role.OFFICE_ADMIN, is_active=True).order_by("pk").first()
    if user is None:
        raise CommandError(_("There is no office administrator; name the account with --as."))
    return user


def office_unit(by: Any) -> Any:
    """The gazetteer office (the unit of category ``office``), created if missing."""
    from django.utils import timezone

    from fangzhi.org import services as org
    from fangzhi.org.models import Unit

    unit = Unit.objects.filter(category=Unit.Category.OFFICE).order_by("pk").first()
    if unit is not None:
        return unit
    return org.unit_add(
        by=by,
        name=_("Local gazetteer office"),
        category=Unit.Category.OFFICE,
        joined_on=timezone.localdate(),
        document_number="fangzhi import-text",
        reason=_("Created to compile imported texts."),
    )


def source_note(file_name: str) -> str:
    """The note that ties an outline node to the file it was imported from."""
    return _("Imported from %(file)s") % {"file": file_name}


class Command(BaseCommand):
    help = (
        "Import a folder of .txt files (UTF-8, GB18030 or Big5; Kanripo files understood) "
        "as a work whose sections are the files, in name order, and index them for search."
    )

    def add_arguments(self, parser: Any) -> None:
        from fangzhi.works.models import Work

        from ...models import Access

        parser.add_argument("folder", help="the folder of .txt files")
        parser.add_argument("--work", required=True, help="the title of the work")
        parser.add_argument(
            "--kind",
            default=Work.Kind.DISTRICT,
            choices=Work.Kind.values,
            help="the kind of work (default: district, for an old county gazetteer)",
        )
        parser.add_argument(
            "--access",
            default=Access.INTERNAL,
            choices=Access.values,
            help="who may find the text (default: internal)",
        )
        parser.add_argument(
            "--as", dest="username", help="the account the import is recorded under"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from fangzhi.core.errors import ServiceError

        with translation.override(settings.LANGUAGE_CODE):
            folder = Path(options["folder"])
            if not folder.is_dir():
                raise CommandError(_("There is no folder %(path)s.") % {"path": folder})
            files = sorted(
                (p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".txt"),
                key=lambda p: p.name,
            )
            if not files:
                raise CommandError(_("There are no .txt files in %(path)s.") % {"path": folder})
            # Every file is read before anything is written: one bad file, no half import.
            parsed = []
            for path in files:
                try:
                    raw, encoding = read_text_file(path)
                except (TextFileError, UnicodeDecodeError):
                    raise CommandError(
                        _("%(file)s is not a text file in UTF-8, GB18030 or Big5.")
                        % {"file": path.name}
                    ) from None
                parsed.append((path.name, parse_text(raw), encoding))
            try:
                self.import_files(parsed, options)
            except ServiceError as exc:
                raise CommandError(str(exc)) from None

    def import_files(self, parsed: list[tuple[str, ParsedText, str]], options: Any) -> None:
        from django.db import transaction

        from fangzhi.works import services as works
        from fangzhi.works.models import OutlineNode, Work

        from ... import services

        by = acting_user(options["username"])
        with transaction.atomic():
            work = Work.objects.filter(title=options["work"].strip()).order_by("pk").first()
            if work is None:
                work = works.work_create(
                    by=by, kind=options["kind"], title=options["work"], compiler=office_unit(by)
                )
                self.stdout.write(_("Created the work %(title)s.") % {"title": work.title})
            for position, (name, text, encoding) in enumerate(parsed):
                note = source_note(name)
                node = OutlineNode.objects.filter(work=work, notes=note).first()
                if node is None:
                    title = (text.title or Path(name).stem)[:200]
                    works.node_add(by=by, work=work, title=title, notes=note)
                doc = services.index_imported(
                    work, name, text.text, options["access"], position=position
                )
                if hasattr(doc, "metadata"):
                    doc.metadata = {
                        "file": name,
                        "encoding": encoding,
                        "pages": [list(p) for p in text.pages],
                        **({"source": text.metadata} if text.metadata else {}),
                    }
                    doc.save(update_fields=["metadata"])
                self.stdout.write(
                    _("%(file)s: %(n)d characters, %(pages)d pages (%(encoding)s)")
                    % {
                        "file": name,
                        "n": len(text.text),
                        "pages": len(text.pages),
                        "encoding": encoding,
                    }
                )
