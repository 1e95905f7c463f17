"""`akhbar publish --all` or `akhbar publish PATH...`: render reader pages into the folder."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from akhbar.core.progress import progress_bar
from akhbar.publishing.backends.base import get_backend
from akhbar.publishing.backends.filesystem import FilesystemBackend
from akhbar.publishing.inventory import reader_paths
from akhbar.publishing.publisher import publish


class Command(BaseCommand):
    help = "Render reader pages into the publish folder (AKHBAR_PUBLISH_ROOT)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", metavar="PATH", help="paths such as /politics/")
        parser.add_argument(
            "--all", action="store_true", help="every reader page, feed and sitemap"
        )

    def handle(self, *args, paths: list[str], all: bool, **options) -> None:
        backend = get_backend(FilesystemBackend)
        if backend is None:
            raise CommandError("Static publishing is off: set AKHBAR_PUBLISH_ROOT to a folder.")
        if all == bool(paths):
            raise CommandError("Give either --all or one or more paths (such as /politics/).")
        for path in paths:
            if not path.startswith("/") or "?" in path:
                raise CommandError(f"Not a reader path: {path!r} (start with /, no ?query).")
        started = time.perf_counter()
        with progress_bar(self, "Publishing", verbosity=options["verbosity"]) as bar:
            # --all streams its paths: their number is not known up front.
            task = bar.add_task("publish", total=None if all else len(paths))
            report = publish(
                backend.folder,
                reader_paths() if all else paths,
                progress=lambda: bar.advance(task),
            )
        seconds = time.perf_counter() - started
        message = (
            f"Published into {backend.folder.root}: {report.written} written, "
            f"{report.unchanged} unchanged, {report.removed} removed, {report.failed} failed "
            f"in {seconds:.1f} s."
        )
        if report.failed:
            raise CommandError(message + " See the log for the failing paths.")
        self.stdout.write(self.style.SUCCESS(message))
