"""`GET /api/v1/search`: the search page's results as JSON, for apps and other sites.

Lenient like the page: any `q` gives a 200 (empty or hostile text gives no results), and
`limit`/`offset` that are out of range or not numbers are clamped or replaced by their
defaults rather than answered with a 422.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from akhbar.search.service import SearchResults, parse_request

router = Router(tags=["search"])

MAX_LIMIT = 50
DEFAULT_LIMIT = 10
# A search reaches the newest 5,000 matches (Ranking.max_results); nobody reads further.
MAX_OFFSET = 5_000


def _clamped(value: Any, *, default: int, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return default
    return min(max(number, low), high)


class SearchParams(Schema):
    q: str = Field("", description='Words to find; quote a phrase: «…» or "…".')
    limit: int = Field(DEFAULT_LIMIT, description=f"1..{MAX_LIMIT}; others are clamped.")
    offset: int = Field(0, description=f"0..{MAX_OFFSET}; others are clamped.")
    section: str = Field("", description="A section's id, slug or title.")
    date_from: str = Field("", alias="from", description="First day, YYYY-MM-DD (site time).")
    date_to: str = Field("", alias="to", description="Last day, YYYY-MM-DD (site time).")
    sort: str = Field("relevance", description="`relevance` (default) or `newest`.")

    @field_validator("limit", mode="before")
    @classmethod
    def _limit(cls, value: Any) -> int:
        return _clamped(value, default=DEFAULT_LIMIT, low=1, high=MAX_LIMIT)

    @field_validator("offset", mode="before")
    @classmethod
    def _offset(cls, value: Any) -> int:
        return _clamped(value, default=0, low=0, high=MAX_OFFSET)


class SearchResultOut(Schema):
    id: int
    title: str
    url: str = Field(description="Absolute path on the site, e.g. /politics/some-story/.")
    published: datetime = Field(description="First publication, ISO 8601 in UTC.")
    section: str = Field(description="The section's title.")
    snippet: str = Field(
        description="HTML: the best passage, escaped, with matched words in <mark>."
    )


class SearchOut(Schema):
    count: int = Field(description="Matching articles; counting stops at 5,000 (then: at least).")
    results: list[SearchResultOut]


@router.get("/search", response=SearchOut, summary="Search published articles")
def search(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    results = SearchResults(
        parse_request(
            q=params.q,
            section=params.section,
            date_from=params.date_from,
            date_to=params.date_to,
            sort=params.sort,
        )
    )
    page = results[params.offset : params.offset + params.limit]
    return {
        "count": results.count(),
        "results": [
            {
                "id": result.hit.id,
                "title": result.hit.title,
                "url": result.hit.url,
                "published": result.hit.published,
                "section": result.hit.section_title,
                "snippet": str(result.snippet_html),
            }
            for result in page
        ],
    }
