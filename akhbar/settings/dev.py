"""Local development and the embedded default started by `make run`."""

from akhbar.settings.base import *  # noqa: F403
from akhbar.settings.env import env_bool, env_str

DEBUG = env_bool("DEBUG", default=True)
# Development only: production.py refuses to start without a real SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY", "akhbar-dev-only-insecure-key")
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Serve static files straight from the apps' folders: `make run` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
