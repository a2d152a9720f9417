"""``fangzhi search QUERY [--json] [--limit N]``: what the anonymous public may find.

Every hit is printed (all of them unless ``--limit`` caps it), best first: a line
``work · section · score`` and the snippets under it, matches in 【】; with ``--json``, a
list of objects with ``work``, ``section`` (the file's name for an imported text),
``score`` and ``offsets`` (the start of every match in the section's original text).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from fangzhi.core.errors import ServiceError

from ... import services

MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def plain(snippet: str) -> str:
    """A snippet's HTML as plain text, the matches in 【】."""
    return html.unescape(MARK.sub(r"【\1】", snippet)).replace("\n", " ")


class Command(BaseCommand):
    help = "Search what the public may see and print every hit (or --limit N)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("query", nargs="+", help="the query (words are joined by spaces)")
        parser.add_argument("--json", action="store_true", help="print a JSON list")
        parser.add_argument("--limit", type=int, default=None, help="print at most N hits")

    def handle(self, *args: Any, **options: Any) -> None:
        limit = options["limit"]
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1.")
        q = " ".join(options["query"])
        with translation.override(settings.LANGUAGE_CODE):
            try:
                hits = list(self.hits(q, limit))
            except ServiceError as exc:
                raise CommandError(str(exc)) from None
        if options["json"]:
            rows = [
                {
                    "work": hit.work_title,
                    "section": hit.section,
                    "score": hit.score,
                    "offsets": hit.offsets,
                }
                for hit in hits
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for hit in hits:
            self.stdout.write(f"{hit.work_title} · {hit.section or hit.title} · {hit.score:g}")
            for snippet in hit.snippets:
                self.stdout.write(f"    {plain(snippet)}")

    def hits(self, q: str, limit: int | None) -> Any:
        """Every hit, page after page (paging is stable: ties are ordered by id)."""
        anonymous = AnonymousUser()
        page, given = 1, 0
        while True:
            results = services.search(
                user=anonymous, q=q, page=page, per_page=services.MAX_PER_PAGE
            )
            for hit in results.hits:
                if limit is not None and given >= limit:
                    return
                given += 1
                yield hit
            if page >= results.pages or not results.hits:
                return
            page += 1
