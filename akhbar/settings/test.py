"""Test settings: fast hashing, isolated data folder, no network."""

import tempfile
from pathlib import Path

from akhbar.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "akhbar-test-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AKHBAR_DATA_DIR = Path(tempfile.mkdtemp(prefix="akhbar-test-"))
MEDIA_ROOT = AKHBAR_DATA_DIR / "media"
STATIC_ROOT = AKHBAR_DATA_DIR / "static"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["NAME"] = str(AKHBAR_DATA_DIR / "test.sqlite3")  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
