"""Pages: the outline (篇目) of a work — the tree, adding, editing, moving (drag-and-drop,
keyboard, or plain buttons), withdrawing, assigning to units and reviewers (and ending a
reviewer's assignment), and import
from and export to Word and Excel.

Moves answer a script (htmx or ``outline.js``) with the re-rendered tree and a plain
form post with a redirect back to the outline, so every action works without JS.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from fangzhi.core.errors import Forbidden, ServiceError
from fangzhi.core.querysets import CHANGE
from fangzhi.core.views import ServiceFormView, visible_object

from .. import services
from ..forms.outline import (
    NodeAddForm,
    NodeAssignForm,
    NodeForm,
    NodeMoveForm,
    NodeShiftForm,
    NodeWithdrawForm,
    OutlineImportForm,
    ReviewerAssignForm,
)
from ..models import NodeReviewer, OutlineNode, Work
from ..selectors import node_url
from ..services.common import can_run_work, is_office

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def outline_url(work: Work, node: OutlineNode | None = None) -> str:
    url = reverse("works:outline", args=[work.pk])
    return f"{url}#node-{node.pk}" if node is not None else url


def tree_context(request: Any, work: Work) -> dict[str, Any]:
    """What the tree needs: numbered rows the user may see, and who may change them."""
    user = request.user
    can_run = can_run_work(user, work)
    rows = services.outline_rows(work, user)
    reviewers: dict[int, list[Any]] = {}
    if is_office(user):
        open_reviews = NodeReviewer.objects.filter(
            node__work=work, ended_at__isnull=True
        ).select_related("reviewer")
        for item in open_reviews:
            reviewers.setdefault(item.node_id, []).append(item.reviewer)
    for row in rows:
        row["reviewers"] = reviewers.get(row["pk"], [])
        row["url"] = node_url(row["pk"])
    show_withdrawn = can_run and request.GET.get("withdrawn") == "1"
    withdrawn = (
        OutlineNode.objects.filter(work=work, withdrawn=True).select_related("unit")
        if show_withdrawn
        else None
    )
    return {
        "work": work,
        "rows": rows,
        "can_run": can_run,
        "is_office": is_office(user),
        "show_withdrawn": show_withdrawn,
        "withdrawn_nodes": withdrawn,
        "withdrawn_count": (
            OutlineNode.objects.filter(work=work, withdrawn=True).count() if can_run else 0
        ),
        "positions": NodeMoveForm.POSITIONS,
    }


def render_tree(
    request: Any, work: Work, *, error: str = "", focus: int | None = None, status: int = 200
) -> HttpResponse:
    ctx = tree_context(request, work)
    ctx.update(error=error, focus=focus)
    return render(request, "works/_outline_tree.html", ctx, status=status)


def wants_fragment(request: Any) -> bool:
    return bool(getattr(request, "htmx", False))


class OutlineView(LoginRequiredMixin, TemplateView):
    template_name = "works/outline.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        work = visible_object(Work, self.request.user, self.kwargs["pk"])
        ctx.update(tree_context(self.request, work))
        return ctx


class _NodeAction(LoginRequiredMixin, View):
    """A POST on one node of an outline the user runs: the tree comes back to a script,
    a redirect to a plain form."""

    form_class: Any = None
    done_message: Any = ""

    def act(self, node: OutlineNode, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def form_kwargs(self, node: OutlineNode) -> dict[str, Any]:
        return {}

    def post(self, request: Any, pk: int) -> HttpResponse:
        node = visible_object(OutlineNode, request.user, pk, CHANGE)
        work = node.work
        error = ""
        form = self.form_class(request.POST, **self.form_kwargs(node))
        if not form.is_valid():
            error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        else:
            try:
                self.act(node, form.cleaned_data)
            except Forbidden as exc:
                raise PermissionDenied(str(exc)) from exc
            except ServiceError as exc:
                error = str(exc)
        if wants_fragment(request):
            return render_tree(
                request, work, error=error, focus=node.pk, status=400 if error else 200
            )
        if error:
            messages.error(request, error)
        elif self.done_message:
            messages.success(request, self.done_message)
        return HttpResponseRedirect(outline_url(work, node))


class NodeMoveView(_NodeAction):
    """Drag-and-drop: move next to or into ``target``."""

    form_class = NodeMoveForm

    def form_kwargs(self, node: OutlineNode) -> dict[str, Any]:
        return {"work": node.work}

    def act(self, node: OutlineNode, data: dict[str, Any]) -> Any:
        return services.node_move(
            by=self.request.user, node=node, target=data["target"], position=data["position"]
        )


class NodeShiftView(_NodeAction):
    """Keyboard and buttons: up, down, indent, outdent."""

    form_class = NodeShiftForm

    def act(self, node: OutlineNode, data: dict[str, Any]) -> Any:
        return services.node_shift(by=self.request.user, node=node, direction=data["direction"])


class NodeRestoreView(_NodeAction):
    form_class = NodeWithdrawForm  # no fields needed; an empty reason is fine
    done_message = _("The node is back in the outline.")

    def act(self, node: OutlineNode, data: dict[str, Any]) -> Any:
        return services.node_restore(by=self.request.user, node=node)


class _OutlineForm(ServiceFormView):
    """A form page on a work's outline or one of its nodes; only who runs the work."""

    template_name = "works/outline_form.html"
    heading: Any = ""
    node: OutlineNode | None = None

    def load(self, request: Any, kwargs: dict[str, Any]) -> Work:
        self.node = visible_object(OutlineNode, request.user, kwargs["pk"], CHANGE)
        return self.node.work

    def allowed(self, user: Any) -> bool:
        return can_run_work(user, self.work)

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.work = self.load(request, kwargs)
            if not self.allowed(request.user):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(heading=self.heading, work=self.work, node=self.node)
        ctx["cancel_url"] = outline_url(self.work, self.node)
        return ctx

    def get_success_url(self) -> str:
        result = getattr(self, "result", None)
        return outline_url(self.work, result if isinstance(result, OutlineNode) else self.node)


