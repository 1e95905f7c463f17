"""`akhbar scheduler`: publish and unpublish scheduled pages on time, without cron."""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from akhbar.newsroom.scheduler import publish_due_items, run_scheduler


class Command(BaseCommand):
    help = "Run Wagtail's publish_scheduled every AKHBAR_SCHEDULER_INTERVAL seconds."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="seconds between runs (default: AKHBAR_SCHEDULER_INTERVAL)",
        )
        parser.add_argument("--once", action="store_true", help="run once and exit")

    def handle(self, *args, interval=None, once=False, **options):
        if once:
            publish_due_items()
            return
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        interval = interval or settings.AKHBAR_SCHEDULER_INTERVAL
        self.stdout.write(f"Publishing scheduled pages every {interval:g} seconds; Ctrl-C stops.")
        run_scheduler(interval=interval, stop=stop)
