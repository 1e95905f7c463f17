"""Read-side queries of the reader site: latest, ticker, most read, related, neighbours."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Case, Count, Max, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Page

from akhbar.news.models import ArticlePage, Author, SectionPage, Urgency


def live_articles() -> QuerySet[ArticlePage]:
    """Published, public articles, newest first; the base of every reader-facing list."""
    return (
        ArticlePage.objects.live()
        .public()
        .filter(first_published_at__isnull=False)
        .order_by("-first_published_at", "-pk")
    )


def cards(queryset: QuerySet[ArticlePage]) -> QuerySet[ArticlePage]:
    """Fetch what an article card shows (image and its renditions) without a query per card."""
    return queryset.select_related("lead_image").prefetch_related("lead_image__renditions")


def active_authors(limit: int = 6) -> list[Author]:
    """Writers with a photo, most recently published first, for the home page strip."""
    return list(
        Author.objects.filter(photo__isnull=False, article_links__page__live=True)
        .annotate(last_published=Max("article_links__page__first_published_at"))
        .select_related("photo")
        .prefetch_related("photo__renditions")
        .order_by("-last_published")[:limit]
    )


def live_sections() -> QuerySet[SectionPage]:
    return SectionPage.objects.live().public().order_by("path")


def ticker_items(limit: int, *, now=None) -> list[ArticlePage]:
    """Unexpired hot and breaking items: breaking first, then by the desk's order, which is
    newest first until an editor moves an item (ticker_position)."""
    now = now or timezone.now()
    queryset = (
        live_articles()
        .exclude(urgency=Urgency.NORMAL)
        .filter(Q(urgent_until__isnull=True) | Q(urgent_until__gt=now))
        .annotate(ticker_key=Coalesce("ticker_position", "first_published_at"))
        .order_by(Case(When(urgency=Urgency.BREAKING, then=0), default=1), "-ticker_key", "-pk")
    )
    return list(queryset[:limit])


def most_read(limit: int = 5, *, days: int | None = None, now=None) -> list[ArticlePage]:
    """Articles with the most beacon-counted reads over the last `days` days."""
    days = days or settings.AKHBAR_MOST_READ_DAYS
    since = (now or timezone.now()).date() - timedelta(days=days - 1)
    return list(
        cards(live_articles())
        .filter(daily_views__day__gte=since)
        .annotate(recent_views=Sum("daily_views__views"))
        .order_by("-recent_views", "-first_published_at")[:limit]
    )


def related(article: ArticlePage, limit: int = 6) -> list[ArticlePage]:
    """Other articles sharing tags or the section: shared tags and section first, then
    shared tags, then the same section; newest first within each group."""
    # Iterate rather than values_list(): a preview's tags live only in memory.
    tag_ids = [tag.pk for tag in article.tags.all()]
    parent_path = article.path[: -ArticlePage.steplen]
    same_section = Q(path__startswith=parent_path, depth=article.depth)
    shares_tag = Q(tagged_items__tag_id__in=tag_ids) if tag_ids else Q(pk__in=[])
    candidates = (
        live_articles()
        .exclude(pk=article.pk)
        .filter(same_section | shares_tag)
        .annotate(shared_tags=Count("tagged_items", filter=shares_tag, distinct=True))
    )
    pool = list(cards(candidates).order_by("-first_published_at")[: limit * 8])
    pool.sort(
        key=lambda a: (
            -(min(a.shared_tags, 1) * 2 + a.path.startswith(parent_path)),
            -a.shared_tags,
            -a.first_published_at.timestamp(),
        )
    )
    return pool[:limit]


def neighbours(article: ArticlePage) -> tuple[ArticlePage | None, ArticlePage | None]:
    """The previous (older) and next (newer) article in the same section."""
    siblings = live_articles().sibling_of(article, inclusive=False).only("title", "url_path")
    when = article.first_published_at
    if when is None:
        return None, None
    older = siblings.filter(first_published_at__lt=when).first()
    newer = siblings.filter(first_published_at__gt=when).order_by("first_published_at").first()
    return older, newer


def section_blocks(per_section: int = 4) -> list[tuple[SectionPage, list[ArticlePage]]]:
    """Each live section with its newest articles, for the home page."""
    blocks = []
    for section in live_sections():
        items = list(cards(live_articles().child_of(section))[:per_section])
        if items:
            blocks.append((section, items))
    return blocks


def home_context(home: Page) -> dict:
    latest = list(cards(live_articles())[:14])
    return {
        "lead": latest[0] if latest else None,
        "secondary": latest[1:5],
        "latest": latest[5:14],
        "section_blocks": section_blocks(),
        "most_read": most_read(),
        "featured_authors": active_authors(),
    }


def article_context(article: ArticlePage) -> dict:
    older, newer = neighbours(article)
    return {
        "authors": [link.author for link in article.article_authors.select_related("author")],
        "article_tags": list(article.tags.all()),
        "related_articles": related(article),
        "previous_article": older,
        "next_article": newer,
        "section": article.section,
    }
