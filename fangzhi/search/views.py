"""The search pages: the search itself (htmx updates the results; it works without
JavaScript) and the reading page of an imported section.

Thin views: the form checks shape, ``services.search`` finds (visibility is in its SQL)
and judges the query; a bad query is a message on the page, never an error page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views import View

from fangzhi.core.errors import ServiceError
from fangzhi.core.views import visible_object
from fangzhi.returns.models import Entry

from . import services
from .backends.base import Hit, Results, match_spans
from .forms import SearchForm
from .models import SearchDocument, SourceType

PER_PAGE = 20


def describe(q: str) -> str:
    """The parsed query in words (``Query.describe()``), or "" if it does not parse."""
    from fangzhi.text.query import QueryError, parse_query

    try:
        return parse_query(q).describe()
    except QueryError:
        return ""


@dataclass
class FacetLink:
    label: str
    count: int
    url: str
    active: bool


def hit_urls(user: Any, hits: list[Hit], q: str) -> dict[int, str]:
    """Where each hit opens: the node page of a manuscript, the return that holds an
    entry, the reading page of an imported section (with the matches marked)."""
    entry_ids = [int(h.source_id) for h in hits if h.source_type == SourceType.ENTRY]
    submissions = dict(
        Entry.objects.visible_to(user).filter(pk__in=entry_ids).values_list("pk", "submission_id")
    )
    urls: dict[int, str] = {}
    for hit in hits:
        if hit.source_type == SourceType.NODE:
            urls[hit.id] = reverse("works:node_detail", args=[int(hit.source_id)])
        elif hit.source_type == SourceType.ENTRY and int(hit.source_id) in submissions:
            submission = submissions[int(hit.source_id)]
            urls[hit.id] = reverse("returns:submission_detail", args=[submission])
        elif hit.source_type == SourceType.IMPORTED:
            section = reverse("search:section", args=[hit.id])
            urls[hit.id] = f"{section}?{urlencode({'q': q})}" if q else section
    return urls


FACET_LABELS = {"kind": _("Kind"), "work": _("Work"), "year": _("Year")}


def facet_groups(request: HttpRequest, results: Results) -> list[dict[str, Any]]:
    """Each facet value as a link that adds its filter to the current search."""
    params = {
        "kind": lambda v: {"kind": v},
        "work": lambda v: {"work": v},
        "year": lambda v: {"year_from": v, "year_to": v},
    }
    links: dict[str, list[FacetLink]] = {}
    for name, values in results.facets.items():
        links[name] = []
        for facet in values:
            query = request.GET.copy()
            query.pop("page", None)
            extra = params[name](facet.value)
            active = all(query.get(k) == str(v) for k, v in extra.items())
            for key, value in extra.items():
                query[key] = str(value)
            url = f"{request.path}?{query.urlencode()}"
            links[name].append(FacetLink(facet.label or str(facet.value), facet.count, url, active))
    return [
        {"label": FACET_LABELS.get(name, name), "links": items} for name, items in links.items()
    ]


def page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return f"{request.path}?{query.urlencode()}"


class SearchView(LoginRequiredMixin, View):
    template_name = "search/search.html"
    partial_template_name = "search/_search.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = SearchForm(request.GET or None, user=request.user)
        ctx: dict[str, Any] = {"form": form, "results": None, "error": ""}
        if form.is_bound and form.is_valid() and form.query.strip():
            ctx.update(self.search(request, form))
        template = self.partial_template_name if request.htmx else self.template_name
        return render(request, template, ctx)

    def search(self, request: HttpRequest, form: SearchForm) -> dict[str, Any]:
        q, filters = form.query, form.filters()
        try:
            results = services.search(
                user=request.user, q=q, filters=filters, page=form.page_number, per_page=PER_PAGE
            )
            if results.total and not results.hits and form.page_number > results.pages:
                # A page past the end (the results changed, or a typed URL): the last one.
                results = services.search(
                    user=request.user, q=q, filters=filters, page=results.pages, per_page=PER_PAGE
                )
        except ServiceError as exc:
            return {"error": str(exc)}
        urls = hit_urls(request.user, results.hits, q)
        return {
            "results": results,
            "hits": [
                {"hit": hit, "url": urls.get(hit.id), "source": SourceType(hit.source_type).label}
                for hit in results.hits
            ],
            "facet_groups": facet_groups(request, results),
            "description": describe(q),
            "previous_url": page_url(request, results.page - 1) if results.page > 1 else "",
            "next_url": page_url(request, results.page + 1) if results.page < results.pages else "",
        }


# --- the reading page of an imported section --------------------------------------------


def _merged(spans: list[tuple[int, int]]) -> dict[int, int]:
    """Overlapping matches merged: start -> end."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return {s: e for s, e in merged if e > s}


def marked_paragraphs(
    text: str, spans: list[tuple[int, int]], pages: list[tuple[int, str]]
) -> list[SafeString]:
    """The text's paragraphs (split at ``\\n``) as HTML: every character escaped, the
    matches in <mark>, a page label where each page begins."""
    labels: dict[int, list[str]] = {}
    for at, label in pages:
        short = label.rsplit("_", 1)[-1]
        labels.setdefault(at, []).append(
            f'<span class="page-label" title="{escape(label)}">〔{escape(short)}〕</span>'
        )
    opens = _merged(spans)
    paragraphs: list[SafeString] = []
    out: list[str] = []
    until = -1  # where the open <mark> ends; -1: none open
    for i, ch in enumerate(text):
        if until == i:
            out.append("</mark>")
            until = -1
        out.extend(labels.get(i, ()))
        if i in opens:
            out.append("<mark>")
            until = opens[i]
        if ch == "\n":
            if until != -1:
                out.append("</mark>")
            paragraphs.append(mark_safe("".join(out)))  # noqa: S308 - every piece escaped
            out = ["<mark>"] if until != -1 else []
            continue
        out.append(escape(ch))
    if until != -1:
        out.append("</mark>")
    out.extend(labels.get(len(text), ()))
    paragraphs.append(mark_safe("".join(out)))  # noqa: S308 - every piece escaped
    return paragraphs


class SectionView(LoginRequiredMixin, View):
    """One imported section to read: its paragraphs (ids ``p1``, ``p2`` …), its page
    labels, and with ``?q=`` the matches of the query marked."""

    template_name = "search/section.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        doc = visible_object(SearchDocument, request.user, pk)
        if doc.source_type != SourceType.IMPORTED:
            raise Http404
        q = request.GET.get("q", "")
        spans: list[tuple[int, int]] = []
        error = ""
        if q.strip():
            try:
                plan, _filters = services.parse(q)
            except ServiceError as exc:
                error = str(exc)
            else:
                spans = match_spans(plan, doc.text)
        pages = [(int(at), str(label)) for at, label in section_pages(doc)]
        siblings = SearchDocument.objects.visible_to(request.user).filter(
            source_type=SourceType.IMPORTED, work_id=doc.work_id
        )
        ctx = {
            "doc": doc,
            "q": q,
            "error": error,
            "matches": len(spans),
            "paragraphs": marked_paragraphs(doc.text, spans, pages),
            "previous": siblings.filter(position__lt=doc.position).order_by("-position").first(),
            "next": siblings.filter(position__gt=doc.position).order_by("position").first(),
            "query_string": urlencode({"q": q}) if q else "",
        }
        return render(request, self.template_name, ctx)


def section_pages(doc: SearchDocument) -> list[tuple[int, str]]:
    """The page labels of an imported section, as ``fangzhi import-text`` stored them."""
    metadata = getattr(doc, "metadata", None) or {}
    return [tuple(p) for p in metadata.get("pages", [])]
