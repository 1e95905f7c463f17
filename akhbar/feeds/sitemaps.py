"""sitemap.xml (an index of sections, 50,000 URLs per page at most) and Google's news sitemap.

Articles are listed in one sitemap per month of their first publication, in the time zone
the archive pages count days in (AKHBAR_TIME_ZONE), at `/sitemap-articles-2026-11.xml`: a
publish re-renders its own month, a few thousand URLs, instead of every article of the site
(docs/publishing.md).

Sitemaps are built per request so that every address uses the host the crawler asked,
like robots.txt and the feeds do.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Value,
    When,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.models import Tag
from wagtail.models import Page, Site

from akhbar.feeds.articles import tag_url
from akhbar.feeds.conditional import respond, stamp_of
from akhbar.news.models import ArticlePage, Author
from akhbar.news.paths import page_path_maker
from akhbar.news.queries import live_articles
from akhbar.news.templatetags.news_tags import site_name

# Google News reads articles of the last two days and at most 1,000 URLs per sitemap.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000

#: The section name of a month's articles sitemap, served at /sitemap-articles-2026-11.xml.
MONTH_SECTION = re.compile(r"articles-(?P<year>[1-9][0-9]{3})-(?P<month>0[1-9]|1[0-2])")


class RequestSitemap(Sitemap):
    """A sitemap section that knows the request: its site, and its host for addresses."""

    limit = 50_000

    def __init__(self, request: HttpRequest):
        self.request = request
        site = Site.find_for_request(request)
        self.root = site.root_page if site is not None else Page.get_first_root_node()

    def has_live_article(self, lookup: str) -> Exists:
        """A live article of this site links the row (`lookup` goes from an article to it):
        an EXISTS that stops at the first one, where a join with DISTINCT read every link
        (1.5 s for the tags of 100,000 articles, 4 ms this way)."""
        live = live_articles().descendant_of(self.root)
        return Exists(live.filter(**{lookup: OuterRef("pk")}))

    @cached_property
    def paginator(self) -> Paginator:
        # Counted once: `index` counts each section to leave the empty ones out, then
        # Django's views ask for the paginator again.
        return super().paginator


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
        return whole_seconds(self.items().aggregate(newest=Max("last_published_at"))["newest"])


@dataclass(frozen=True)
class ArticleMonth:
    """A month of the site's calendar that has an articles sitemap; the index also knows how
    many articles it holds and their newest change."""

    year: int
    month: int
    count: int | None = None
    lastmod: datetime | None = None

    @classmethod
    def of(cls, when: datetime) -> ArticleMonth:
        """The month an article first published at `when` is listed in."""
        local = timezone.localtime(when)
        return cls(local.year, local.month)

    @classmethod
    def from_section(cls, section: str) -> ArticleMonth | None:
        """The month of a section name such as `articles-2026-11`; None for any other name,
        and for the last month of year 9999, which has no end."""
        found = MONTH_SECTION.fullmatch(section)
        if found is None:
            return None
        month = cls(int(found["year"]), int(found["month"]))
        try:
            month.bounds()
        except (ValueError, OverflowError):
            return None
        return month

    @property
    def section(self) -> str:
        return f"articles-{self.year:04d}-{self.month:02d}"

    def following(self) -> ArticleMonth:
        return ArticleMonth(self.year + self.month // 12, self.month % 12 + 1)

    def bounds(self) -> tuple[datetime, datetime]:
        """Its first instant and the next month's (midnight of the 1st, local time), in UTC."""
        zone = timezone.get_current_timezone()
        start, end = (
            datetime.combine(date(month.year, month.month, 1), time.min, zone).astimezone(UTC)
            for month in (self, self.following())
        )
        return start, end


class ArticleMonthSitemap(PageSitemap):
    """The live articles first published in one month, oldest first, so that a full page of
    50,000 keeps its URLs."""

    def __init__(self, request: HttpRequest, month: ArticleMonth):
        super().__init__(request)
        self.month = month

    def items(self) -> QuerySet:
        """(url_path, last change) rows: an address and its lastmod need no page object, and
        building 6,000 of them and their URLs was most of a full month's 0.5 s."""
        start, end = self.month.bounds()
        return (
            live_articles()
            .descendant_of(self.root)
            .filter(first_published_at__gte=start, first_published_at__lt=end)
            .order_by("first_published_at", "pk")
            .values_list("url_path", "last_published_at")
        )

    @cached_property
    def path_of(self) -> Callable[[str], str]:
        return page_path_maker(self.root)

    def location(self, item: tuple[str, datetime | None]) -> str:
        return self.path_of(item[0])

    def lastmod(self, item: tuple[str, datetime | None]) -> datetime | None:
        return item[1]

    @cached_property
    def paginator(self) -> Paginator:
        paginator = super().paginator
        if self.month.count is not None:
            # Counted by the index's one grouped query: no count per month.
            paginator.count = self.month.count
        return paginator

    def get_latest_lastmod(self) -> datetime | None:
        if self.month.count is not None:
            return self.month.lastmod
        return super().get_latest_lastmod()


