"""A WSGI layer in front of Django that answers page-cache hits from this process's memory.

Like WhiteNoise for static files, it wraps the WSGI application (akhbar.wsgi) so that a hit
skips Django's handler altogether: no request object, no signals, no middleware. Everything
else — misses, conditional requests, sessions, POSTs, any path the page cache does not keep —
goes to Django, where PageCacheMiddleware renders, stores and copies pages into the memory
this layer reads (akhbar.publishing.memory).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.middleware.gzip import re_accepts_gzip

from akhbar.publishing.backends.base import get_backend
from akhbar.publishing.backends.cache import PageCacheBackend
from akhbar.publishing.memory import Key

#: The request's memory key, set in the WSGI environ when the front is in place: only then does
#: the middleware fill the memory, so processes without the front (the tests' client,
#: management commands) keep none. Set here because Django rewrites PATH_INFO in the environ.
FRONT_KEY = "akhbar.page_cache_key"
#: Requests the front leaves to Django: credentials, and revalidations (Django's conditional
#: logic answers them from the shared cache, 304 or not).
PASS_HEADERS = ("HTTP_AUTHORIZATION", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def memory_key(environ: dict[str, Any]) -> Key:
    return (
        environ.get("HTTP_HOST", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
    )


class PageCacheFront:
    """Wraps Django's WSGI application; see the module docstring."""

    def __init__(self, application: WSGIApp) -> None:
        self.application = application

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        backend = get_backend(PageCacheBackend)
        if backend is None or backend.memory is None:
            return self.application(environ, start_response)
        key = environ[FRONT_KEY] = memory_key(environ)
        method = environ.get("REQUEST_METHOD")
        if (
            method not in ("GET", "HEAD")
            or any(name in environ for name in PASS_HEADERS)
            or f"{settings.SESSION_COOKIE_NAME}=" in environ.get("HTTP_COOKIE", "")
        ):
            return self.application(environ, start_response)
        page = backend.memory.get(key, backend.current_version)
        if page is None:
            return self.application(environ, start_response)
        gzipped = re_accepts_gzip.search(environ.get("HTTP_ACCEPT_ENCODING", ""))
        headers, body = page.gzipped if gzipped else page.plain
        start_response("200 OK", [*headers, ("X-Akhbar-Cache", "hit")])
        return [b"" if method == "HEAD" else body]
