"""Pages: reviews (being written)."""

urls: list = []
