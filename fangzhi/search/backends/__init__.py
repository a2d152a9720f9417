"""Search backends behind one interface (``base.Backend``), chosen by the database."""

from __future__ import annotations

from django.db import connection

from .base import Backend


def get_backend() -> Backend:
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from .sqlite import SQLiteBackend

        return SQLiteBackend()
    raise RuntimeError(f"No search backend for {connection.vendor}")
