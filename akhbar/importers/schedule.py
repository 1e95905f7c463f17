"""Feeds imported on a timer by `akhbar scheduler` (AKHBAR_IMPORT_FEEDS, docs/importing.md).

Each configured feed is imported through `akhbar import feed`, every
AKHBAR_IMPORT_FEEDS_INTERVAL seconds, so a wire's new items appear without cron.  A feed
that fails (its server down, a broken document) is logged and tried again at its next
turn; it never stops the scheduler or the other feeds.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScheduledFeed:
    url: str
    section: str
    source_name: str = ""


def scheduled_feeds(config: object) -> tuple[ScheduledFeed, ...]:
    """The feeds an AKHBAR_IMPORT_FEEDS value lists; ImproperlyConfigured names a bad one."""
    if not isinstance(config, list):
        raise ImproperlyConfigured("AKHBAR_IMPORT_FEEDS must be a JSON list of feeds.")
    feeds = []
    for number, entry in enumerate(config, start=1):
        if (
            not isinstance(entry, dict)
            or not all(isinstance(entry.get(key), str) for key in ("url", "section"))
            or not isinstance(entry.get("source_name", ""), str)
            or set(entry) - {"url", "section", "source_name"}
        ):
            raise ImproperlyConfigured(
                f"AKHBAR_IMPORT_FEEDS entry {number} must be an object with the strings "
                f'"url" and "section" (and optionally "source_name"), not {entry!r}.'
            )
        feeds.append(ScheduledFeed(**entry))
    return tuple(feeds)


def import_feed(feed: ScheduledFeed) -> str:
    """Run `akhbar import feed` for one feed; the report's summary line, for the log."""
    # In the scheduler's own process: a feed is small, and forking a reader is not worth it.
    arguments = ["import", "feed", feed.url, "--section", feed.section, "--workers", "0"]
    if feed.source_name:
        arguments += ["--source-name", feed.source_name]
    output = io.StringIO()
    call_command(*arguments, stdout=output)
    lines = output.getvalue().splitlines()
    return next((line for line in lines if line.startswith("Import finished")), "")


class FeedTimer:
    """Imports each feed when its turn comes: at once on start, then every `interval`."""

    def __init__(
        self,
        feeds: Iterable[ScheduledFeed],
        *,
        interval: timedelta,
        run: Callable[[ScheduledFeed], str] = import_feed,
    ) -> None:
        self.feeds = tuple(feeds)
        self.interval = interval
        self._run = run
        self._next: dict[ScheduledFeed, datetime] = {}

    @classmethod
    def from_settings(cls) -> FeedTimer:
        return cls(
            scheduled_feeds(settings.AKHBAR_IMPORT_FEEDS),
            interval=timedelta(seconds=settings.AKHBAR_IMPORT_FEEDS_INTERVAL),
        )

    def import_due(self) -> None:
        """Import the feeds whose turn has come; a failure is logged, not raised."""
        for feed in self.feeds:
            now = timezone.now()
            if feed in self._next and now < self._next[feed]:
                continue
            self._next[feed] = now + self.interval
            try:
                logger.info("Feed %s: %s", feed.url, self._run(feed))
            except Exception:
                logger.exception("Feed %s failed; trying again in %s", feed.url, self.interval)
