"""The formats `akhbar import` reads, each a subcommand: add a Source subclass here."""

from akhbar.importers.sources.base import Source, SourceUnreadable
from akhbar.importers.sources.jsonl import JsonlSource

SOURCES: dict[str, type[Source]] = {source.name: source for source in (JsonlSource,)}

__all__ = ["SOURCES", "Source", "SourceUnreadable"]
