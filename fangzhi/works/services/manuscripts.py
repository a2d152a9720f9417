"""Manuscripts (文稿): versions from Word or the browser, comparison, comments, sign-off
and the office's review of each node.

三.七: every version is kept; a save never overwrites another person's work. 三.三: the
unit answers for the truth, accuracy and completeness of what it submits, which its
head's sign-off (签发) records.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fangzhi.accounts.roles import Role, role_of
from fangzhi.audit.context import acting
from fangzhi.core.errors import Conflict, ServiceError
from fangzhi.core.files import file_read, file_store
from fangzhi.core.models import StoredFile

from ..models import (
    Comment,
    ManuscriptAsset,
    ManuscriptVersion,
    NodeEvent,
    NodeReviewer,
    OutlineNode,
    SignOff,
)
from .common import can_write_manuscript, clean_text, in_unit, is_office, require

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
UNIT_WRITABLE = (OutlineNode.State.ASSIGNED, OutlineNode.State.RETURNED)


def default_statement() -> str:
    # 三.三: 承编单位对所提供资料的真实性、准确性、完整性负责.
    return _(
        "Our unit answers for the truth, accuracy and completeness of the material it submits."
    )


def image_prefix(node: OutlineNode) -> str:
    return f"/works/nodes/{node.pk}/images/"


def _check_can_save(by: Any, node: OutlineNode, base_revision: int | None) -> None:
    require(can_write_manuscript(by, node))
    if node.withdrawn:
        raise ServiceError(_("The node has been withdrawn."))
    if not is_office(by) and node.state not in UNIT_WRITABLE:
        raise ServiceError(
            _(
                "The manuscript has been submitted; it can be changed again once the office "
                "returns it."
            ),
            code="locked",
        )
    if base_revision is None:
        raise ServiceError(_("The form is missing the version it was based on."), field="base")
    if int(base_revision) != node.revision:
        raise Conflict(
            _(
                "Someone else saved this manuscript after you opened it. Your text was not "
                "saved over theirs: open the latest version, compare, and save again."
            )
        )


def _new_version(
    *, by: Any, node: OutlineNode, html: str, text: str, source: str, **extra: Any
) -> ManuscriptVersion:
    """Write the next version; the node's revision moves on in the same transaction."""
    locked = OutlineNode.objects.select_for_update().get(pk=node.pk)
    if locked.revision != node.revision:
        raise Conflict(_("Someone else saved this manuscript at the same moment. Try again."))
    latest = locked.versions.order_by("-number").first()
    try:
        with transaction.atomic():
            version = ManuscriptVersion.objects.create(
                node=locked,
                number=(latest.number + 1) if latest else 1,
                html=html,
                text=text,
                char_count=sum(1 for c in text if not c.isspace()),
                source=source,
                based_on=latest,
                author=by,
                **extra,
            )
    except IntegrityError:
        raise Conflict(
            _("Someone else saved this manuscript at the same moment. Try again.")
        ) from None
    OutlineNode.objects.filter(pk=node.pk).update(revision=locked.revision + 1)
    node.revision = locked.revision + 1
    # 精品意识: every new version is checked in the background once it is saved.
    from fangzhi.quality.services import version_check_queue

    transaction.on_commit(lambda: version_check_queue(version), robust=True)
    # The node's latest text is searchable once it is saved (indexed in the background).
    from fangzhi.search.services import index_after_commit

    index_after_commit(version)
    return version


def version_upload(
    *, by: Any, node: OutlineNode, data: bytes, filename: str, base_revision: int | None
) -> ManuscriptVersion:
    """Import a .docx (Word or WPS) as the node's next version: headings, paragraphs,
    tables, footnotes and images are kept, the HTML is sanitised, images go to the file
    store. A broken, encrypted, macro-carrying or oversized file stores nothing."""
    from ..docx_io import DocxError, docx_to_html
    from .messages import docx_error_message

    _check_can_save(by, node, base_revision)
    filename = (
        clean_text(
            filename.replace("\\", "/").rsplit("/", 1)[-1],
            field="file",
            label=_("File name"),
            max_length=255,
            required=False,
        )
        or "manuscript.docx"
    )
    images: dict[str, tuple[bytes, str]] = {}
    prefix = image_prefix(node)

    def store_image(content: bytes, content_type: str) -> str:
        digest = hashlib.sha256(content).hexdigest()
        images[digest] = (content, content_type)
        return prefix + digest

    try:
        result = docx_to_html(
            data, store_image=store_image, image_prefix=prefix, max_bytes=settings.MAX_UPLOAD_BYTES
        )
    except DocxError as exc:
        raise ServiceError(docx_error_message(exc), code=exc.code, field="file") from None
    with acting(by), transaction.atomic():
        for content, content_type in images.values():
            stored = file_store(content, content_type=content_type)
            ManuscriptAsset.objects.get_or_create(node=node, file=stored)
        source_file = file_store(data, content_type=DOCX_TYPE)
        return _new_version(
            by=by,
            node=node,
            html=result.html,
            text=result.text,
            source=ManuscriptVersion.Source.UPLOAD,
            source_file=source_file,
            source_name=filename,
            warnings=[str(w)[:500] for w in result.warnings[:50]],
        )


