"""Test settings: fast hashing, isolated data folder, no network."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from akhbar.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "akhbar-test-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AKHBAR_DATA_DIR = Path(tempfile.mkdtemp(prefix="akhbar-test-"))
_DATA_DIR_OWNER = os.getpid()


def _remove_data_dir() -> None:
    """Remove the data folder when the process that made it exits; a forked child (the
    importer's reading process) inherits the handler and must leave the folder alone."""
    if os.getpid() == _DATA_DIR_OWNER:
        shutil.rmtree(AKHBAR_DATA_DIR, ignore_errors=True)


atexit.register(_remove_data_dir)
MEDIA_ROOT = AKHBAR_DATA_DIR / "media"
STATIC_ROOT = AKHBAR_DATA_DIR / "static"
# WhiteNoise warns about a missing static folder on every request handler it builds.
STATIC_ROOT.mkdir()
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["NAME"] = str(AKHBAR_DATA_DIR / "test.sqlite3")  # noqa: F405
if REDIS_URL:  # noqa: F405
    # One Redis database per xdist worker, so one worker's cache.clear() spares the other's.
    _worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    CACHES["default"]["LOCATION"] = f"{REDIS_URL.rsplit('/', 1)[0]}/{_worker + 1}"  # noqa: F405
else:
    # One process: local memory is enough, and faster to clear before every test.
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# Publishing is off unless a test turns a backend on; its tasks run at once, in-process.
AKHBAR_PUBLISH_BACKENDS = {}
TASKS["publishing"] = {  # noqa: F405
    "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    "QUEUES": ["publishing", "publishing-background"],
}
