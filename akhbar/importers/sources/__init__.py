"""The formats `akhbar import` reads, each a subcommand: add a Source subclass here."""

from akhbar.importers.sources.base import Source, SourceUnreadable
from akhbar.importers.sources.blogger import BloggerSource
from akhbar.importers.sources.feed import FeedSource
from akhbar.importers.sources.html_pages import HtmlPagesSource
from akhbar.importers.sources.jsonl import JsonlSource
from akhbar.importers.sources.wordpress import WordPressSource

SOURCES: dict[str, type[Source]] = {
    source.name: source
    for source in (JsonlSource, FeedSource, BloggerSource, HtmlPagesSource, WordPressSource)
}

__all__ = ["SOURCES", "Source", "SourceUnreadable"]
