"""Pages: a node's manuscript (文稿) — versions, upload, browser editing, comparison,
comments on passages, the unit head's sign-off (签发) and the office's review of the node.

Every record is reached through ``visible_object``; every change goes through a service
in ``works.services.manuscripts``. The node page holds the forms; their POST-only
actions redirect back on success and re-render the node page with the form's errors
(in the user's words, nothing lost) on failure.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views import View
from lxml import html as lxml_html

from fangzhi.accounts.roles import Role, role_of
from fangzhi.core.errors import Conflict, Forbidden, ServiceError
from fangzhi.core.files import file_read
from fangzhi.core.views import attachment, visible_object

from .. import services
from ..forms.manuscripts import (
    CommentForm,
    CompareForm,
    EditorForm,
    ResolveForm,
    ReturnForm,
    SignOffForm,
    UploadForm,
)
from ..models import Comment, ManuscriptVersion, NodeEvent, OutlineNode, SignOff
from ..services.common import can_write_manuscript, in_unit, is_office
from ..services.manuscripts import DOCX_TYPE, UNIT_WRITABLE, asset_for, can_comment, image_prefix

SHA256 = re.compile(r"[0-9a-f]{64}")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Served images may be opened directly: nothing in them may run or load anything.
IMAGE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


# --- helpers -------------------------------------------------------------------------------


def work_url(work: Any) -> str:
    try:
        return reverse("works:work_detail", args=[work.pk])
    except NoReverseMatch:  # the works pages arrive separately
        return f"/works/{work.pk}/"


def node_url(node: Any, anchor: str = "") -> str:
    url = reverse("works:node_detail", args=[node.pk])
    return f"{url}#{anchor}" if anchor else url


def safe_filename(name: str, default: str) -> str:
    """A name a browser saves as is: no folders, quotes or control characters."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable() and c not in '"<>:|?*').strip(". ")
    return name[:200] or default


def page_headings(html: str, top: int = 3) -> SafeString:
    """The stored (sanitised) manuscript HTML made fit for a page of ours.

    Only structure changes, never content: the manuscript's highest heading level
    becomes ``h{top}``, the next ``h{top+1}`` and so on (at most h6), so the page keeps
    one h1 and an unbroken outline; an image without a description gets a neutral one;
    a table without header cells (Word tables have none) shows its first row as
    column headers. The HTML was sanitised when saved and lxml escapes what it writes.
    """
    if not html.strip():
        return mark_safe("")  # noqa: S308
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    headings = [el for el in root.iter() if isinstance(el.tag, str) and el.tag in HEADINGS]
    levels = sorted({int(el.tag[1]) for el in headings})
    mapping = {level: min(top + rank, 6) for rank, level in enumerate(levels)}
    for el in headings:
        el.tag = f"h{mapping[int(el.tag[1])]}"
    for img in root.iter("img"):
        if not img.get("alt"):
            img.set("alt", _("Image in the manuscript"))
    for table in root.iter("table"):
        if next(table.iter("th"), None) is None:
            first = next(table.iter("tr"), None)
            for cell in first if first is not None else ():
                if cell.tag == "td":
                    cell.tag = "th"
                    cell.set("scope", "col")
    inner = (root.text and escape(root.text) or "") + "".join(
        lxml_html.tostring(child, encoding="unicode") for child in root
    )
    return mark_safe(inner)  # noqa: S308 - sanitised on save (services.version_*)


def plain_paragraphs(text: str, comments: Any = ()) -> list[dict[str, Any]]:
    """The version's plain text as paragraphs for the comment view.

    Each paragraph carries its ``offset`` in ``text``; the paragraphs joined by "\\n"
    are ``text`` exactly, so a selection's offsets are offsets into ``version.text``.
    Passages of open comments are wrapped in ``<mark>``.
    """
    marks = [
        (c.start, c.end, c.pk)
        for c in comments
        if c.start is not None and c.end is not None and not c.is_resolved
    ]
    paragraphs = []
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        cuts = {0, len(line)}
        for s, e, _pk in marks:
            if s < end and e > start:
                cuts.update((max(s, start) - start, min(e, end) - start))
        ordered = sorted(cuts)
        parts = []
        for a, b in zip(ordered, ordered[1:], strict=False):
            piece = escape(line[a:b])
            ids = [pk for s, e, pk in marks if s < start + b and e > start + a]
            if ids:
                refs = " ".join(f"comment-{pk}" for pk in ids)
                parts.append(f'<mark class="passage" data-comments="{refs}">{piece}</mark>')
            else:
                parts.append(piece)
        paragraphs.append({"offset": start, "html": mark_safe("".join(parts))})  # noqa: S308
        offset = end + 1
    return paragraphs


