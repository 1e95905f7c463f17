"""Run Wagtail's `publish_scheduled` every few seconds, so that scheduling needs no cron.

`akhbar scheduler` runs this loop as its own process in production (one per site, beside
the app server); `make run` starts it next to the development server.
"""

from __future__ import annotations

import io
import logging
import threading

from django.core.management import call_command
from django.db import close_old_connections

from akhbar.importers.schedule import FeedTimer
from akhbar.publishing.signals import refresh_fragments

logger = logging.getLogger(__name__)


def publish_due_items() -> None:
    """Publish revisions whose go-live time has passed and unpublish expired pages."""
    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)
    for line in output.getvalue().splitlines():
        if line.strip():
            logger.info("publish_scheduled: %s", line)


def run_scheduler(*, interval: float, stop: threading.Event | None = None) -> None:
    """Call publish_due_items every `interval` seconds until `stop` is set.

    A failing tick is logged and retried at the next one: a database that is briefly
    locked or restarting must not end scheduled publishing for good.
    """
    stop = stop or threading.Event()
    feeds = FeedTimer.from_settings()
    logger.info("Scheduler started: publish_scheduled every %s seconds", interval)
    while not stop.is_set():
        # A long-lived process must drop connections the server closed or that grew too old.
        close_old_connections()
        try:
            publish_due_items()
            refresh_fragments()
        except Exception:
            logger.exception("Scheduled publishing failed; retrying in %s seconds", interval)
        feeds.import_due()  # AKHBAR_IMPORT_FEEDS; logs its own failures
        stop.wait(interval)
    logger.info("Scheduler stopped")
