"""Configuration comes from FANGZHI_* variables, with safe embedded defaults."""

import json
import os
import subprocess
import sys

import pytest

from fangzhi.settings import secret_key_problem

GOOD_KEY = "x7Gq2LwPz9Vr4Ts8Kd1Nb6Hm3Jc5Yf0Ua_eRiOpQsWtZyXvBnMlKjHgFdSa-1234"


def load_settings(tmp_path, **env):
    """Import fangzhi.settings in a fresh interpreter and report what it decided."""
    script = (
        "import json, fangzhi.settings as s;"
        "print(json.dumps({'debug': s.DEBUG, 'db': s.DATABASES['default']['ENGINE'],"
        "'db_name': str(s.DATABASES['default']['NAME']), 'huey': s.HUEY['huey_class'],"
        "'storage': s.STORAGES['default']['BACKEND'], 'data': str(s.DATA_DIR),"
        "'key_len': len(s.SECRET_KEY), 'hasher': s.PASSWORD_HASHERS[0]}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("FANGZHI_")}
    clean["FANGZHI_DATA_DIR"] = str(tmp_path / "data")
    clean.update(env)
    proc = subprocess.run(
        [sys.executable, "-c", script], env=clean, capture_output=True, text=True, timeout=60
    )
    return proc


def test_embedded_defaults(tmp_path):
    proc = load_settings(tmp_path)
    assert proc.returncode == 0, proc.stderr
    cfg = json.loads(proc.stdout)
    assert cfg["debug"] is False  # production unless development is asked for
    assert cfg["db"] == "django.db.backends.sqlite3"
    assert cfg["db_name"] == str(tmp_path / "data" / "fangzhi.sqlite3")
    assert cfg["huey"] == "huey.SqliteHuey"
    assert cfg["storage"] == "django.core.files.storage.FileSystemStorage"
    assert cfg["hasher"].endswith("Argon2PasswordHasher")
    key_file = tmp_path / "data" / "secret_key"
    assert key_file.exists() and oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert secret_key_problem(key_file.read_text().strip()) is None
    # The same key is kept across restarts.
    first_key = key_file.read_text()
    again = load_settings(tmp_path)
    assert again.returncode == 0, again.stderr
    assert key_file.read_text() == first_key


def test_scale_settings(tmp_path):
    proc = load_settings(
        tmp_path,
        FANGZHI_DATABASE_URL="postgresql://fz@db.example:5432/fangzhi",
        FANGZHI_REDIS_URL="redis://127.0.0.1:6379/3",
        FANGZHI_S3_BUCKET="fangzhi-files",
        FANGZHI_S3_ENDPOINT_URL="http://127.0.0.1:8333",
        FANGZHI_SECRET_KEY=GOOD_KEY,
    )
    assert proc.returncode == 0, proc.stderr
    cfg = json.loads(proc.stdout)
    assert cfg["db"] == "django.db.backends.postgresql"
    assert cfg["db_name"] == "fangzhi"
    assert cfg["huey"] == "huey.RedisHuey"
    assert cfg["storage"] == "storages.backends.s3.S3Storage"


@pytest.mark.parametrize(
    "key",
    ["short", "django-insecure-" + "a1b2c3d4e5" * 6, "a" * 80, "changeme" + "Zx9" * 20],
)
def test_production_refuses_insecure_secret_key(tmp_path, key):
    proc = load_settings(tmp_path, FANGZHI_SECRET_KEY=key)
    assert proc.returncode != 0
    assert "FANGZHI_SECRET_KEY is insecure" in proc.stderr


def test_development_mode_accepts_weak_key(tmp_path):
    proc = load_settings(tmp_path, FANGZHI_SECRET_KEY="dev", FANGZHI_DEBUG="1")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["debug"] is True


def test_good_key_accepted_in_production(tmp_path):
    proc = load_settings(tmp_path, FANGZHI_SECRET_KEY=GOOD_KEY)
    assert proc.returncode == 0, proc.stderr