def is_head_of(user: Any, node: OutlineNode) -> bool:
    return role_of(user) == Role.UNIT_HEAD and in_unit(user, node.unit_id)


def node_context(request: Any, node: OutlineNode, **forms: Any) -> dict[str, Any]:
    """Everything the node page shows; ``forms`` replace the blank forms (bound, with
    errors) after a refused action."""
    user = request.user
    versions = list(
        ManuscriptVersion.objects.visible_to(user)
        .filter(node=node)
        .select_related("author", "source_file")
        .order_by("-number")
    )
    latest = versions[0] if versions else None
    comments = list(
        Comment.objects.visible_to(user)
        .filter(version__node=node)
        .select_related("author", "resolved_by", "version")
    )
    latest_comments = [c for c in comments if latest and c.version_id == latest.pk]
    earlier_comments = [c for c in comments if not latest or c.version_id != latest.pk]
    events = list(
        NodeEvent.objects.visible_to(user).filter(node=node).select_related("by", "version")
    )
    returned = next((e for e in events if e.action == NodeEvent.Action.RETURN), None)
    writable = node.state in UNIT_WRITABLE
    may_write = can_write_manuscript(user, node) and not node.withdrawn
    may_sign = is_head_of(user, node) and writable and latest is not None and not node.withdrawn
    office = is_office(user)
    ctx: dict[str, Any] = {
        "node": node,
        "work": node.work,
        "work_url": work_url(node.work),
        "versions": versions,
        "latest": latest,
        "latest_html": page_headings(latest.html) if latest else "",
        "paragraphs": plain_paragraphs(latest.text, latest_comments) if latest else [],
        "latest_comments": latest_comments,
        "earlier_comments": earlier_comments,
        "events": events,
        "returned_event": returned if node.state == OutlineNode.State.RETURNED else None,
        "signoffs": SignOff.objects.visible_to(user)
        .filter(node=node)
        .select_related("signed_by", "version"),
        "can_write": may_write and (office or writable),
        "locked_for_unit": may_write and not office and not writable,
        "can_comment": latest is not None and can_comment(user, node),
        # comment_resolve: the office, the comment's author, or the node's unit.
        "can_resolve_all": office or in_unit(user, node.unit_id),
        "can_sign_off": may_sign,
        "is_office": office,
        "can_start_review": office and node.state == OutlineNode.State.SUBMITTED,
        "can_decide": office
        and node.state in (OutlineNode.State.SUBMITTED, OutlineNode.State.IN_REVIEW),
        "actual_length": latest.char_count if latest else 0,
        "image_prefix": image_prefix(node),
    }
    ctx["upload_form"] = forms.get("upload_form") or UploadForm(
        initial={"base_revision": node.revision}
    )
    ctx["comment_form"] = forms.get("comment_form") or CommentForm(
        initial={"version": latest.pk if latest else None}
    )
    ctx["signoff_form"] = forms.get("signoff_form") or SignOffForm(
        initial={"version": latest.pk if latest else None}
    )
    ctx["return_form"] = forms.get("return_form") or ReturnForm()
    ctx["resolve_form"] = ResolveForm()
    ctx["conflict"] = forms.get("conflict", False)
    from fangzhi.quality.selectors import node_quality  # the quality checker's panel

    ctx.update(node_quality(user, node, latest))
    return ctx


def add_service_error(form: Any, exc: ServiceError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc))


# --- the node page -------------------------------------------------------------------------


class NodeDetailView(LoginRequiredMixin, View):
    def get(self, request: Any, pk: int) -> HttpResponse:
        node = visible_object(OutlineNode, request.user, pk)
        return render(request, "works/node_detail.html", node_context(request, node))


