"""Articles as feeds, sitemaps and the API hand them out: one query shape, no query per item."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import HttpRequest
from django.urls import reverse

from akhbar.core.models import SiteSettings
from akhbar.feeds.images import SharedImage, rendition_prefetch, shared_image
from akhbar.news.models import ArticleAuthor, ArticlePage, ArticleTag, SectionPage
from akhbar.news.queries import cards, in_section, live_articles, site_sections

# What every syndicated article carries besides its own columns, fetched once per list.
RELATED_LOOKUPS = (
    "lead_image",
    rendition_prefetch("lead_image"),
    Prefetch("tagged_items", queryset=ArticleTag.objects.select_related("tag").order_by("pk")),
    Prefetch(
        "article_authors",
        queryset=ArticleAuthor.objects.select_related("author").order_by("sort_order", "pk"),
    ),
)

_FIRST_DAY = date.min + timedelta(days=1)
_LAST_DAY = date.max - timedelta(days=1)


@dataclass(frozen=True)
class Ref:
    """A section, tag or author as an article links to it."""

    name: str
    slug: str
    url: str


@dataclass(frozen=True)
class SyndicatedArticle:
    """An article with what a feed item, a page head or an API object shows, resolved."""

    page: ArticlePage
    url: str
    section: Ref | None
    tags: tuple[Ref, ...]
    authors: tuple[Ref, ...]
    image: SharedImage | None

    @property
    def id(self) -> int:
        return self.page.pk

    @property
    def title(self) -> str:
        return self.page.title

    @property
    def dek(self) -> str:
        return self.page.dek

    @property
    def published_at(self) -> datetime:
        return self.page.published_at

    @property
    def updated_at(self) -> datetime:
        return self.page.last_published_at or self.page.published_at


def article_list(queryset: QuerySet[ArticlePage] | None = None) -> QuerySet[ArticlePage]:
    """Live articles (or a narrower queryset of them), newest first, ready for `syndicate`,
    their images' renditions prefetched."""
    queryset = cards(live_articles() if queryset is None else queryset, body=True)
    return queryset.prefetch_related("lead_image__renditions")


def filter_articles(
    queryset: QuerySet[ArticlePage],
    *,
    section: SectionPage | None = None,
    tag_slug: str | None = None,
    author_slug: str | None = None,
    since: date | None = None,
    until: date | None = None,
    zone: ZoneInfo | None = None,
) -> QuerySet[ArticlePage]:
    """Narrow articles to a section, a tag, an author and whole days in the site's time zone."""
    if section is not None:
        queryset = in_section(queryset, section.path)
    if tag_slug:
        queryset = queryset.filter(tagged_items__tag__slug=tag_slug)
    if author_slug:
        queryset = queryset.filter(article_authors__author__slug=author_slug)
    # Days at the ends of the calendar would overflow once shifted to UTC; they limit nothing.
    if since and since > _FIRST_DAY:
        queryset = queryset.filter(first_published_at__gte=datetime.combine(since, time.min, zone))
    if until and until < _LAST_DAY:
        next_day = until + timedelta(days=1)
        queryset = queryset.filter(
            first_published_at__lt=datetime.combine(next_day, time.min, zone)
        )
    return queryset


def site_zone(request: HttpRequest) -> ZoneInfo:
    """The time zone the site's editors chose; feeds and the API show times in it."""
    return ZoneInfo(SiteSettings.for_request(request).time_zone)


def syndicate(pages: Sequence[ArticlePage], request: HttpRequest) -> list[SyndicatedArticle]:
    """Resolve links, sections, tags, authors and images of `pages` in a fixed number of queries.

    Sections come from one query over live sections (an article's parent is one path step
    up), so a list never asks the page tree for each article's parent.
    """
    pages = list(pages)
    if not pages:
        return []
    prefetch_related_objects(pages, *RELATED_LOOKUPS)
    sections = {section.path: section for section in site_sections()}
    absolute = request.build_absolute_uri
    result = []
    for page in pages:
        section = sections.get(page.path[: -page.steplen])
        result.append(
            SyndicatedArticle(
                page=page,
                url=absolute(page.get_url(request)),
                section=section_ref(section, request) if section else None,
                tags=tuple(
                    Ref(item.tag.name, item.tag.slug, absolute(tag_url(item.tag.slug)))
                    for item in page.tagged_items.all()
                ),
                authors=tuple(
                    Ref(
                        link.author.name, link.author.slug, absolute(link.author.get_absolute_url())
                    )
                    for link in page.article_authors.all()
                ),
                image=shared_image(page.lead_image, request, alt=page.title),
            )
        )
    return result


def section_ref(section: SectionPage, request: HttpRequest) -> Ref:
    return Ref(section.title, section.slug, request.build_absolute_uri(section.get_url(request)))


def tag_url(slug: str) -> str:
    return reverse("news:tag", kwargs={"slug": slug})
