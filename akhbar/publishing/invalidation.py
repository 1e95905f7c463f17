"""Which reader paths an article change affects: the rules both publishing backends share.

An article's own URL, every recorded page that showed it, and the sitemaps (which list
articles but are not recorded, see `SITEMAP_PATHS`) are re-rendered on any change: the
index, the news sitemap and the articles sitemap of the article's month (of both months when
its first publication moved). When the article enters or leaves a list (published,
unpublished, moved, deleted, or its tags, authors or date changed) the lists themselves are
re-rendered too: home, its section, tag, author and archive pages, their feeds, and its
neighbours in the section, whose previous/next links point at it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from akhbar.feeds.sitemaps import ArticleMonth
from akhbar.publishing.models import RenderedPage

FEED_FORMATS = ("rss", "atom", "json")

#: The fragments pages embed and site.js refreshes (see docs/publishing.md).
TICKER_PATH = "/fragments/ticker/"
MOST_READ_PATH = "/fragments/most-read/"
#: Re-rendered whenever a live article changes, with the articles sitemap of its month
#: (`article_sitemap_paths`): the index gives each month's newest change, the news sitemap
#: lists the last two days. Sitemaps are not recorded: thousands of rows per month would
#: cost more than re-rendering them by rule.
SITEMAP_PATHS = frozenset({"/sitemap.xml", "/news-sitemap.xml"})
#: Where every sitemap's path starts: `/sitemap.xml`, `/sitemap-pages.xml`,
#: `/sitemap-articles-2026-11.xml`, `/news-sitemap.xml`.
SITEMAP_PREFIXES = ("/sitemap", "/news-sitemap.xml")
#: Sitemaps of tag and author pages: they change only when list membership does.
LIST_SITEMAP_PATHS = frozenset({"/sitemap-tags.xml", "/sitemap-authors.xml"})


@dataclass(frozen=True)
class ArticleState:
    """What decides where an article appears, as published at one moment."""

    pk: int
    url: str | None
    live: bool
    tree_path: str
    section_url: str | None
    section_slug: str
    tag_slugs: tuple[str, ...]
    author_slugs: tuple[str, ...]
    first_published_at: datetime | None
    on_ticker: bool = False

    def lists(self) -> tuple:
        """The part of the state that decides which lists show the article."""
        return (
            self.live,
            self.section_url,
            self.tag_slugs,
            self.author_slugs,
            self.first_published_at,
        )

    def as_json(self) -> dict:
        # Not asdict(), which deep-copies every value: the fields are flat already.
        data = dict(vars(self))
        data["first_published_at"] = (
            self.first_published_at.isoformat() if self.first_published_at else None
        )
        return data

    @classmethod
    def from_json(cls, data: dict) -> ArticleState:
        when = data.get("first_published_at")
        return cls(
            **{
                **data,
                "tag_slugs": tuple(data["tag_slugs"]),
                "author_slugs": tuple(data["author_slugs"]),
                "first_published_at": datetime.fromisoformat(when) if when else None,
            }
        )


def article_state(article) -> ArticleState:
    """Snapshot a saved ArticlePage as it stands in the database now."""
    return article_states([article.pk])[article.pk]


def article_states(pks: Collection[int]) -> dict[int, ArticleState]:
    """`article_state` for many articles at once, in a fixed number of queries."""
    from akhbar.news.models import ArticleAuthor, ArticlePage

    articles = list(
        ArticlePage.objects.filter(pk__in=pks).prefetch_related(
            "tags", Prefetch("article_authors", ArticleAuthor.objects.select_related("author"))
        )
    )
    parents = Page.objects.in_bulk(
        {article.path[: -ArticlePage.steplen] for article in articles}, field_name="path"
    )
    states = {}
    for article in articles:
        parent = parents.get(article.path[: -ArticlePage.steplen])
        states[article.pk] = ArticleState(
            pk=article.pk,
            url=page_path(article),
            live=article.live,
            tree_path=article.path,
            section_url=page_path(parent) if parent is not None else None,
            section_slug=parent.slug if parent is not None else "",
            tag_slugs=tuple(sorted(tag.slug for tag in article.tags.all())),
            author_slugs=tuple(sorted(link.author.slug for link in article.article_authors.all())),
            first_published_at=article.first_published_at,
            on_ticker=article.is_on_ticker(),
        )
    return states


def page_path(page) -> str | None:
    """The path a page is served at on its site, or None when it is not routable."""
    parts = page.get_url_parts()
    return parts[2] if parts else None


def affected_paths(
    before: ArticleState | None, after: ArticleState | None, *, one_of_many: bool = False
) -> set[str]:
    """Every reader path whose content may change when `before` becomes `after`.

    `one_of_many` leaves out the recorded pages and the neighbours, which a caller handling
    many articles at once (`signals.articles_changed`) looks up for all of them together.
    """
    states = [state for state in (before, after) if state is not None]
    if not any(state.live for state in states):
        return {state.url for state in states if state.url}
    paths = {state.url for state in states if state.url}
    if not one_of_many:
        paths |= showing({state.pk for state in states})
    paths |= SITEMAP_PATHS | article_sitemap_paths(*(state for state in states if state.live))
    if any(state.on_ticker for state in states):
        paths.add(TICKER_PATH)
    if before is None or after is None or before.lists() != after.lists():
        paths |= LIST_SITEMAP_PATHS
        paths |= list_paths(*(state for state in states if state.live))
        if not one_of_many and after is not None and after.live:
            paths |= neighbour_paths(after)
    return paths


def showing(article_ids: set[int]) -> set[str]:
    """Paths of the recorded pages that showed any of these articles when last rendered."""
    return set(
        RenderedPage.objects.filter(articles__article_id__in=article_ids)
        .values_list("path", flat=True)
        .distinct()
    )


def list_paths(*states: ArticleState) -> set[str]:
    """The list pages and feeds articles in these states appear in (first pages only): each
    section, tag, author and day once, however many of the articles share it."""
    if not states:
        return set()
    paths = {"/", *feed_paths("site")}
    for url, slug in {(s.section_url, s.section_slug) for s in states if s.section_url}:
        paths.add(url)
        paths |= feed_paths("section", slug)
    for slug in {slug for state in states for slug in state.tag_slugs}:
        paths.add(reverse("news:tag", kwargs={"slug": slug}))
        paths |= feed_paths("tag", slug)
    for slug in {slug for state in states for slug in state.author_slugs}:
        paths.add(reverse("news:author", kwargs={"slug": slug}))
        paths |= feed_paths("author", slug)
    days = {timezone.localtime(s.first_published_at).date() for s in states if s.first_published_at}
    for day in days:
        paths.add(reverse("news:archive_year", kwargs={"year": day.year}))
        paths.add(reverse("news:archive_month", kwargs={"year": day.year, "month": day.month}))
        paths.add(
            reverse(
                "news:archive_day", kwargs={"year": day.year, "month": day.month, "day": day.day}
            )
        )
    return paths


def entered_paths(states: Collection[ArticleState]) -> set[str]:
    """`affected_paths(None, state, one_of_many=True)` for many articles published for the
    first time, with the lists they enter worked out once (`list_paths`)."""
    paths = {state.url for state in states if state.url}
    live = [state for state in states if state.live]
    if live:
        paths |= SITEMAP_PATHS | LIST_SITEMAP_PATHS | article_sitemap_paths(*live)
        paths |= list_paths(*live)
        if any(state.on_ticker for state in live):
            paths.add(TICKER_PATH)
    return paths


def article_sitemap_paths(*states: ArticleState) -> set[str]:
    """The articles sitemaps of the months these articles were first published in."""
    months = {ArticleMonth.of(s.first_published_at) for s in states if s.first_published_at}
    return {article_sitemap_path(month) for month in months}


def article_sitemap_path(month: ArticleMonth) -> str:
    return reverse("feeds:sitemap", kwargs={"section": month.section})


def is_sitemap(path: str) -> bool:
    return path.startswith(SITEMAP_PREFIXES)


def feed_paths(kind: str, slug: str = "") -> set[str]:
    """The RSS, Atom and JSON feed paths of the site (kind "site") or of one subject."""
    if kind == "site":
        return {reverse("feeds:site", kwargs={"fmt": fmt}) for fmt in FEED_FORMATS}
    return {reverse(f"feeds:{kind}", kwargs={"slug": slug, "fmt": fmt}) for fmt in FEED_FORMATS}


def neighbour_paths(state: ArticleState) -> set[str]:
    """The older and newer articles beside this one in its section: their links change."""
    from akhbar.news.models import ArticlePage
    from akhbar.news.queries import live_articles

    if state.first_published_at is None:
        return set()
    parent_path = state.tree_path[: -ArticlePage.steplen]
    siblings = (
        live_articles()
        # A LIKE, not a path range: with no index for it, the database walks the publication
        # time index from the article and stops at the first sibling, where a range would
        # read and sort every article of the section (the cost of each import batch).
        .filter(path__startswith=parent_path, depth=len(state.tree_path) // ArticlePage.steplen)
        .exclude(pk=state.pk)
        .only("url_path")
    )
    when = state.first_published_at
    older = siblings.filter(first_published_at__lt=when).first()
    newer = siblings.filter(first_published_at__gt=when).order_by("first_published_at").first()
    return {path for page in (older, newer) if page for path in [page_path(page)] if path}
