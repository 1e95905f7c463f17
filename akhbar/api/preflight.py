"""CORS preflight for the read API.

A browser sends `OPTIONS` before a cross-origin GET that carries a header outside the
CORS safelist, and revalidating with `If-None-Match` is such a header. Ninja answers
OPTIONS with 405, so the preflight is answered here, before routing, for the origins
that `allow_cors` lets read.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from akhbar.api.caching import allowed_origin

API_PREFIX = "/api/v1/"
READ_METHODS = frozenset({"GET", "HEAD"})
# What a reader revalidating a cached copy sends; nothing that could carry a token.
ALLOWED_HEADERS = "If-None-Match, If-Modified-Since"
PREFLIGHT_MAX_AGE = 86400


class ApiPreflightMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "OPTIONS" and request.path.startswith(API_PREFIX):
            return preflight_response(request)
        return self.get_response(request)


def preflight_response(request: HttpRequest) -> HttpResponse:
    """204 with the CORS grant for reads from an allowed origin; 204 without it otherwise,
    which the browser reads as a refusal."""
    response = HttpResponse(status=204)
    response.headers["Allow"] = "GET, HEAD, OPTIONS"
    origin = allowed_origin(request.headers.get("Origin"))
    requested = request.headers.get("Access-Control-Request-Method", "").upper()
    if origin is not None and requested in READ_METHODS:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD"
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
        if origin != "*":
            response.headers["Vary"] = "Origin"
    return response