def version_save_html(
    *, by: Any, node: OutlineNode, html: str, base_revision: int | None, note: str = ""
) -> ManuscriptVersion:
    """Save text edited in the browser as the next version (sanitised: no script, no
    outside image survives)."""
    from ..docx_io import html_to_text, sanitise_html

    _check_can_save(by, node, base_revision)
    if len(html or "") > 20_000_000:
        raise ServiceError(_("The text is too long."), field="html")
    note = clean_text(note, field="note", label=_("Note"), max_length=200, required=False)
    clean = sanitise_html(html or "", image_prefix=image_prefix(node))
    text = html_to_text(clean)
    if not text.strip():
        raise ServiceError(_("The manuscript is empty."), field="html")
    with acting(by), transaction.atomic():
        return _new_version(
            by=by,
            node=node,
            html=clean,
            text=text,
            source=ManuscriptVersion.Source.EDITOR,
            note=note,
        )


def asset_for(node: OutlineNode, sha256: str) -> StoredFile | None:
    asset = (
        ManuscriptAsset.objects.filter(node=node, file__sha256=sha256)
        .select_related("file")
        .first()
    )
    return asset.file if asset else None


def version_export_docx(version: ManuscriptVersion) -> bytes:
    """The version as a Word file (headings, tables, images, notes)."""
    from ..docx_io import html_to_docx

    prefix = image_prefix(version.node)

    def load_image(src: str) -> bytes | None:
        if not src.startswith(prefix):
            return None
        stored = asset_for(version.node, src[len(prefix) :])
        return file_read(stored) if stored else None

    return html_to_docx(version.html, title=version.node.title, load_image=load_image)


def versions_compare(old: ManuscriptVersion, new: ManuscriptVersion) -> dict[str, Any]:
    """Side-by-side rows and counts for two versions of the same node."""
    from fangzhi.text.diff import diff_stats, diff_texts, side_by_side

    if old.node_id != new.node_id:
        raise ServiceError(_("Only versions of the same manuscript can be compared."))
    return {
        "rows": side_by_side(old.text, new.text),
        "stats": diff_stats(diff_texts(old.text, new.text)),
    }


# --- comments ---------------------------------------------------------------------------------


def can_comment(user: Any, node: OutlineNode) -> bool:
    """Editors and the reviewers asked to read the node comment (三.三 审改)."""
    if is_office(user):
        return True
    return (
        role_of(user) == Role.REVIEWER
        and NodeReviewer.objects.filter(node=node, reviewer=user, ended_at__isnull=True).exists()
    )


def comment_add(
    *,
    by: Any,
    version: ManuscriptVersion,
    body: str,
    quote: str = "",
    start: int | None = None,
    end: int | None = None,
) -> Comment:
    """Comment on a version, optionally on the passage ``text[start:end]`` (``quote``)."""
    require(can_comment(by, version.node))
    body = clean_text(body, field="body", label=_("Comment"), max_length=5000, required=True)
    quote = clean_text(quote, field="quote", label=_("Passage"), max_length=5000, required=False)
    if (start is None) != (end is None):
        raise ServiceError(_("A passage needs its start and its end."), field="start")
    if start is not None and end is not None:
        if not 0 <= start < end <= len(version.text):
            raise ServiceError(_("The passage is outside the text."), field="start")
        if quote and version.text[start:end] != quote:
            raise ServiceError(_("The passage does not match the text."), field="quote")
        quote = quote or version.text[start:end]
    with acting(by), transaction.atomic():
        comment = Comment.objects.create(
            version=version, body=body, quote=quote, start=start, end=end, author=by
        )
    from .notify import notify_unit

    if version.node.unit_id:
        notify_unit(
            unit=version.node.unit,
            event_key=f"comment:{comment.pk}",
            title=_("New comment on %(title)s") % {"title": version.node.title},
            body=body[:500],
            url=f"/works/nodes/{version.node_id}/",
        )
    return comment


