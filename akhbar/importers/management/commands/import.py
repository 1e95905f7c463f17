"""`akhbar import SOURCE ...`: bring articles over from another system (docs/importing.md).

Each source in akhbar.importers.sources.SOURCES is a subcommand with the shared options.
The exit status is non-zero only when the input cannot be read at all; bad entries are
reported with their location and the rest is imported.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from akhbar.importers.pipeline import (
    ImportOptions,
    ImportSiteError,
    import_site,
    run_import,
    site_time_zone,
)
from akhbar.importers.prepare import PrepareFailed
from akhbar.importers.records import Failure, ImportReport
from akhbar.importers.sources import SOURCES, Source, SourceUnreadable

# Per-page INFO lines from Wagtail and the task queue would bury the progress bar.
_NOISY_LOGGERS = ("wagtail", "django_tasks", "modelsearch", "akhbar.importers")
_FAILURES_SHOWN = 20
_PLAIN_PROGRESS_STEP = 0.1


class Command(BaseCommand):
    help = "Import articles: akhbar import jsonl FILE [--dry-run] [--batch-size N]"

    def add_arguments(self, parser: CommandParser) -> None:
        shared = argparse.ArgumentParser(add_help=False)
        shared.add_argument(
            "--dry-run",
            action="store_true",
            help="report what would be created, updated and skipped; write nothing",
        )
        shared.add_argument(
            "--batch-size",
            type=int,
            default=0,
            metavar="N",
            help="records per transaction (default: AKHBAR_IMPORT_BATCH_SIZE)",
        )
        shared.add_argument(
            "--section-map",
            action="append",
            default=[],
            metavar="A=B",
            help="put the source's section A into our section B (title or slug); repeatable",
        )
        shared.add_argument(
            "--old-host",
            action="append",
            default=[],
            metavar="HOST",
            help="a host name of the old site: body links to it go to the new pages; repeatable",
        )
        shared.add_argument(
            "--workers",
            type=int,
            default=None,
            metavar="N",
            help="processes reading and preparing records beside the writer, 0 or 1"
            " (default: AKHBAR_IMPORT_WORKERS)",
        )
        subparsers = parser.add_subparsers(dest="source", metavar="SOURCE", required=True)
        for name, source in SOURCES.items():
            source.add_arguments(subparsers.add_parser(name, help=source.help, parents=[shared]))

    def handle(self, *args: Any, **options: Any) -> None:
        source_class = SOURCES[options["source"]]
        if options["batch_size"] < 0:
            raise CommandError("--batch-size must be positive.")
        if options["workers"] is None:
            options["workers"] = settings.AKHBAR_IMPORT_WORKERS
        if options["workers"] not in {0, 1}:
            raise CommandError(
                "--workers (AKHBAR_IMPORT_WORKERS) must be 0 (read in this process) or 1."
            )
        section_map = _section_map(options["section_map"])
        try:
            site = import_site()
        except ImportSiteError as exc:
            raise CommandError(str(exc)) from exc
        console = Console(file=options.get("stdout") or sys.stdout, highlight=False)
        started = time.monotonic()
        try:
            with (
                source_class(options, time_zone=site_time_zone(site)) as source,
                _quiet(enabled=options["verbosity"] < 2),
                _progress(console, source) as progress,
            ):
                import_options = ImportOptions(
                    source=source.name,
                    dry_run=options["dry_run"],
                    batch_size=options["batch_size"],
                    section_map=section_map,
                    old_hosts=source.old_hosts(),
                    tag_paths=source.tag_paths,
                    section_paths=source.section_paths,
                    local_image=source.local_image,
                    workers=options["workers"],
                )
                report = run_import(
                    source.records(),
                    import_options,
                    site=site,
                    progress=progress,
                    position=source.position,
                )
        except (SourceUnreadable, PrepareFailed) as exc:
            raise CommandError(str(exc)) from exc
        _print_report(console, report, seconds=time.monotonic() - started)


def _section_map(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        name, separator, target = pair.partition("=")
        if not separator or not name.strip() or not target.strip():
            raise CommandError(f"--section-map takes SOURCE=OURS, not {pair!r}.")
        mapping[name.strip()] = target.strip()
    return mapping


@contextmanager
def _quiet(*, enabled: bool) -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in _NOISY_LOGGERS] if enabled else []
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


@contextmanager
def _progress(console: Console, source: Source) -> Iterator[Callable[[ImportReport, int], None]]:
    """A progress bar on a terminal; otherwise a plain line every tenth of the input."""
    total = source.size()
    if not console.is_terminal:
        next_step = _PLAIN_PROGRESS_STEP

        def plain(report: ImportReport, position: int) -> None:
            nonlocal next_step
            if total and position / total >= next_step:
                console.print(f"{position / total:4.0%}  {_counts(report)}")
                next_step = position / total + _PLAIN_PROGRESS_STEP

        yield plain
        return
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[counts]}"),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(source.name, total=total, counts="")

        def update(report: ImportReport, position: int) -> None:
            bar.update(task, completed=position, counts=_counts(report))

        yield update


def _counts(report: ImportReport) -> str:
    return (
        f"{report.created:,} created, {report.updated:,} updated, "
        f"{report.skipped:,} skipped, {report.failed:,} failed"
    )


def _print_report(console: Console, report: ImportReport, *, seconds: float) -> None:
    rate = report.processed / seconds if seconds else 0
    title = "Dry run: nothing was written" if report.dry_run else "Import finished"
    console.print(f"{title}: {report.processed:,} records in {seconds:.1f} s ({rate:,.0f}/s)")
    table = Table()
    table.add_column("outcome")
    table.add_column("articles", justify="right")
    table.add_row("created", f"{report.created:,}")
    table.add_row("updated", f"{report.updated:,}")
    table.add_row("skipped (unchanged)", f"{report.skipped:,}")
    table.add_row("failed", f"{report.failed:,}")
    console.print(table)
    verb = "would be created" if report.dry_run else "created"
    if report.new_sections:
        console.print(f"Sections {verb}: {'، '.join(report.new_sections)}")
    if report.new_tags or report.new_authors:
        console.print(f"Tags {verb}: {report.new_tags:,}; authors {verb}: {report.new_authors:,}")
    if report.images_imported:
        console.print(f"Images {verb} in the library: {report.images_imported:,}")
    if report.remote_images:
        console.print(
            f"Images left out (not in the image library, never fetched): {report.remote_images:,}"
        )
    if report.links_rewritten or report.links_left:
        console.print(
            f"Links to the old site rewritten: {report.links_rewritten:,}; "
            f"left as they were: {report.links_left:,}"
        )
    for reason, count in report.ignored:
        console.print(f"Ignored ({reason}): {count:,}")
    _print_notes(
        console, "Matched as near-duplicates", report.near_duplicates, report.near_duplicate_notes
    )
    _print_notes(console, "Images left out", len(report.image_problems), report.image_problems)
    _print_notes(console, "First failures", report.failed, report.failures)


def _print_notes(console: Console, title: str, total: int, notes: tuple[Failure, ...]) -> None:
    """The first entries of a list in the report, with where they were in the input."""
    if not notes:
        return
    table = Table(title=f"{title} ({total:,} in all)")
    table.add_column("where", no_wrap=True)
    table.add_column("what")
    for note in notes[:_FAILURES_SHOWN]:
        table.add_row(note.location, note.reason)
    console.print(table)
