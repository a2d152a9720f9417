"""The content-addressed file store: bytes are kept once under their SHA-256.

``file_store`` writes (or finds) a file and returns its ``StoredFile`` row; ``file_read``
gives the bytes back. The storage is Django's default storage: a local folder in the
embedded mode, any S3 API at scale. A file is never overwritten or removed here.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from .models import StoredFile


def file_store(data: bytes, *, content_type: str = "application/octet-stream") -> StoredFile:
    """Store ``data`` once; the same bytes stored again return the same row."""
    digest = hashlib.sha256(data).hexdigest()
    existing = StoredFile.objects.filter(sha256=digest).first()
    if existing is not None:
        if not default_storage.exists(existing.path):  # repaired from a fresh upload
            default_storage.save(existing.path, ContentFile(data))
        return existing
    row = StoredFile(sha256=digest, size=len(data), content_type=content_type[:120])
    if not default_storage.exists(row.path):
        default_storage.save(row.path, ContentFile(data))
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # stored by someone else at the same moment
        return StoredFile.objects.get(sha256=digest)
    return row


def file_read(stored: StoredFile) -> bytes:
    with default_storage.open(stored.path, "rb") as handle:
        return handle.read()
