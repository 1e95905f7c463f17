"""WSGI entry point for granian or gunicorn (`akhbar.wsgi:application`).

Django's application behind the page cache's front, which answers cached reader pages from
each process's memory (akhbar.publishing.front).
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

from akhbar.publishing.front import PageCacheFront

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.production")

application = PageCacheFront(get_wsgi_application())

# What loading the app created (modules, models, settings: some 180,000 objects) lives as
# long as the process. Left to the collector, each full collection walked all of it again,
# 150 ms in the middle of a request every few hundred renders; frozen, it is never walked.
gc.collect()
gc.freeze()