class _NodeAction(LoginRequiredMixin, View):
    """A POST-only action on a node. ``allowed`` mirrors the service's permission so a
    refused person gets 403 before any form is read; the service still decides."""

    form_class: Any = None
    form_key = ""
    anchor = ""

    def allowed(self, user: Any, node: OutlineNode) -> bool:
        return True

    def perform(self, form: Any) -> Any:  # pragma: no cover - subclasses implement
        raise NotImplementedError

    def success_message(self) -> str:
        return ""

    def post(self, request: Any, pk: int) -> HttpResponse:
        self.node = visible_object(OutlineNode, request.user, pk)
        if not self.allowed(request.user, self.node):
            raise PermissionDenied
        form = self.form_class(request.POST, request.FILES) if self.form_class else None
        extra: dict[str, Any] = {}
        if form is None or form.is_valid():
            try:
                self.result = self.perform(form)
            except Forbidden as exc:
                raise PermissionDenied(str(exc)) from exc
            except ServiceError as exc:
                if form is None:
                    messages.error(request, str(exc))
                    return redirect(node_url(self.node, self.anchor))
                add_service_error(form, exc)
                extra["conflict"] = isinstance(exc, Conflict)
            else:
                if message := self.success_message():
                    messages.success(request, message)
                return redirect(node_url(self.node, self.anchor))
        self.node.refresh_from_db()
        if form is not None:
            extra[self.form_key] = form
        return render(request, "works/node_detail.html", node_context(request, self.node, **extra))


class UploadView(_NodeAction):
    form_class = UploadForm
    form_key = "upload_form"
    anchor = "versions"

    def allowed(self, user: Any, node: OutlineNode) -> bool:
        return can_write_manuscript(user, node)

    def perform(self, form: Any) -> Any:
        upload = form.cleaned_data["file"]
        return services.version_upload(
            by=self.request.user,
            node=self.node,
            data=upload.read(),
            filename=upload.name,
            base_revision=form.cleaned_data["base_revision"],
        )

    def success_message(self) -> str:
        return _("Version %(n)d has been saved from the Word file.") % {"n": self.result.number}


class CommentAddView(_NodeAction):
    form_class = CommentForm
    form_key = "comment_form"
    anchor = "comments"

    def allowed(self, user: Any, node: OutlineNode) -> bool:
        return can_comment(user, node)

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        version = ManuscriptVersion.objects.filter(node=self.node, pk=d["version"]).first()
        if version is None:
            raise ServiceError(_("The version is not one of this manuscript's."))
        return services.comment_add(
            by=self.request.user,
            version=version,
            body=d["body"],
            quote=d["quote"],
            start=d["start"],
            end=d["end"],
        )

    def success_message(self) -> str:
        return _("Your comment has been added.")


class SignOffView(_NodeAction):
    form_class = SignOffForm
    form_key = "signoff_form"
    anchor = "signoff"

    def allowed(self, user: Any, node: OutlineNode) -> bool:
        return is_head_of(user, node)

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        version = ManuscriptVersion.objects.filter(node=self.node, pk=d["version"]).first()
        if version is None:
            raise ServiceError(_("The version is not one of this manuscript's."))
        return services.node_sign_off(
            by=self.request.user, node=self.node, version=version, statement=d["statement"]
        )

    def success_message(self) -> str:
        return _("Signed off: the manuscript has been submitted to the office.")


class ReviewStartView(_NodeAction):
    def allowed(self, user: Any, node: OutlineNode) -> bool:
        return is_office(user)

    def perform(self, form: Any) -> Any:
        return services.node_review_start(by=self.request.user, node=self.node)

    def success_message(self) -> str:
        return _("The manuscript has been taken into review.")


class AcceptView(ReviewStartView):
    def perform(self, form: Any) -> Any:
        return services.node_accept(by=self.request.user, node=self.node)

    def success_message(self) -> str:
        return _("The manuscript has been accepted.")


class ReturnView(ReviewStartView):
    form_class = ReturnForm
    form_key = "return_form"
    anchor = "events"

    def perform(self, form: Any) -> Any:
        return services.node_return(
            by=self.request.user, node=self.node, reason=form.cleaned_data["reason"]
        )

    def success_message(self) -> str:
        return _("The manuscript has been returned to the unit with your reasons.")


