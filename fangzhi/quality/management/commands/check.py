"""``fangzhi check FILE [--json] [--rules R01,R03]``: the quality checker on a .docx or
.txt, marks printed one a line (``line:column rule excerpt — message``) or as a JSON list.

Without a file this is Django's own ``check`` (the system checks), unchanged: an
argument that names a file (it has a dot or a slash) selects the quality checker.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.check import Command as SystemCheckCommand
from django.db import DatabaseError
from django.utils import translation
from django.utils.translation import gettext as _

from fangzhi.text.checker.core import CheckConfig, Mark, iter_check

from ...config import all_rules, checker_config, disabled_except, shipped_defaults
from ...textfile import ChunkState, TextFileError, open_text, paragraph_chunks, text_chunks


def _is_file_argument(value: str) -> bool:
    return "." in value or "/" in value or "\\" in value


class Command(SystemCheckCommand):
    help = (
        "Check a manuscript (.docx or .txt) against the gazetteer style rules and print "
        "the marks; without a file, run Django's system checks."
    )

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--json", action="store_true", help="print the marks as a JSON list (quality check)"
        )
        parser.add_argument(
            "--rules", metavar="R01,R03", help="only these rules (quality check)", default=""
        )

    def handle(self, *args: str, **options: Any) -> Any:
        files = [a for a in args if _is_file_argument(a)]
        if not files and not options["json"] and not options["rules"]:
            return super().handle(*args, **options)
        with translation.override(settings.LANGUAGE_CODE):
            if len(files) != 1 or len(args) != 1:
                raise CommandError(_("Name one .docx or .txt file to check."))
            self.quality_check(Path(files[0]), as_json=options["json"], rules=options["rules"])
        return None

    # --- the quality checker ---------------------------------------------------------------

    def config(self, rules: str) -> CheckConfig:
        wanted = [r for r in rules.split(",") if r.strip()] if rules else None
        if wanted:
            known = {rid.split(".")[0] for rid in all_rules()} | set(all_rules())
            unknown = [r.strip() for r in wanted if r.strip().upper() not in known]
            if unknown:
                raise CommandError(
                    _("Unknown rule: %(rules)s. Rules: %(known)s.")
                    % {"rules": ", ".join(unknown), "known": ", ".join(sorted(known))}
                )
        try:
            return checker_config(wanted)
        except DatabaseError:
            # No database (or not migrated): the shipped lists only.
            config = shipped_defaults()
            if wanted:
                config.disabled |= disabled_except(wanted)
            return config

    def quality_check(self, path: Path, *, as_json: bool, rules: str) -> None:
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": path})
        config = self.config(rules)
        state = ChunkState()
        if path.suffix.lower() == ".docx":
            chunks = text_chunks(self.docx_text(path), state)
            reader = None
        else:
            try:
                reader, _encoding = open_text(path)
            except TextFileError as exc:
                raise CommandError(self.text_error(exc.code)) from None
            chunks = paragraph_chunks(reader, state)
        try:
            self.write_marks(iter_check(self.nonempty(chunks, state), config), state, as_json)
        except UnicodeDecodeError:
            raise CommandError(self.text_error("undecodable")) from None
        finally:
            if reader is not None:
                reader.close()

    def nonempty(self, chunks: Iterator[str], state: ChunkState) -> Iterator[str]:
        empty = True
        for chunk in chunks:
            empty = empty and not chunk.strip()
            yield chunk
        if empty:
            self.stderr.write(_("The file contains no text; there is nothing to check."))

    def docx_text(self, path: Path) -> str:
        from fangzhi.works.docx_io import DocxError, docx_to_html
        from fangzhi.works.services.messages import docx_error_message

        prefix = "/images/"
        try:
            result = docx_to_html(
                path.read_bytes(),
                store_image=lambda content, content_type: prefix + "image",
                image_prefix=prefix,
            )
        except DocxError as exc:
            raise CommandError(docx_error_message(exc)) from None
        return result.text

    def text_error(self, code: str) -> str:
        if code == "binary":
            return _(
                "This is not a text file (it contains binary data). Check a .txt or .docx file."
            )
        return _(
            "The text's encoding cannot be recognised: it is not valid UTF-8, UTF-16 (with a "
            "byte order mark), GB18030 or Big5. Save it as UTF-8 and check it again."
        )

    def write_marks(self, marks: Iterator[Mark], state: ChunkState, as_json: bool) -> None:
        out = self.stdout
        count = 0
        if as_json:
            out.write("[", ending="")
        for mark in marks:
            if as_json:
                item = {
                    "rule": mark.rule,
                    "category": mark.category,
                    "severity": str(getattr(mark.severity, "value", mark.severity)),
                    "start": mark.start,
                    "end": mark.end,
                    "excerpt": mark.excerpt,
                    "message": mark.message,
                    "suggestion": mark.suggestion,
                }
                prefix = "," if count else ""
                out.write(prefix + "\n  " + json.dumps(item, ensure_ascii=False), ending="")
            else:
                line, column = state.position(mark.start)
                out.write(f"{line}:{column} {mark.rule} {mark.excerpt} — {mark.message}")
            count += 1
        if as_json:
            out.write("\n]" if count else "]")
        else:
            self.stderr.write(_("Marks: %(n)d.") % {"n": count})
