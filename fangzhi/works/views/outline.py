"""Pages: outline (being written)."""

urls: list = []