class CommentResolveView(LoginRequiredMixin, View):
    def post(self, request: Any, pk: int) -> HttpResponse:
        comment = visible_object(Comment, request.user, pk)
        node = comment.version.node
        form = ResolveForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
            return redirect(node_url(node, f"comment-{comment.pk}"))
        try:
            services.comment_resolve(
                by=request.user, comment=comment, resolution=form.cleaned_data["resolution"]
            )
        except Forbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The comment is marked resolved."))
        return redirect(node_url(node, f"comment-{comment.pk}"))


# --- editing in the browser ----------------------------------------------------------------


class EditView(LoginRequiredMixin, View):
    """A rich-text editor (manuscript.js) over a plain HTML textarea that works without
    JavaScript. A save based on an older revision is refused (Conflict) and the text
    typed is shown again, so nothing is lost and nothing is overwritten."""

    template_name = "works/node_edit.html"

    def node_for(self, request: Any, pk: int) -> OutlineNode:
        node = visible_object(OutlineNode, request.user, pk)
        if not can_write_manuscript(request.user, node):
            raise PermissionDenied
        return node

    def render_page(self, request: Any, node: OutlineNode, form: Any, **extra: Any) -> Any:
        latest = node.versions.order_by("-number").first()
        ctx = {
            "node": node,
            "work": node.work,
            "work_url": work_url(node.work),
            "form": form,
            "latest": latest,
            "latest_html": page_headings(latest.html) if latest else "",
            "locked": not is_office(request.user) and node.state not in UNIT_WRITABLE,
            **extra,
        }
        return render(request, self.template_name, ctx)

    def get(self, request: Any, pk: int) -> HttpResponse:
        node = self.node_for(request, pk)
        latest = node.versions.order_by("-number").first()
        form = EditorForm(
            initial={"html": latest.html if latest else "", "base_revision": node.revision}
        )
        return self.render_page(request, node, form)

    def post(self, request: Any, pk: int) -> HttpResponse:
        node = self.node_for(request, pk)
        form = EditorForm(request.POST)
        conflict = False
        if form.is_valid():
            d = form.cleaned_data
            try:
                version = services.version_save_html(
                    by=request.user,
                    node=node,
                    html=d["html"],
                    base_revision=d["base_revision"],
                    note=d["note"],
                )
            except Forbidden as exc:
                raise PermissionDenied(str(exc)) from exc
            except ServiceError as exc:
                add_service_error(form, exc)
                conflict = isinstance(exc, Conflict)
            else:
                messages.success(
                    request, _("Version %(n)d has been saved.") % {"n": version.number}
                )
                return redirect(node_url(node, "versions"))
        node.refresh_from_db()
        form = self.keep_text(form, node, conflict)
        return self.render_page(request, node, form, conflict=conflict)

    def keep_text(self, form: Any, node: OutlineNode, conflict: bool) -> Any:
        """The refused form again with the person's text (cleaned, as it would be
        saved). After a conflict the next save is based on what is there now: the
        person has been told, and their save becomes a new version after the other's."""
        from ..docx_io import sanitise_html

        data = form.data.copy()
        data["html"] = sanitise_html(data.get("html", ""), image_prefix=image_prefix(node))
        if conflict:
            data["base_revision"] = str(node.revision)
        form.data = data  # the errors stay; the fields show the kept values
        return form


# --- images, versions, comparison ----------------------------------------------------------


