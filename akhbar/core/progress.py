"""The progress bar the long-running `akhbar` commands share."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def progress_bar(command: BaseCommand, label: str, *, verbosity: int) -> Progress:
    """A bar labelled `label` with done/total and elapsed time on the command's own output
    (so tests capture it), hidden with --verbosity 0."""
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=command.stdout._out, highlight=False),
        disable=verbosity < 1,
    )
