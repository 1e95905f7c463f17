"""HTTP caching and browser access for the read API: ETag, Last-Modified, 304 and CORS.

Both are ninja "view" decorators: they wrap each operation's full response, including
the 429 and error responses the operation's checks produce.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.decorators import decorator_from_middleware
from django.utils.http import http_date

# An ETag from the body's hash (Django's ConditionalGetMiddleware, per view): always
# right, however the data changed (an author renamed, a most-read count moved), and
# together with Last-Modified answered with 304 when the client's copy is current.
conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


def set_last_modified(response: HttpResponse, moments: Iterable[datetime | None]) -> None:
    """Last-Modified from the newest of `moments` (publication times of what is shown)."""
    newest = max((moment for moment in moments if moment is not None), default=None)
    if newest is not None:
        response.headers["Last-Modified"] = http_date(newest.timestamp())


def allowed_origin(origin: str | None) -> str | None:
    """The Access-Control-Allow-Origin value for `origin`, or None when it may not read."""
    origins = settings.AKHBAR_API_CORS_ORIGINS
    if "*" in origins:
        return "*"
    return origin if origin in origins else None


def allow_cors(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let the configured origins read GET responses from a browser.

    Only reads: the token-authenticated write endpoint is for servers, so browsers on other
    origins get no CORS headers for it and cannot send a token cross-origin.
    """

    @wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = run(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return response
        origin = allowed_origin(request.headers.get("Origin"))
        if origin is not None:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Expose-Headers"] = "ETag, Retry-After"
        if "*" not in settings.AKHBAR_API_CORS_ORIGINS:
            patch_vary_headers(response, ["Origin"])
        return response

    return wrapper
