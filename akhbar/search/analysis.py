"""The one token stream of the search index and of queries, with the limits both ends share.

Both go through `terms()`, so a word is always found under the same term it was indexed
under: `akhbar.arabic.analyze` does the Arabic work (folding, stop words, light stemming,
broken plurals); this module only bounds the output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from hashlib import blake2b

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
    reading process, on the other core), with a digest of the texts they come from.

    Compact, because a batch of them waits in memory: the terms as one space-separated
    string each (terms hold no spaces: they are words of `str.split()`, stemmed), the texts
    as a digest rather than a second copy of every body.
    """

    digest: bytes
    title_terms: str
    body_terms: str

    @classmethod
    def of(cls, title: str, body: str, keywords: Sequence[str] = ()) -> Analysis:
        title_terms, body_terms = document_terms(title, body, keywords)
        return cls(_digest(title, body, keywords), " ".join(title_terms), " ".join(body_terms))

    def terms_for(
        self, title: str, body: str, keywords: Sequence[str]
    ) -> tuple[list[str], list[str]] | None:
        """The terms, if these are the texts they were worked out from; else None."""
        if _digest(title, body, keywords) != self.digest:
            return None
        return self.title_terms.split(), self.body_terms.split()


def _digest(title: str, body: str, keywords: Sequence[str]) -> bytes:
    digest = blake2b(digest_size=16)
    for text in (title, body, *keywords):
        data = text.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.digest()