class NodeAddView(_OutlineForm):
    form_class = NodeAddForm
    heading = _("Add a node")
    success_message = _("The node has been added.")

    def load(self, request: Any, kwargs: dict[str, Any]) -> Work:
        return visible_object(Work, request.user, kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "work": self.work}

    def get_initial(self) -> dict[str, Any]:
        parent = self.request.GET.get("parent", "")
        return {"parent": int(parent)} if parent.isdigit() else {}

    def perform(self, form: Any) -> OutlineNode:
        return services.node_add(by=self.request.user, work=self.work, **form.cleaned_data)


class NodeEditView(_OutlineForm):
    form_class = NodeForm
    heading = _("Edit the node")
    success_message = _("Saved.")

    def get_initial(self) -> dict[str, Any]:
        n = self.node
        assert n is not None
        return {
            "title": n.title,
            "expected_length": n.expected_length,
            "quality_standard": n.quality_standard,
            "notes": n.notes,
        }

    def perform(self, form: Any) -> OutlineNode:
        return services.node_update(by=self.request.user, node=self.node, **form.cleaned_data)


class NodeAssignView(_OutlineForm):
    form_class = NodeAssignForm
    heading = _("Assign to a unit")
    success_message = _("The assignment has been saved.")

    def get_initial(self) -> dict[str, Any]:
        n = self.node
        assert n is not None
        return {"unit": n.unit_id, "deadline": n.deadline, "expected_length": n.expected_length}

    def perform(self, form: Any) -> OutlineNode:
        return services.node_assign(by=self.request.user, node=self.node, **form.cleaned_data)


class ReviewerAssignView(_OutlineForm):
    form_class = ReviewerAssignForm
    heading = _("Ask a reviewer")
    success_message = _("The reviewer has been asked to read this node.")

    def allowed(self, user: Any) -> bool:
        return is_office(user)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["current_reviewers"] = (
            NodeReviewer.objects.filter(node=self.node, ended_at__isnull=True)
            .select_related("reviewer")
            .order_by("assigned_at", "pk")
        )
        return ctx

    def perform(self, form: Any) -> Any:
        return services.reviewer_assign(
            by=self.request.user, node=self.node, reviewer=form.cleaned_data["reviewer"]
        )


class ReviewerEndView(LoginRequiredMixin, View):
    """End one reviewer's assignment (POST from the reviewer page): they no longer read
    the node. Only the office; the assignment stays, with the time it ended."""

    def post(self, request: Any, pk: int) -> HttpResponse:
        assignment = visible_object(NodeReviewer, request.user, pk, CHANGE)
        try:
            services.reviewer_end(by=request.user, assignment=assignment)
        except Forbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        name = assignment.reviewer.full_name or assignment.reviewer.username
        messages.success(request, gettext("%(name)s no longer reads this node.") % {"name": name})
        return HttpResponseRedirect(reverse("works:outline_reviewer", args=[assignment.node_id]))


