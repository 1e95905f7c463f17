"""`akhbar search rebuild`: index every live article again, with a progress bar."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from akhbar.core.progress import progress_bar
from akhbar.search.backends import get_backend
from akhbar.search.indexing import rebuild


class Command(BaseCommand):
    help = "Manage the reader search index. `rebuild` empties it and indexes every live article."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        rebuild_parser = actions.add_parser(
            "rebuild", help="Empty the index and index every live article again."
        )
        rebuild_parser.add_argument(
            "--batch-size",
            type=int,
            default=200,
            help="Articles loaded and written per batch (default 200).",
        )

    def handle(self, *args, action: str, batch_size: int, **options) -> None:
        backend = get_backend()
        started = time.perf_counter()
        with progress_bar(self, "Indexing articles", verbosity=options["verbosity"]) as bar:
            task = bar.add_task("index", total=None)

            def show(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            count = rebuild(progress=show, batch_size=max(1, batch_size))
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Search index rebuilt with {type(backend).__name__}: {count} articles "
                f"in {seconds:.1f} s."
            )
        )
