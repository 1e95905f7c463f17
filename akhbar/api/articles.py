"""/api/v1/articles: the article list with filters, one article by id or by path, and the
token-authenticated endpoint wire services post their stories to."""

from __future__ import annotations

from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Status
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import Site

from akhbar.api import ingest
from akhbar.api.caching import set_last_modified
from akhbar.api.pagination import PageParams, paginate
from akhbar.api.schemas import (
    ArticleDetailOut,
    ArticleFilters,
    ArticleIn,
    ArticleOut,
    DatabaseText,
    Detail,
    IngestOut,
    Paged,
)
from akhbar.feeds.articles import (
    SyndicatedArticle,
    article_list,
    filter_articles,
    site_zone,
    syndicate,
)
from akhbar.news.queries import live_sections

router = Router(tags=["articles"])

# Page ids are 64-bit database integers; anything larger cannot name an article.
MAX_ID = 2**63 - 1


@router.get("", response=Paged[ArticleOut], summary="Articles, newest first")
def list_articles(
    request: HttpRequest,
    response: HttpResponse,
    filters: Query[ArticleFilters],
    page: Query[PageParams],
) -> dict:
    """Published articles, filtered by section, tag, author and publication days."""
    queryset = article_list().defer_streamfields()
    section = None
    if filters.section:
        section = live_sections().filter(slug=filters.section).first()
        if section is None:
            queryset = queryset.none()
    queryset = filter_articles(
        queryset,
        section=section,
        tag_slug=filters.tag,
        author_slug=filters.author,
        since=filters.since,
        until=filters.until,
        zone=site_zone(request),
    )
    data = paginate(request, queryset, page, convert=lambda pages: syndicate(pages, request))
    set_last_modified(response, (article.updated_at for article in data["results"]))
    return data


@router.get(
    "/by-path",
    response={200: ArticleDetailOut, 404: Detail},
    summary="One article by its address on the site",
)
def article_by_path(
    request: HttpRequest, response: HttpResponse, path: DatabaseText
) -> SyndicatedArticle:
    """`path` as the site shows it, e.g. /politics/some-slug/ (percent-encoded or not)."""
    site = Site.find_for_request(request)
    prefix = site.root_page.url_path if site is not None else "/"
    url_path = f"{prefix}{unquote(path).strip('/')}/"
    return _detail(request, response, url_path=url_path)


@router.get("/{article_id}", response={200: ArticleDetailOut, 404: Detail}, summary="One article")
def article_detail(
    request: HttpRequest, response: HttpResponse, article_id: int = Path(..., ge=1, le=MAX_ID)
) -> SyndicatedArticle:
    return _detail(request, response, pk=article_id)


def _detail(request: HttpRequest, response: HttpResponse, **lookup) -> SyndicatedArticle:
    article = syndicate([get_object_or_404(article_list(), **lookup)], request)[0]
    set_last_modified(response, [article.updated_at])
    return article


@router.post(
    "",
    auth=BearerTokenAuth(),
    response={200: IngestOut, 201: IngestOut, 401: Detail, 403: Detail, 404: Detail, 422: Detail},
    summary="Create or update a wire story (token required)",
)
def upsert_article(request: HttpRequest, payload: ArticleIn) -> Status[IngestOut]:
    """Create the story, or update the one posted before with the same guid.

    `Authorization: Bearer <token>` of a newsroom account (`akhbar api_tokens create`):
    the account's page permissions decide, so a writer's token can only make drafts.
    """
    result = ingest.upsert(payload, user=request.user, request=request)
    return Status(201 if result.result == "created" else 200, result)