def comment_resolve(*, by: Any, comment: Comment, resolution: str = "") -> Comment:
    """Mark a comment resolved; it stays, with who resolved it and how."""
    node = comment.version.node
    require(
        is_office(by) or comment.author_id == getattr(by, "pk", None) or in_unit(by, node.unit_id)
    )
    if comment.is_resolved:
        raise ServiceError(_("The comment is already resolved."), code="already_resolved")
    resolution = clean_text(
        resolution, field="resolution", label=_("Resolution"), max_length=2000, required=False
    )
    with acting(by), transaction.atomic():
        comment.resolved_at = timezone.now()
        comment.resolved_by = by
        comment.resolution = resolution
        comment.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    return comment


# --- the node's way through: sign-off, review, return, acceptance -----------------------------


def node_sign_off(
    *, by: Any, node: OutlineNode, version: ManuscriptVersion | None = None, statement: str = ""
) -> SignOff:
    """The unit head signs off (签发) the latest version: the unit's submission."""
    require(role_of(by) == Role.UNIT_HEAD and in_unit(by, node.unit_id))
    if node.state not in UNIT_WRITABLE:
        raise ServiceError(
            _("Only an assigned or returned node can be signed off."), code="not_open"
        )
    latest = node.versions.order_by("-number").first()
    if latest is None:
        raise ServiceError(_("There is no manuscript to sign off yet."), code="no_version")
    if version is not None and version.pk != latest.pk:
        raise ServiceError(_("Only the latest version can be signed off."), field="version")
    if SignOff.objects.filter(version=latest).exists():
        # A returned manuscript is revised before it is signed off again (one sign-off
        # per version, enforced by the database too).
        raise ServiceError(
            _("This version has already been signed off; save the revised text first."),
            code="already_signed",
        )
    statement = clean_text(
        statement or default_statement(),
        field="statement",
        label=_("Statement"),
        max_length=2000,
        required=True,
    )
    with acting(by), transaction.atomic():
        signoff = SignOff.objects.create(
            node=node, version=latest, unit_id=node.unit_id, signed_by=by, statement=statement
        )
        _transition(node, OutlineNode.State.SUBMITTED, NodeEvent.Action.SUBMIT, by, version=latest)
    return signoff


def _transition(
    node: OutlineNode, state: str, action: str, by: Any, *, reason: str = "", version: Any = None
) -> None:
    node.state = state
    node.save(update_fields=["state"])
    NodeEvent.objects.create(
        node=node, action=action, unit_id=node.unit_id, by=by, reason=reason, version=version
    )


def node_review_start(*, by: Any, node: OutlineNode) -> OutlineNode:
    require(is_office(by))
    if node.state != OutlineNode.State.SUBMITTED:
        raise ServiceError(_("Only a submitted node can be taken into review."), code="not_open")
    with acting(by), transaction.atomic():
        _transition(node, OutlineNode.State.IN_REVIEW, NodeEvent.Action.START_REVIEW, by)
    return node


def node_return(*, by: Any, node: OutlineNode, reason: str) -> OutlineNode:
    """Send a node back to its unit; the reasons are shown to the unit."""
    require(is_office(by))
    if node.state not in (OutlineNode.State.SUBMITTED, OutlineNode.State.IN_REVIEW):
        raise ServiceError(
            _("Only a submitted node or one in review can be returned."), code="not_open"
        )
    reason = clean_text(reason, field="reason", label=_("Reasons"), max_length=5000, required=True)
    with acting(by), transaction.atomic():
        _transition(node, OutlineNode.State.RETURNED, NodeEvent.Action.RETURN, by, reason=reason)
    from .notify import notify_unit

    notify_unit(
        unit=node.unit,
        event_key=f"node_returned:{node.pk}:{node.events.first().pk}",
        title=_("Returned for revision: %(title)s") % {"title": node.title},
        body=reason,
        url=f"/works/nodes/{node.pk}/",
    )
    return node


def node_accept(*, by: Any, node: OutlineNode) -> OutlineNode:
    require(is_office(by))
    if node.state not in (OutlineNode.State.SUBMITTED, OutlineNode.State.IN_REVIEW):
        raise ServiceError(
            _("Only a submitted node or one in review can be accepted."), code="not_open"
        )
    with acting(by), transaction.atomic():
        _transition(node, OutlineNode.State.ACCEPTED, NodeEvent.Action.ACCEPT, by)
    return node
