"""`akhbar export jsonl [FILE|-]`: every article and plain page in the format
`akhbar import jsonl` reads."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from akhbar.importers.export import export_jsonl


class Command(BaseCommand):
    help = "Export every article and page: akhbar export jsonl [FILE|-]"

    def add_arguments(self, parser: CommandParser) -> None:
        formats = parser.add_subparsers(dest="format", metavar="FORMAT", required=True)
        jsonl = formats.add_parser("jsonl", help="JSON Lines, one article per line")
        jsonl.add_argument(
            "file", nargs="?", default="-", help="where to write (default: standard output)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = options["file"]
        if target == "-":
            report = export_jsonl(self.stdout)
        else:
            # Written beside the target and renamed at the end: an interrupted export never
            # leaves a truncated file that looks complete.
            path = Path(target)
            partial = path.with_name(path.name + ".part")
            try:
                with partial.open("w", encoding="utf-8") as out:
                    report = export_jsonl(out)
                os.replace(partial, path)
            except OSError as exc:
                partial.unlink(missing_ok=True)
                raise CommandError(f"Cannot write {target}: {exc.strerror or exc}") from exc
        message = f"Exported {report.articles:,} articles and {report.pages:,} pages"
        if report.skipped:
            message += f"; {report.skipped:,} left out (see the log)"
        self.stderr.write(message + (f" to {target}" if target != "-" else ""))
