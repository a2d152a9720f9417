"""Pages: manuscripts (being written)."""

urls: list = []
