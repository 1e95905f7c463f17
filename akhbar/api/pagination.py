"""limit/offset pages of a list, as {"count", "next", "previous", "results"}."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.http import urlencode
from ninja import Schema
from pydantic import Field

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Deeper than any reader pages; database integers overflow far beyond it (SQLite: 2**63).
MAX_OFFSET = 1_000_000


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip")


def paginate(
    request: HttpRequest,
    items: QuerySet | Sequence,
    params: PageParams,
    *,
    convert: Callable[[Sequence], list[Any]] = list,
) -> dict:
    """The requested slice of `items`, converted (e.g. by `syndicate`), with links around it."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    window = items[params.offset : params.offset + params.limit]
    has_next = params.offset + params.limit < count
    has_previous = params.offset > 0
    return {
        "count": count,
        "next": _link(request, params.offset + params.limit, params.limit) if has_next else None,
        "previous": _link(request, max(params.offset - params.limit, 0), params.limit)
        if has_previous
        else None,
        "results": convert(window),
    }


def _link(request: HttpRequest, offset: int, limit: int) -> str:
    query = request.GET.copy()
    query["offset"] = str(offset)
    query["limit"] = str(limit)
    return request.build_absolute_uri(
        f"{request.path}?{urlencode(sorted(query.lists()), doseq=True)}"
    )
