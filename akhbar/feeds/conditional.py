"""Conditional GET for lists of articles: answer 304 before rendering anything.

Feed readers and crawlers poll every few minutes; the validators come from one aggregate
query, so an unchanged feed costs that query and no rendering.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag


@dataclass(frozen=True)
class Stamp:
    """The validators of a response: a strong ETag and the newest change, if known."""

    etag: str
    last_modified: datetime | None

    @property
    def last_modified_timestamp(self) -> int | None:
        return int(self.last_modified.timestamp()) if self.last_modified else None


def stamp_of(queryset: QuerySet, *variant: object) -> Stamp:
    """Validators of a list of pages: their number and newest publication, plus `variant`.

    The count changes when an article is unpublished, and the newest revision when one is
    republished with its old publication time (as wire updates may be), which the newest
    publication alone would miss; `variant` holds what else changes the bytes (format,
    scope, full text or summary).
    """
    found = queryset.order_by().aggregate(
        count=Count("pk"),
        newest=Max("last_published_at"),
        revised=Max("latest_revision_created_at"),
    )
    newest = found["newest"]
    key = repr((variant, found["count"], newest, found["revised"]))
    return Stamp(quote_etag(hashlib.sha256(key.encode()).hexdigest()[:32]), newest)


def respond(request: HttpRequest, stamp: Stamp, render: Callable[[], HttpResponse]) -> HttpResponse:
    """Answer 304 when the client's copy matches `stamp`, else `render()` with validators set."""
    response = get_conditional_response(
        request, etag=stamp.etag, last_modified=stamp.last_modified_timestamp
    )
    if response is None:
        response = render()
    response.headers["ETag"] = stamp.etag
    if stamp.last_modified_timestamp is not None:
        response.headers["Last-Modified"] = http_date(stamp.last_modified_timestamp)
    return response