def article_months(root: Page) -> list[ArticleMonth]:
    """The months that have live articles under `root`, oldest first, with their number of
    articles and newest change, in one grouped query that loads no article.

    Grouping by TruncMonth would convert each row's date to the time zone in Python on SQLite
    (0.6 s at 100,000 articles). Instead the month boundaries are worked out here, between
    the oldest and newest publication of any page (two index lookups), and each row finds
    its month by a binary search written as nested CASE expressions.
    """
    dates = Page.objects.filter(first_published_at__isnull=False).values_list(
        "first_published_at", flat=True
    )
    oldest = dates.order_by("first_published_at").first()
    if oldest is None:
        return []
    newest = dates.order_by("-first_published_at").first()
    months = [ArticleMonth.of(oldest)]
    while months[-1] != ArticleMonth.of(newest):
        months.append(months[-1].following())
    starts = [month.bounds()[0] for month in months]
    rows = (
        live_articles()
        .descendant_of(root)
        .order_by()
        .annotate(month=_month_index(starts, 0, len(starts)))
        .values("month")
        .annotate(count=Count("pk"), lastmod=Max("last_published_at"))
        .order_by("month")
    )
    return [
        ArticleMonth(
            months[row["month"]].year,
            months[row["month"]].month,
            count=row["count"],
            lastmod=whole_seconds(row["lastmod"]),
        )
        for row in rows
    ]


def _month_index(starts: list[datetime], low: int, high: int) -> Case | Value:
    """The index in `starts[low:high]` of the month a row's first publication falls in."""
    if high - low == 1:
        return Value(low)
    middle = (low + high) // 2
    return Case(
        When(first_published_at__lt=starts[middle], then=_month_index(starts, low, middle)),
        default=_month_index(starts, middle, high),
        output_field=IntegerField(),
    )


def whole_seconds(when: datetime | None) -> datetime | None:
    return when.replace(microsecond=0) if when else None


class TagSitemap(RequestSitemap):
    """Tag pages that list at least one live article."""

    def items(self) -> QuerySet[Tag]:
        return Tag.objects.filter(self.has_live_article("tagged_items__tag")).order_by("pk")

    def location(self, item: Tag) -> str:
        return tag_url(item.slug)


class AuthorSitemap(RequestSitemap):
    """Author pages of writers with at least one live article."""

    def items(self) -> QuerySet[Author]:
        live = self.has_live_article("article_authors__author")
        return Author.objects.filter(live).order_by("pk")


SECTIONS: dict[str, type[RequestSitemap]] = {
    "pages": PageSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}


def index(request: HttpRequest) -> HttpResponse:
    """The sections and every month's articles sitemap; a section without any URL is left
    out (and answers 404), since the sitemap schema wants at least one <url>."""
    sitemaps = {name: cls(request) for name, cls in SECTIONS.items()}
    root = sitemaps["pages"].root
    for month in article_months(root):
        sitemaps[month.section] = ArticleMonthSitemap(request, month)
    listed = {name: sitemap for name, sitemap in sitemaps.items() if sitemap.paginator.count}
    return sitemap_views.index(request, listed, sitemap_url_name="feeds:sitemap")


def sitemap(request: HttpRequest, section: str) -> HttpResponse:
    if section in SECTIONS:
        found = SECTIONS[section](request)
    elif month := ArticleMonth.from_section(section):
        found = ArticleMonthSitemap(request, month)
    else:
        raise Http404(f"No sitemap {section!r}.")
    if not found.paginator.count:
        raise Http404(f"Sitemap {section!r} lists nothing.")
    # Our template writes lastmod to the second; Django's writes only the day.
    return sitemap_views.sitemap(
        request, {section: found}, section=section, template_name="feeds/sitemap.xml"
    )


def articles_moved(request: HttpRequest) -> HttpResponse:
    """The single articles sitemap of old: a permanent redirect to the index.

    Crawlers that were given this address (Search Console, old robots.txt) follow the
    redirect to the index, which lists every month; serving the current month here instead
    would publish the same URLs at two addresses, drop the older months from what these
    crawlers read, and cost one more render on every publish.
    """
    return redirect("feeds:sitemap_index", permanent=True)


@dataclass(frozen=True)
class NewsEntry:
    location: str
    title: str
    published_at: datetime


def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Articles first published in the last 48 hours, newest first, in Google News format.

    With none, the home page alone, without news metadata: the schema wants at least one
    <url>, and Google reads a <url> without <news:news> as an ordinary address (its advice
    for articles past two days is to drop either the URL or that metadata).
    """
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
            "home": request.build_absolute_uri("/"),
            "publication": site_name({"request": request}),
            "language": settings.LANGUAGE_CODE.split("-")[0],
        }
        return render(request, "feeds/news_sitemap.xml", context, content_type="application/xml")

    return respond(request, stamp_of(articles, "news"), render_sitemap)
