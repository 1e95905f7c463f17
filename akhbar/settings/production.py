"""Production: PostgreSQL, Redis, nginx in front. Refuses to start half-configured."""

from django.core.exceptions import ImproperlyConfigured

from akhbar.settings.base import *  # noqa: F403
from akhbar.settings.env import env_bool, env_int

DEBUG = False
if not SECRET_KEY or len(SECRET_KEY) < 32:  # noqa: F405
    raise ImproperlyConfigured("Set SECRET_KEY to a random string of at least 32 characters.")
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the site's host names (comma-separated).")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("AKHBAR_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("AKHBAR_HSTS_SECONDS", default=0)
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
