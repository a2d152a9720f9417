"""Test settings: the real settings, with a throw-away data folder and a fast hasher.

``FANGZHI_TEST_DATABASE_URL`` selects PostgreSQL (``make test`` runs the suite on SQLite
and then on PostgreSQL). The SQLite test database is a file, so that a real huey
consumer process can open it.
"""

import atexit
import os
import shutil
import tempfile

os.environ["FANGZHI_DATA_DIR"] = _data_dir = tempfile.mkdtemp(prefix="fangzhi-test-")
atexit.register(shutil.rmtree, _data_dir, ignore_errors=True)
os.environ.setdefault("FANGZHI_HUEY_IMMEDIATE", "1")
os.environ.pop("FANGZHI_REDIS_URL", None)  # the suite's own jobs use SQLite storage
os.environ.pop("FANGZHI_DATABASE_URL", None)
os.environ.pop("FANGZHI_S3_BUCKET", None)

from fangzhi.settings import *  # noqa: E402,F403
from fangzhi.settings import DATA_DIR, DATABASES, database_config  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "files"), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

_test_db_url = os.environ.get("FANGZHI_TEST_DATABASE_URL")
if _test_db_url:
    DATABASES = {"default": database_config(_test_db_url)}
else:
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
