"""Newsroom actions that change what readers see: breaking news and the ticker."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from akhbar.news.models import ArticlePage, SectionPage, Urgency
from akhbar.news.queries import ticker_items

logger = logging.getLogger(__name__)

#: How many ticker items the desk shows and reorders (readers see the site's ticker length).
TICKER_DESK_LIMIT = 100

#: Sent (with `article`) after a ticker desk action changed what the ticker shows, including
#: the in-place changes that publish no revision; akhbar.publishing refreshes the ticker.
ticker_changed = Signal()


def publish_breaking(
    section: SectionPage,
    *,
    headline: str,
    line: str,
    urgency: str,
    minutes: int,
    by: AbstractBaseUser,
) -> ArticlePage:
    """Create and publish an article in one step and put it on the ticker.

    Only for users who may publish in `section`: like Wagtail's own «نشر» button it skips
    the review workflow. `minutes=0` keeps it on the ticker until someone ends it.
    """
    if not section.permissions_for_user(by).can_publish_subpage():
        raise PermissionDenied("لا تملك صلاحية النشر في هذا القسم.")
    now = timezone.now()
    article = ArticlePage(
        title=headline,
        dek=line,
        urgency=urgency,
        urgent_until=now + timedelta(minutes=minutes) if minutes else None,
        owner=by,
    )
    with transaction.atomic():
        section.add_child(instance=article)
        article.save_revision(user=by, log_action=True).publish(user=by)
    logger.info("Breaking news %s published by %s in %s", article.pk, by, section.pk)
    return article


def end_ticker_item(
    article: ArticlePage, *, by: AbstractBaseUser, now: datetime | None = None
) -> ArticlePage:
    """Take an article off the ticker now, keeping it published."""
    return _republish_ticker_fields(article, by=by, urgent_until=now or timezone.now())


def set_ticker_urgency(article: ArticlePage, urgency: str, *, by: AbstractBaseUser) -> ArticlePage:
    """Move a ticker item between «عاجل» (listed first) and «ساخن»."""
    if urgency not in (Urgency.BREAKING, Urgency.HOT):
        raise ValueError(f"not a ticker urgency: {urgency!r}")
    return _republish_ticker_fields(article, by=by, urgency=urgency)


def move_ticker_item(article: ArticlePage, *, up: bool, by: AbstractBaseUser) -> ArticlePage:
    """Move an item one place up or down the ticker, past its neighbour of the same kind.

    Breaking items always stay above hot ones: crossing that line is a change of kind
    (set_ticker_urgency), not a move. At either end of its group an item stays put.
    """
    items = ticker_items(TICKER_DESK_LIMIT)
    positions = [item.pk for item in items]
    if article.pk not in positions:
        return article
    index = positions.index(article.pk)
    neighbour_index = index - 1 if up else index + 1
    if not 0 <= neighbour_index < len(items):
        return article
    neighbour = items[neighbour_index]
    if neighbour.urgency != items[index].urgency:
        return article
    # One microsecond past the neighbour's key puts the item right beside it, on the far side.
    step = timedelta(microseconds=1 if up else -1)
    return _republish_ticker_fields(article, by=by, ticker_position=neighbour.ticker_key + step)


def _republish_ticker_fields(
    article: ArticlePage, *, by: AbstractBaseUser, **changes
) -> ArticlePage:
    """Apply ticker field changes to the live article and to any draft waiting on top of it.

    With no pending draft, a new revision is published (readers and the history see it).
    With a pending draft (possibly in review), publishing would also publish or cancel that
    draft, so the live row is updated in place and the same change is saved as a new draft
    revision on top of the pending one: approving the draft later cannot bring the item
    back, and nothing the writer did is lost.
    """
    if not article.permissions_for_user(by).can_publish():
        raise PermissionDenied("لا تملك صلاحية النشر لهذا الخبر.")
    with transaction.atomic():
        live = ArticlePage.objects.select_for_update().get(pk=article.pk)
        pending = live.get_latest_revision() if live.has_unpublished_changes else None
        if pending is None:
            for name, value in changes.items():
                setattr(live, name, value)
            live.save_revision(user=by, log_action=True).publish(user=by)
        else:
            ArticlePage.objects.filter(pk=live.pk).update(**changes)
            draft = pending.as_object()
            for name, value in changes.items():
                setattr(draft, name, value)
            draft.save_revision(user=by, log_action=True, clean=False)
    logger.info("Ticker item %s changed by %s: %s", article.pk, by, sorted(changes))
    ticker_changed.send(sender=ArticlePage, article=article)
    return ArticlePage.objects.get(pk=article.pk)
