"""The ticker and most-read blocks: embedded in pages as rendered, refreshed as fragments."""

from __future__ import annotations

from akhbar.news.models import ArticlePage
from akhbar.news.queries import most_read
from akhbar.publishing.recording import unrecorded


def most_read_items() -> list[ArticlePage]:
    """The most-read list, left out of the page's recording: it is refreshed on its own."""
    with unrecorded():
        return most_read()
