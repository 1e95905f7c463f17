"""/api/v1/sections, /tags, /authors, /ticker and /most-read: what the site's menus,
tag and author pages, breaking strip and «الأكثر قراءة» list show."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Query, Router
from taggit.models import Tag

from akhbar.api.pagination import PageParams, paginate
from akhbar.api.schemas import ArticleOut, AuthorOut, Paged, SectionOut, TagOut
from akhbar.core.models import SiteSettings
from akhbar.feeds.articles import SyndicatedArticle, syndicate, tag_url
from akhbar.news.models import Author, SectionPage
from akhbar.news.queries import live_sections, most_read, ticker_items

router = Router()


@router.get("/sections", response=list[SectionOut], tags=["sections"], summary="Sections")
def sections(request: HttpRequest) -> list[dict]:
    """Live sections in menu order."""
    return [_section(section, request) for section in live_sections()]


@router.get("/tags", response=Paged[TagOut], tags=["tags"], summary="Tags in use")
def tags(request: HttpRequest, page: Query[PageParams]) -> dict:
    """Tags of at least one published article, by name, with their article counts."""
    live = Q(news_articletag_items__content_object__live=True)
    queryset = (
        Tag.objects.annotate(article_count=Count("news_articletag_items", filter=live))
        .filter(article_count__gt=0)
        .order_by("name", "pk")
    )
    return paginate(request, queryset, page, convert=lambda tags: [_tag(t, request) for t in tags])


@router.get("/authors", response=Paged[AuthorOut], tags=["authors"], summary="Authors")
def authors(request: HttpRequest, page: Query[PageParams]) -> dict:
    queryset = Author.objects.order_by("name", "pk")
    return paginate(
        request, queryset, page, convert=lambda authors: [_author(a, request) for a in authors]
    )


@router.get("/ticker", response=list[ArticleOut], tags=["articles"], summary="Breaking strip")
def ticker(request: HttpRequest) -> list[SyndicatedArticle]:
    """Unexpired breaking and hot items, breaking first, as many as the site shows."""
    limit = SiteSettings.for_request(request).ticker_length
    return syndicate(ticker_items(limit), request)


@router.get("/most-read", response=list[ArticleOut], tags=["articles"], summary="Most read")
def most_read_articles(
    request: HttpRequest, limit: int = Query(10, ge=1, le=50)
) -> list[SyndicatedArticle]:
    """The articles with the most reads over the site's most-read window (in days)."""
    return syndicate(most_read(limit), request)


def _section(section: SectionPage, request: HttpRequest) -> dict:
    url = request.build_absolute_uri(section.get_url(request))
    return {
        "id": section.pk,
        "name": section.title,
        "slug": section.slug,
        "url": url,
        "intro": section.intro,
    }


def _tag(tag: Tag, request: HttpRequest) -> dict:
    url = request.build_absolute_uri(tag_url(tag.slug))
    return {"name": tag.name, "slug": tag.slug, "url": url, "article_count": tag.article_count}


def _author(author: Author, request: HttpRequest) -> dict:
    url = request.build_absolute_uri(author.get_absolute_url())
    return {
        "name": author.name,
        "slug": author.slug,
        "url": url,
        "role": author.role,
        "bio": author.bio,
    }