class NodeImageView(LoginRequiredMixin, View):
    """An image of a node's manuscript, only to who can see the node (the importer
    writes this URL into the HTML)."""

    def get(self, request: Any, pk: int, sha256: str) -> HttpResponse:
        node = visible_object(OutlineNode, request.user, pk)
        stored = asset_for(node, sha256) if SHA256.fullmatch(sha256) else None
        if stored is None:
            raise Http404
        content_type = stored.content_type
        if not content_type.startswith("image/"):
            content_type = "application/octet-stream"
        response = HttpResponse(file_read(stored), content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = IMAGE_CSP
        response["Cache-Control"] = "private, max-age=86400"
        return response


def version_for(request: Any, pk: int) -> ManuscriptVersion:
    return visible_object(ManuscriptVersion, request.user, pk)


class VersionDetailView(LoginRequiredMixin, View):
    def get(self, request: Any, pk: int) -> HttpResponse:
        version = version_for(request, pk)
        node = version.node
        comments = list(
            Comment.objects.visible_to(request.user)
            .filter(version=version)
            .select_related("author", "resolved_by")
        )
        previous = node.versions.filter(number__lt=version.number).order_by("-number").first()
        latest = node.versions.order_by("-number").first()
        ctx = {
            "version": version,
            "node": node,
            "work": node.work,
            "work_url": work_url(node.work),
            "html": page_headings(version.html),
            "paragraphs": plain_paragraphs(version.text, comments),
            "comments": comments,
            "previous": previous,
            "latest": latest,
        }
        return render(request, "works/version_detail.html", ctx)


class VersionDocxView(LoginRequiredMixin, View):
    def get(self, request: Any, pk: int) -> HttpResponse:
        version = version_for(request, pk)
        data = services.version_export_docx(version)
        name = safe_filename(
            _("《%(title)s》Version %(n)d.docx")
            % {"title": version.node.title, "n": version.number},
            f"manuscript-{version.number}.docx",
        )
        return attachment(data, name, DOCX_TYPE)


class VersionOriginalView(LoginRequiredMixin, View):
    """The Word file a version was imported from, as uploaded."""

    def get(self, request: Any, pk: int) -> HttpResponse:
        version = version_for(request, pk)
        if version.source_file is None:
            raise Http404
        name = safe_filename(version.source_name, f"manuscript-{version.number}.docx")
        if not name.lower().endswith(".docx"):
            name += ".docx"
        return attachment(file_read(version.source_file), name, DOCX_TYPE)


class CompareView(LoginRequiredMixin, View):
    """Two versions side by side: deleted characters on the left, inserted on the right."""

    def get(self, request: Any, pk: int) -> HttpResponse:
        node = visible_object(OutlineNode, request.user, pk)
        versions = list(
            ManuscriptVersion.objects.visible_to(request.user)
            .filter(node=node)
            .select_related("author")
            .order_by("-number")
        )
        by_pk = {v.pk: v for v in versions}
        ctx: dict[str, Any] = {"node": node, "work": node.work, "work_url": work_url(node.work)}
        if "old" in request.GET or "new" in request.GET:
            form = CompareForm(request.GET, versions=versions)
        elif len(versions) >= 2:  # by default: the latest against the one before
            form = CompareForm({"old": versions[1].pk, "new": versions[0].pk}, versions=versions)
        else:
            form = CompareForm(versions=versions)
        ctx["form"] = form
        if form.is_bound and form.is_valid():
            old, new = by_pk[form.cleaned_data["old"]], by_pk[form.cleaned_data["new"]]
            result = services.versions_compare(old, new)
            ctx.update(
                old=old,
                new=new,
                rows=[
                    {**row, "old": mark_safe(row["old"]), "new": mark_safe(row["new"])}  # noqa: S308 - escaped by text.diff
                    for row in result["rows"]
                ],
                stats=result["stats"],
                changed_rows=sum(1 for row in result["rows"] if row["changed"]),
            )
        return render(request, "works/version_compare.html", ctx)


urls = [
    path("nodes/<int:pk>/", NodeDetailView.as_view(), name="node_detail"),
    path("nodes/<int:pk>/manuscript/upload/", UploadView.as_view(), name="manuscript_upload"),
    path("nodes/<int:pk>/manuscript/edit/", EditView.as_view(), name="manuscript_edit"),
    path("nodes/<int:pk>/manuscript/compare/", CompareView.as_view(), name="manuscript_compare"),
    path("nodes/<int:pk>/images/<str:sha256>", NodeImageView.as_view(), name="node_image"),
    path("nodes/<int:pk>/comments/add/", CommentAddView.as_view(), name="comment_add"),
    path("comments/<int:pk>/resolve/", CommentResolveView.as_view(), name="comment_resolve"),
    path("nodes/<int:pk>/sign-off/", SignOffView.as_view(), name="node_sign_off"),
    path("nodes/<int:pk>/review/start/", ReviewStartView.as_view(), name="node_review_start"),
    path("nodes/<int:pk>/review/return/", ReturnView.as_view(), name="node_return"),
    path("nodes/<int:pk>/review/accept/", AcceptView.as_view(), name="node_accept"),
    path("versions/<int:pk>/", VersionDetailView.as_view(), name="version_detail"),
    path("versions/<int:pk>/docx/", VersionDocxView.as_view(), name="version_docx"),
    path("versions/<int:pk>/original/", VersionOriginalView.as_view(), name="version_original"),
]
