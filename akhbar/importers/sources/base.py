"""What every input format of `akhbar import` provides."""

from __future__ import annotations

from abc import ABC, abstractmethod
from argparse import ArgumentParser
from collections.abc import Iterator
from types import TracebackType
from typing import Any, ClassVar, Self
from zoneinfo import ZoneInfo

from akhbar.importers.records import ArticleRecord, Failure


class SourceUnreadable(Exception):
    """The input cannot be read at all (missing, a directory, no permission)."""


class Source(ABC):
    """One input format: its subcommand's arguments and a stream of records.

    A source only parses: it turns its format into ArticleRecords, or Failures naming the
    entry and the reason, and leaves matching, creating and publishing to the pipeline.
    Used as a context manager: entering opens the input (or raises SourceUnreadable).
    """

    name: ClassVar[str]
    help: ClassVar[str]

    def __init__(self, options: dict[str, Any], *, time_zone: ZoneInfo) -> None:
        self.options = options
        self.time_zone = time_zone

    @classmethod
    @abstractmethod
    def add_arguments(cls, parser: ArgumentParser) -> None:
        """Arguments of this source's subcommand (the file or address to read); the options
        every source shares are added by the command."""

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @abstractmethod
    def open(self) -> None:
        """Open the input; raise SourceUnreadable when that is impossible."""

    @abstractmethod
    def close(self) -> None:
        """Release what `open` took."""

    @abstractmethod
    def records(self) -> Iterator[ArticleRecord | Failure]:
        """Every entry of the input, in order."""

    def size(self) -> int | None:
        """How much input there is, in the units of `position`, when known."""
        return None

    def position(self) -> int:
        """How far `records` has read, for the progress bar."""
        return 0
