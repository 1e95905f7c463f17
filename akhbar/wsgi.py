"""WSGI entry point for granian or gunicorn (`akhbar.wsgi:application`).

Django's application behind the page cache's front, which answers cached reader pages from
each process's memory (akhbar.publishing.front).
"""

import os

from django.core.wsgi import get_wsgi_application

from akhbar.publishing.front import PageCacheFront

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.production")

application = PageCacheFront(get_wsgi_application())
