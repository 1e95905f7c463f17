"""WSGI entry point for granian or gunicorn (`akhbar.wsgi:application`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.production")

application = get_wsgi_application()
