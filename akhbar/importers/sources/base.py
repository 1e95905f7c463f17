"""What every input format of `akhbar import` provides."""

from __future__ import annotations

from abc import ABC, abstractmethod
from argparse import ArgumentParser
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Self
from zoneinfo import ZoneInfo

from akhbar.importers.records import ArticleRecord, Failure, Ignored


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
    # The old site's listing addresses, with a {slug} or {name} placeholder (Blogger:
    # "/search/label/{name}"; WordPress: "/tag/{slug}/"): the pipeline redirects them, for
    # every tag and section a run used, to our tag and section pages.
    tag_paths: ClassVar[tuple[str, ...]] = ()
    section_paths: ClassVar[tuple[str, ...]] = ()

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
    def records(self) -> Iterator[ArticleRecord | Failure | Ignored]:
        """Every entry of the input, in order."""

    def old_hosts(self) -> frozenset[str]:
        """The old site's host names, whose links in bodies point at imported items.

        The shared `--old-host` option; a source adds what its file names (Blogger's
        alternate link, WordPress's base_site_url).  Asked once, after `open`.
        """
        return frozenset(host.lower() for host in self.options.get("old_host") or ())

    def local_image(self, url: str) -> Path | None:
        """The local file an image address stands for (a source with a media folder option
        resolves it, never outside that folder), or None: the image is remote."""
        return None

    def size(self) -> int | None:
        """How much input there is, in the units of `position`, when known."""
        return None

    def position(self) -> int:
        """How far `records` has read, for the progress bar."""
        return 0
