"""Health check, the site icon's fixed address and the reader-facing error pages."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static


def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability for load balancers and the test harness."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """/favicon.ico: browsers ask for it whatever a page's <link rel="icon"> says (for a feed
    or an API answer they show), and so do feed readers and crawlers."""
    return HttpResponsePermanentRedirect(static("akhbar/img/favicon.ico"))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Render 500.html without a context so that it works when the database is down."""
    return HttpResponse(loader.get_template("500.html").render(), status=500)
