"""Record which articles a page shows while it renders.

Every article built from a database row during a render (the article itself, cards,
related and read-also targets, previous/next links, feed items) reaches `record_article`
through Django's `post_init` signal, so the set is exact without every template having to
declare what it shows. Plain `Page` rows count when they are articles (a link chooser may
load them unspecific). The ticker and most-read blocks are rendered inside `unrecorded()`:
they are refreshed as fragments, not by re-rendering every page that embeds them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

_shown: ContextVar[set[int] | None] = ContextVar("akhbar_publishing_shown", default=None)


@contextmanager
def recording() -> Iterator[set[int]]:
    """Collect the ids of the articles loaded inside the block into the yielded set."""
    shown: set[int] = set()
    token = _shown.set(shown)
    try:
        yield shown
    finally:
        _shown.reset(token)


@contextmanager
def unrecorded() -> Iterator[None]:
    """Leave out the articles loaded inside the block (fragments refreshed on their own)."""
    token = _shown.set(None)
    try:
        yield
    finally:
        _shown.reset(token)


def record(ids: Iterable[int]) -> None:
    """Count these articles as shown: a part of the page built without loading them (a block
    kept in the cache as HTML, akhbar.news.home)."""
    shown = _shown.get()
    if shown is not None:
        shown.update(ids)


def record_article(sender, instance, **kwargs) -> None:
    """`post_init` receiver for ArticlePage: note its id when a recording is under way."""
    shown = _shown.get()
    if shown is not None and instance.pk is not None:
        shown.add(instance.pk)


def record_article_page(sender, instance, **kwargs) -> None:
    """`post_init` receiver for plain Page rows: note the ones that are articles."""
    shown = _shown.get()
    if shown is None or instance.pk is None or type(instance) is not Page:
        return
    from akhbar.news.models import ArticlePage

    # A deferred content type would cost a query per row: such rows are not counted.
    if (
        instance.__dict__.get("content_type_id")
        == ContentType.objects.get_for_model(ArticlePage).pk
    ):
        shown.add(instance.pk)
