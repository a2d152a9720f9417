"""Pages: a unit's returns (being written)."""

urls: list = []
