"""The floor of any Python path: a bare Django view answering with bytes held in memory.

No apps, no middleware, no database, no template: only what Django and the app server cost per
request. `make bench` serves it under the same granian settings as the app
(`granian --interface wsgi bench.floor:application`), with the published article's HTML.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import re_path

BODY = Path(os.environ["AKHBAR_BENCH_FLOOR_FILE"]).read_bytes()


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [re_path(r"", page)]

settings.configure(
    DEBUG=False,
    SECRET_KEY="akhbar-bench-floor",  # noqa: S106 - signs nothing
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
)
application = get_wsgi_application()
