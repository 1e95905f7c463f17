"""Turn Wagtail's publishing signals into refreshed paths, after the change is committed."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import pre_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from akhbar.news.home import forget_home_blocks
from akhbar.news.queries import forget_chrome
from akhbar.publishing.backends.base import get_backends, reader_path
from akhbar.publishing.invalidation import (
    MOST_READ_PATH,
    SITEMAP_PATHS,
    TICKER_PATH,
    ArticleState,
    affected_paths,
    article_state,
    article_states,
    entered_paths,
    feed_paths,
    neighbour_paths,
    page_path,
    showing,
)
from akhbar.publishing.models import ArticleSnapshot
from akhbar.publishing.sitewide import site_changed

logger = logging.getLogger(__name__)

# The articles published inside `collected()`, or None outside it: each with its state when the
# publisher handed it over (`articles_published`), None when it must be read back.
_batch: ContextVar[dict[int, ArticleState | None] | None] = ContextVar(
    "akhbar_publishing_batch", default=None
)


def connect() -> None:
    from akhbar.news.models import ArticlePage
    from akhbar.newsroom.services import ticker_changed

    page_published.connect(page_changed, dispatch_uid="publishing-published")
    page_unpublished.connect(page_changed, dispatch_uid="publishing-unpublished")
    post_page_move.connect(page_changed, dispatch_uid="publishing-moved")
    pre_delete.connect(article_deleted, sender=ArticlePage, dispatch_uid="publishing-deleted")
    ticker_changed.connect(ticker_edited, dispatch_uid="publishing-ticker")


def refresh(paths: Collection[str], *, first: Collection[str] = ()) -> None:
    """Refresh `paths` in every backend once the current transaction commits; `first` (the
    changed article's own URL) is published before the lists that link to it."""
    ordered = tuple(dict.fromkeys([*(p for p in first if p in paths), *sorted(paths)]))
    # Now for this transaction's own renders, and again on commit (before the paths are
    # rendered) for a render elsewhere that cached the old menu or ticker in between.
    forget_chrome()
    transaction.on_commit(forget_chrome)
    if ordered:
        transaction.on_commit(lambda: invalidate(ordered))


def invalidate(paths: Collection[str]) -> None:
    paths = list(dict.fromkeys(reader_path(path) for path in paths))
    for name, backend in get_backends().items():
        try:
            backend.invalidate(paths)
        except Exception:
            # The change is committed; a backend that is down must not turn it into an error.
            logger.exception("Publishing backend %s could not refresh %d paths", name, len(paths))


@contextmanager
def collected() -> Iterator[dict[int, ArticleState | None]]:
    """Collect the articles published inside (a bulk import's batches) instead of handing
    each over as it is published: the caller hands the collection to `articles_changed`
    when it chooses, and what they affect is worked out once for all of them."""
    published: dict[int, ArticleState | None] = {}
    token = _batch.set(published)
    try:
        yield published
    finally:
        _batch.reset(token)


def articles_published(states: Iterable[ArticleState]) -> None:
    """Articles the caller has just published and holds as they now stand (a bulk import's
    new ones): inside `collected()` their states are used as given instead of read back."""
    batch = _batch.get()
    if batch is None:
        for state in states:
            article_changed(state.pk, state)
        return
    batch.update((state.pk, state) for state in states)


def articles_changed(published: Mapping[int, ArticleState | None]) -> None:
    """`article_changed` for many published articles at once: their states as given, or read
    from the database where None.

    The older and newer neighbours are looked up for the first and last article of each
    section only: the ones between are articles of the same change, re-rendered anyway.
    """
    after = {pk: state for pk, state in published.items() if state is not None}
    after.update(article_states([pk for pk, state in published.items() if state is None]))
    before = {
        snapshot.article_id: ArticleState.from_json(snapshot.state)
        for snapshot in ArticleSnapshot.objects.filter(article_id__in=list(published))
    }
    ArticleSnapshot.objects.filter(article_id__in=[pk for pk in after if pk in before]).delete()
    ArticleSnapshot.objects.bulk_create(
        ArticleSnapshot(article_id=pk, state=state.as_json()) for pk, state in after.items()
    )
    paths = showing(set(after) | set(before))
    paths |= entered_paths([state for pk, state in after.items() if pk not in before])
    by_section: dict[str | None, list[ArticleState]] = defaultdict(list)
    for pk, state in after.items():
        if pk in before:
            paths |= affected_paths(before[pk], state, one_of_many=True)
        if state.live and state.first_published_at is not None:
            by_section[state.section_url].append(state)
    for states in by_section.values():
        states.sort(key=lambda state: state.first_published_at)
        paths |= neighbour_paths(states[0]) | neighbour_paths(states[-1])
    forget_blocks([*after.values(), *before.values()])
    refresh(paths, first=[state.url for state in after.values() if state.url])


def article_changed(pk: int, after: ArticleState | None) -> None:
    """Refresh what the change from the last published state of article `pk` affects."""
    snapshot = ArticleSnapshot.objects.filter(article_id=pk).first()
    before = ArticleState.from_json(snapshot.state) if snapshot else None
    if after is None:
        ArticleSnapshot.objects.filter(article_id=pk).delete()
    else:
        ArticleSnapshot.objects.update_or_create(article_id=pk, defaults={"state": after.as_json()})
    own = [state.url for state in (after, before) if state is not None and state.url]
    forget_blocks([before, after])
    refresh(affected_paths(before, after), first=own)


def forget_blocks(states: Iterable[ArticleState | None]) -> None:
    """Drop home's blocks of the sections these articles were or are in, now for this
    transaction's own renders and again on commit, like the chrome in `refresh`."""
    sections = {state.section_url for state in states if state is not None and state.section_url}
    if sections:
        forget_home_blocks(sections)
        transaction.on_commit(lambda: forget_home_blocks(sections))


def page_changed(sender, instance, **kwargs) -> None:
    """page_published, page_unpublished and post_page_move: an article, or another page."""
    from akhbar.news.models import ArticlePage, SectionPage

    page = instance.specific_deferred
    if isinstance(page, ArticlePage):
        batch = _batch.get()
        if batch is not None:
            # Read back at the end of the batch, even if its publisher handed a state over
            # before: this is a later change.
            batch[page.pk] = None
        else:
            article_changed(page.pk, article_state(page))
        return
    # A section or plain page: itself and the home page's blocks, and every page when the
    # menu changed (akhbar.publishing.sitewide).
    paths = {"/", *SITEMAP_PATHS, "/sitemap-pages.xml"}
    if path := page_path(page):
        paths.add(path)
    if isinstance(page, SectionPage):
        paths |= feed_paths("section", page.slug)
    refresh(paths)
    site_changed()


def article_deleted(sender, instance, **kwargs) -> None:
    if instance.live and not ArticleSnapshot.objects.filter(article_id=instance.pk).exists():
        # Published before this app kept snapshots: take one before the row is gone.
        ArticleSnapshot.objects.create(
            article_id=instance.pk, state=article_state(instance).as_json()
        )
    article_changed(instance.pk, None)


def ticker_edited(sender, **kwargs) -> None:
    refresh({TICKER_PATH})


def refresh_fragments() -> None:
    """Re-render the ticker (its items expire on their own) and, at most once every
    AKHBAR_PUBLISH_MOST_READ_INTERVAL seconds, the most-read list: called by every scheduler
    tick, it costs two small renders, and a file is rewritten only when its bytes change."""
    paths = {TICKER_PATH}
    interval = settings.AKHBAR_PUBLISH_MOST_READ_INTERVAL
    if cache.add("akhbar:publishing:most-read", True, timeout=interval):
        paths.add(MOST_READ_PATH)
    invalidate(paths)
