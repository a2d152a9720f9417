"""``fangzhi reindex [--check]``: rebuild the search index from the records, with a
progress bar on stderr; with ``--check``, only compare the index with the records and
exit with status 1 when something is missing, stale, orphaned or not indexed."""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from ... import services

BAR = 30


class ProgressBar:
    """``[#######-------]  42%  message`` redrawn in place on a terminal (one line per
    update elsewhere, so logs stay readable)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.tty = getattr(stream, "isatty", lambda: False)()
        self.last = -1

    def __call__(self, progress: int, message: str = "") -> None:
        progress = max(0, min(100, int(progress)))
        if progress == self.last and not self.tty:
            return
        self.last = progress
        filled = BAR * progress // 100
        line = f"[{'#' * filled}{'-' * (BAR - filled)}] {progress:3d}%  {message[:60]}"
        if self.tty:
            self.stream.write("\r\033[K" + line)
            if progress == 100:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Rebuild the search index (or check it against the records with --check)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="compare the index with the records; exit 1 if anything is wrong",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            if options["check"]:
                self.check_index()
                return
            result = services.reindex_all(report=ProgressBar(self.stderr._out))
            self.stdout.write(
                _("%(documents)d documents indexed, %(removed)d removed.")
                % {"documents": result["documents"], "removed": result["removed"]}
            )

    def check_index(self) -> None:
        report = services.consistency_check()
        labels = {
            "missing": _("Missing from the index"),
            "stale": _("Stale (the record changed since it was indexed)"),
            "orphaned": _("Orphaned (the record is no longer indexed)"),
            "unindexed": _("Stored but absent from the full-text index"),
        }
        for key, label in labels.items():
            names = report.get(key, [])
            if names:
                self.stdout.write(f"{label}: {len(names)}")
                for name in names:
                    self.stdout.write(f"    {name}")
        if report["ok"]:
            self.stdout.write(_("The search index is consistent with the records."))
            return
        self.stderr.write(_("The search index is not consistent; run fangzhi reindex."))
        sys.exit(1)
