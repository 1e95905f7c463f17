"""Every reader path the publish folder holds, streamed so that 100,000 articles fit."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page, Site

from akhbar.feeds.sitemaps import article_months
from akhbar.news.models import ArticlePage, Author
from akhbar.news.queries import live_articles, live_sections
from akhbar.publishing.invalidation import (
    LIST_SITEMAP_PATHS,
    MOST_READ_PATH,
    SITEMAP_PATHS,
    TICKER_PATH,
    article_sitemap_path,
    feed_paths,
    page_path,
)

CHUNK = 2000


def reader_paths() -> Iterator[str]:
    """Home, pages, every live article, tag/author/archive lists, feeds, sitemaps (each
    month's articles one included), robots.txt and the fragments; first pages only (?page=N
    and a sitemap's ?p=N are served by the app)."""
    yield from ("/robots.txt", TICKER_PATH, MOST_READ_PATH, "/sitemap-pages.xml")
    yield from sorted(SITEMAP_PATHS | LIST_SITEMAP_PATHS)
    # Redirected to the index now (akhbar.feeds.sitemaps.articles_moved): publishing it
    # removes the file an older version left, which nginx would serve instead of the app.
    yield reverse("feeds:sitemap_articles_moved")
    yield from sorted(feed_paths("site"))
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = site.root_page if site else Page.get_first_root_node()
    for month in article_months(root):
        yield article_sitemap_path(month)
    for page in root.get_descendants(inclusive=True).live().public().not_type(ArticlePage):
        if path := page_path(page):
            yield path
    for section in live_sections():
        yield from sorted(feed_paths("section", section.slug))
    live = live_articles()
    tags = Tag.objects.filter(news_articletag_items__content_object__in=live.values("pk"))
    for slug in tags.distinct().order_by("slug").values_list("slug", flat=True):
        yield reverse("news:tag", kwargs={"slug": slug})
        yield from sorted(feed_paths("tag", slug))
    authors = Author.objects.filter(article_links__page__in=live.values("pk"))
    for slug in authors.distinct().order_by("slug").values_list("slug", flat=True):
        yield reverse("news:author", kwargs={"slug": slug})
        yield from sorted(feed_paths("author", slug))
    yield from archive_paths()
    articles = live.only("url_path", "path", "depth").order_by("pk")
    for article in articles.iterator(chunk_size=CHUNK):
        if path := page_path(article):
            yield path


def archive_paths() -> Iterator[str]:
    """The year, month and day archives that have articles, in the site's time zone."""
    days = set()
    dates = live_articles().order_by().values_list("first_published_at", flat=True)
    for when in dates.iterator(chunk_size=CHUNK):
        days.add(timezone.localtime(when).date())
    for year in sorted({day.year for day in days}):
        yield reverse("news:archive_year", kwargs={"year": year})
    for year, month in sorted({(day.year, day.month) for day in days}):
        yield reverse("news:archive_month", kwargs={"year": year, "month": month})
    for day in sorted(days):
        yield reverse(
            "news:archive_day", kwargs={"year": day.year, "month": day.month, "day": day.day}
        )
