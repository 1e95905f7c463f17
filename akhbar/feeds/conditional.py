"""Conditional GET for lists of articles: answer 304 before rendering anything.

Feed readers and crawlers poll every few minutes; the validators come from one narrow query
over the rows the list shows, so an unchanged feed costs that query and no rendering.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
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


def stamp_of(queryset: QuerySet, *variant: object, shown: int | None = None) -> Stamp:
    """Validators of a list of pages: the ids, publication and revision times of the `shown`
    rows it shows (all by default), plus `variant`.

    An article unpublished, added or republished with its old publication time (as wire
    updates may be) changes the rows shown; `variant` holds what else changes the bytes
    (format, scope, full text or summary). Only the shown rows are read: an aggregate over
    every article of the site feed cost 150 ms at 100,000 articles, on every publish.
    """
    rows = list(
        queryset.values_list("pk", "last_published_at", "latest_revision_created_at")[:shown]
    )
    newest = max((published for _, published, _ in rows if published), default=None)
    key = repr((variant, rows))
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
