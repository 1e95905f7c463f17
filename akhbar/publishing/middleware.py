"""Serve anonymous readers from the full-page cache, with validators and gzip."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.regex_helper import _lazy_re_compile

from akhbar.publishing.backends.base import get_backend
from akhbar.publishing.backends.cache import CachedPage, PageCacheBackend, compress
from akhbar.publishing.front import FRONT_KEY
from akhbar.publishing.rendering import PUBLISHER_FLAG, recording_for, remember

#: Never cached: the admin, the API (its own caching), search, the read beacon, health,
#: uploads and static files (served with their own headers).
EXCLUDED_PREFIXES = (
    "/admin",
    "/django-admin",
    "/api/",
    "/search/",
    "/hit/",
    "/healthz",
    "/documents/",
)
#: Only the plain page and its ?page=N variants are cached: any other query string (search
#: terms, tracking parameters) would let one client fill the cache with copies.
CACHEABLE_QUERY = _lazy_re_compile(r"^(page=\d{1,6})?$")
CACHEABLE_TYPES = (
    "text/html",
    "text/plain",
    "text/xml",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/json",
    "application/feed+json",
)
#: Headers computed per response, never replayed from the cache.
PER_RESPONSE_HEADERS = {
    "content-length",
    "content-encoding",
    "etag",
    "last-modified",
    "vary",
    "set-cookie",
    "date",
}


class PageCacheMiddleware:
    """A miss renders the page (recording what it shows) and stores it; a hit costs two cache
    reads. Either way, behind the front (akhbar.publishing.front) the page is also kept in
    this process's memory for the next reader. Invalidation (akhbar.publishing.signals)
    drops a path's version in on_commit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        backend = get_backend(PageCacheBackend)
        if backend is None or not cacheable_request(request):
            return self.get_response(request)
        host, path, query = request.get_host(), request.path, request.META.get("QUERY_STRING", "")
        version, page = backend.get(host, path, query)
        state = "hit"
        if page is None:
            state = "miss"
            with recording_for(path) as shown:
                response = self.get_response(request)
            if not cacheable_response(response):
                return response
            page = cached_page(response)
            backend.set(host, path, query, version, page)
            if shown is not None:
                remember(f"{path}?{query}" if query else path, shown, etag=page.etag)
        if FRONT_KEY in request.META:
            backend.keep_in_memory(request.META[FRONT_KEY], path, version, page)
        response = respond(request, page)
        response["X-Akhbar-Cache"] = state
        return response


def cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get(PUBLISHER_FLAG)
        and not request.path.startswith(
            (*EXCLUDED_PREFIXES, settings.STATIC_URL, settings.MEDIA_URL)
        )
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and CACHEABLE_QUERY.match(request.META.get("QUERY_STRING", "")) is not None
    )


def cacheable_response(response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return (
        response.status_code == 200
        and not getattr(response, "streaming", False)
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        # Cookie: only requests without a session cookie reach the cache at all.
        and vary <= {"accept-encoding", "cookie"}
        and response.get("Content-Type", "").split(";")[0].strip() in CACHEABLE_TYPES
    )


def cached_page(response: HttpResponse) -> CachedPage:
    body = response.content
    return CachedPage(
        body=body,
        gzipped=compress(body),
        headers=tuple(
            (name, value)
            for name, value in response.items()
            if name.lower() not in PER_RESPONSE_HEADERS
        ),
        etag=quote_etag(hashlib.sha256(body).hexdigest()[:32]),
        last_modified=int(time.time()),
    )


def respond(request: HttpRequest, page: CachedPage) -> HttpResponse:
    """The cached page for this request: 304 when the client's copy is current, else the
    body, gzipped when the client accepts it."""
    response = get_conditional_response(request, etag=page.etag, last_modified=page.last_modified)
    if response is not None:
        headers = page.validators()
    else:
        gzipped = bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
        headers, body = page.response(gzipped=gzipped)
        response = HttpResponse(b"" if request.method == "HEAD" else body)
    for name, value in headers:
        response[name] = value
    return response
