"""The one token stream of the search index and of queries, with the limits both ends share.

Both go through `terms()`, so a word is always found under the same term it was indexed
under: `akhbar.arabic.analyze` does the Arabic work (folding, stop words, light stemming,
broken plurals); this module only bounds the output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from akhbar.arabic import analyze

# PostgreSQL refuses lexemes over 2 kB and nobody searches for a 100-letter word; dropping
# them at both ends keeps the two backends identical.
MAX_TERM_CHARS = 100
# PostgreSQL keeps positions up to 16,383: titles first, a gap, then the body fits below it.
MAX_TITLE_TERMS = 200
MAX_BODY_TERMS = 16_000


def terms(text: str, *, limit: int | None = None) -> list[str]:
    """The analyzed terms of `text` in order, without over-long tokens, at most `limit`."""
    found = analyze(text)
    # Over-long tokens are rare: test for one at C speed before filtering in Python.
    if found and max(map(len, found)) > MAX_TERM_CHARS:
        found = [term for term in found if len(term) <= MAX_TERM_CHARS]
    return found if limit is None else found[:limit]


def document_terms(
    title: str, body: str, keywords: Sequence[str] = ()
) -> tuple[list[str], list[str]]:
    """A document's title terms and body terms (its keywords indexed with the body), bounded
    the same way for both backends."""
    text = "\n".join((body, *keywords)) if keywords else body
    return terms(title, limit=MAX_TITLE_TERMS), terms(text, limit=MAX_BODY_TERMS)


@dataclass(frozen=True)
class Analysis:
    """A document's terms worked out ahead, where its texts were at hand (the importer's
    reading process, on the other core), kept with the texts they come from."""

    title: str
    body: str
    keywords: tuple[str, ...]
    title_terms: tuple[str, ...]
    body_terms: tuple[str, ...]

    @classmethod
    def of(cls, title: str, body: str, keywords: Sequence[str] = ()) -> Analysis:
        title_terms, body_terms = document_terms(title, body, keywords)
        return cls(title, body, tuple(keywords), tuple(title_terms), tuple(body_terms))

    def terms_for(
        self, title: str, body: str, keywords: Sequence[str]
    ) -> tuple[list[str], list[str]] | None:
        """The terms, if these are the texts they were worked out from; else None."""
        if (title, body, tuple(keywords)) != (self.title, self.body, self.keywords):
            return None
        return list(self.title_terms), list(self.body_terms)
