"""Print the PostgreSQL URL the suite should also run on, or nothing if none answers."""

import os

url = os.environ.get("FANGZHI_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
try:
    import psycopg

    psycopg.connect(url, connect_timeout=3).close()
except Exception:  # noqa: BLE001 - any failure means "no server to test on"
    pass
else:
    print(url)