class NodeWithdrawView(_OutlineForm):
    form_class = NodeWithdrawForm
    heading = _("Withdraw from the outline")
    success_message = _("The node and the nodes under it have been withdrawn.")

    def perform(self, form: Any) -> OutlineNode:
        return services.node_withdraw(
            by=self.request.user, node=self.node, reason=form.cleaned_data["reason"]
        )

    def get_success_url(self) -> str:
        return outline_url(self.work)


class OutlineImportView(_OutlineForm):
    form_class = OutlineImportForm
    template_name = "works/outline_import.html"
    heading = _("Import the outline from Word")

    def load(self, request: Any, kwargs: dict[str, Any]) -> Work:
        return visible_object(Work, request.user, kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "work": self.work}

    def perform(self, form: Any) -> int:
        upload = form.cleaned_data["file"]
        data = upload.read(settings.MAX_UPLOAD_BYTES + 1)
        return services.outline_import_docx(
            by=self.request.user, work=self.work, data=data, parent=form.cleaned_data["parent"]
        )

    def form_valid(self, form: Any) -> Any:
        response = super().form_valid(form)
        if response.status_code == 302:
            messages.success(
                self.request,
                ngettext(
                    "%(n)d node has been imported.", "%(n)d nodes have been imported.", self.result
                )
                % {"n": self.result},
            )
        return response


class _OutlineExport(LoginRequiredMixin, View):
    """The outline as the user sees it (a unit sees only its own nodes)."""

    suffix = ""
    content_type = ""

    def build(self, title: str, rows: list[dict[str, Any]]) -> bytes:
        raise NotImplementedError

    def get(self, request: Any, pk: int) -> HttpResponse:
        work = visible_object(Work, request.user, pk)
        rows = services.outline_rows(work, request.user)
        response = HttpResponse(self.build(work.title, rows), content_type=self.content_type)
        name = f"《{work.title}》{pgettext('file name', 'Outline')}.{self.suffix}"
        response["Content-Disposition"] = content_disposition_header(True, name)
        response["Cache-Control"] = "private, no-store"
        return response


class OutlineExportDocxView(_OutlineExport):
    suffix, content_type = "docx", DOCX

    def build(self, title: str, rows: list[dict[str, Any]]) -> bytes:
        from ..docx_io import outline_to_docx

        return outline_to_docx(title, rows)


class OutlineExportXlsxView(_OutlineExport):
    suffix, content_type = "xlsx", XLSX

    def build(self, title: str, rows: list[dict[str, Any]]) -> bytes:
        from ..docx_io import outline_to_xlsx

        return outline_to_xlsx(title, rows)


urls = [
    path("<int:pk>/outline/", OutlineView.as_view(), name="outline"),
    path("<int:pk>/outline/add/", NodeAddView.as_view(), name="outline_node_add"),
    path("<int:pk>/outline/import/", OutlineImportView.as_view(), name="outline_import"),
    path(
        "<int:pk>/outline/export.docx", OutlineExportDocxView.as_view(), name="outline_export_docx"
    ),
    path(
        "<int:pk>/outline/export.xlsx", OutlineExportXlsxView.as_view(), name="outline_export_xlsx"
    ),
    path("outline/<int:pk>/edit/", NodeEditView.as_view(), name="outline_node_edit"),
    path("outline/<int:pk>/assign/", NodeAssignView.as_view(), name="outline_node_assign"),
    path("outline/<int:pk>/reviewer/", ReviewerAssignView.as_view(), name="outline_reviewer"),
    path("outline/reviewers/<int:pk>/end/", ReviewerEndView.as_view(), name="outline_reviewer_end"),
    path("outline/<int:pk>/withdraw/", NodeWithdrawView.as_view(), name="outline_node_withdraw"),
    path("outline/<int:pk>/restore/", NodeRestoreView.as_view(), name="outline_node_restore"),
    path("outline/<int:pk>/move/", NodeMoveView.as_view(), name="outline_node_move"),
    path("outline/<int:pk>/shift/", NodeShiftView.as_view(), name="outline_node_shift"),
]
