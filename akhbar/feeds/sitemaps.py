"""sitemap.xml (an index of sections, 50,000 URLs per page at most) and Google's news sitemap.

Sitemaps are built per request so that every address uses the host the crawler asked,
like robots.txt and the feeds do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page, Site

from akhbar.feeds.articles import tag_url
from akhbar.feeds.conditional import respond, stamp_of
from akhbar.news.models import ArticlePage, Author
from akhbar.news.queries import live_articles
from akhbar.news.templatetags.news_tags import site_name

# Google News reads articles of the last two days and at most 1,000 URLs per sitemap.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


class RequestSitemap(Sitemap):
    """A sitemap section that knows the request: its site, and its host for addresses."""

    limit = 50_000

    def __init__(self, request: HttpRequest):
        self.request = request
        site = Site.find_for_request(request)
        self.root = site.root_page if site is not None else Page.get_first_root_node()


class PageSitemap(RequestSitemap):
    """The home page, sections and plain pages: every public page except articles."""

    def items(self) -> QuerySet[Page]:
        return (
            self.root.get_descendants(inclusive=True)
            .live()
            .public()
            .not_type(ArticlePage)
            .order_by("path")
        )

    def location(self, item: Page) -> str:
        return item.get_url(self.request)

    def lastmod(self, item: Page) -> datetime | None:
        return item.last_published_at

    def get_latest_lastmod(self) -> datetime | None:
        # One aggregate instead of Django's default, which loads every item to compare them.
        newest = self.items().aggregate(newest=Max("last_published_at"))["newest"]
        return newest.replace(microsecond=0) if newest else None


class ArticleSitemap(PageSitemap):
    """Every live article, oldest first, so a full page of 50,000 keeps its URLs."""

    def items(self) -> QuerySet[ArticlePage]:
        return (
            live_articles()
            .descendant_of(self.root)
            .order_by("first_published_at", "pk")
            .defer_streamfields()
        )


class TagSitemap(RequestSitemap):
    """Tag pages that list at least one live article."""

    def items(self) -> QuerySet[Tag]:
        live = live_articles().descendant_of(self.root).values("pk")
        return (
            Tag.objects.filter(news_articletag_items__content_object__in=live)
            .distinct()
            .order_by("pk")
        )

    def location(self, item: Tag) -> str:
        return tag_url(item.slug)


class AuthorSitemap(RequestSitemap):
    """Author pages of writers with at least one live article."""

    def items(self) -> QuerySet[Author]:
        live = live_articles().descendant_of(self.root).values("pk")
        return Author.objects.filter(article_links__page__in=live).distinct().order_by("pk")


def sections(request: HttpRequest) -> dict[str, Sitemap]:
    return {
        "pages": PageSitemap(request),
        "articles": ArticleSitemap(request),
        "tags": TagSitemap(request),
        "authors": AuthorSitemap(request),
    }


def index(request: HttpRequest) -> HttpResponse:
    return sitemap_views.index(request, sections(request), sitemap_url_name="feeds:sitemap")


def sitemap(request: HttpRequest, section: str) -> HttpResponse:
    # Our template writes lastmod to the second; Django's writes only the day.
    return sitemap_views.sitemap(
        request, sections(request), section=section, template_name="feeds/sitemap.xml"
    )


@dataclass(frozen=True)
class NewsEntry:
    location: str
    title: str
    published_at: datetime


def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Articles first published in the last 48 hours, newest first, in Google News format."""
    site = Site.find_for_request(request)
    articles = live_articles().filter(first_published_at__gte=timezone.now() - NEWS_WINDOW)
    if site is not None:
        articles = articles.descendant_of(site.root_page)

    def render_sitemap() -> HttpResponse:
        entries = [
            NewsEntry(
                request.build_absolute_uri(article.get_url(request)),
                article.title,
                article.first_published_at.replace(microsecond=0),
            )
            for article in articles.defer_streamfields()[:NEWS_LIMIT]
        ]
        context = {
            "entries": entries,
            "publication": site_name({"request": request}),
            "language": settings.LANGUAGE_CODE.split("-")[0],
        }
        return render(request, "feeds/news_sitemap.xml", context, content_type="application/xml")

    return respond(request, stamp_of(articles, "news"), render_sitemap)
