"""Render reader paths in-process, as an anonymous visitor of the default site would see them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.handlers.base import BaseHandler
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import Site

from akhbar.publishing.invalidation import SITEMAP_PREFIXES
from akhbar.publishing.models import RenderedPage, RenderedPageArticle
from akhbar.publishing.recording import recording, unrecorded

#: Set on the requests the publisher makes, so that the page cache neither answers nor
#: records them (the publisher records them itself).
PUBLISHER_FLAG = "akhbar.publishing"

#: Paths whose articles are not recorded: sitemaps list thousands of articles (re-rendered by
#: rule, see invalidation.SITEMAP_PATHS) and fragments are refreshed on their own schedule.
UNRECORDED_PREFIXES = (*SITEMAP_PREFIXES, "/robots.txt", "/fragments/")


@dataclass(frozen=True)
class Rendering:
    """One rendered path: what the publisher writes, and which articles it showed."""

    path: str
    status: int
    body: bytes
    content_type: str
    shown: frozenset[int]


class ReaderHandler(BaseHandler):
    """Django's request handling with the project's middleware, without a server, for the
    default site (looked up once: a publish renders many paths with one handler)."""

    def __init__(self) -> None:
        super().__init__()
        self.load_middleware()
        site = Site.objects.filter(is_default_site=True).first()
        port = site.port if site else 80
        self.host = site.hostname if site else "localhost"
        if port not in (80, 443):
            self.host = f"{self.host}:{port}"
        self.secure = port == 443

    def reader_request(self, path: str):
        """A GET request for `path` on the default site, as an anonymous reader sends it."""
        request = RequestFactory().get(path, HTTP_HOST=self.host, secure=self.secure)
        request.META[PUBLISHER_FLAG] = True
        return request


def render(path: str, *, handler: ReaderHandler | None = None) -> Rendering:
    """Render `path` through the whole middleware stack and record the articles it shows."""
    handler = handler or ReaderHandler()
    request = handler.reader_request(path)
    with recording_for(path) as shown:
        response = handler.get_response(request)
    return Rendering(
        path=path,
        status=response.status_code,
        body=response_body(response),
        content_type=response.get("Content-Type", ""),
        shown=frozenset(shown or ()),
    )


@contextmanager
def recording_for(path: str) -> Iterator[set[int] | None]:
    """Record the articles a render of `path` shows; None for the paths whose articles are
    not recorded (UNRECORDED_PREFIXES), rendered with recording switched off."""
    if path.startswith(UNRECORDED_PREFIXES):
        with unrecorded():
            yield None
    else:
        with recording() as shown:
            yield shown


def response_body(response: HttpResponse) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def remember(path: str, shown: set[int] | frozenset[int], *, etag: str = "") -> None:
    """Store which articles `path` showed, replacing what its previous render showed."""
    with transaction.atomic():
        page, _ = RenderedPage.objects.update_or_create(
            path=path, defaults={"rendered_at": timezone.now(), "etag": etag}
        )
        RenderedPageArticle.objects.filter(page=page).delete()
        RenderedPageArticle.objects.bulk_create(
            RenderedPageArticle(page=page, article_id=article_id) for article_id in sorted(shown)
        )


def forget(path: str) -> None:
    """Drop what a path showed: it is gone (404, redirect) or no longer recorded."""
    RenderedPage.objects.filter(path=path).delete()
