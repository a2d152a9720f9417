"""Background jobs of the returns app; importing this registers their handlers."""

from .services import draft, package  # noqa: F401
