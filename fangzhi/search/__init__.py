"""Search (检索): exact, ranked full-text search of Chinese records on SQLite and PostgreSQL."""
