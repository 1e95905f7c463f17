"""The one token stream of the search index and of queries, with the limits both ends share.

Both go through `terms()`, so a word is always found under the same term it was indexed
under: `akhbar.arabic.analyze` does the Arabic work (folding, stop words, light stemming,
broken plurals); this module only bounds the output.
"""

from __future__ import annotations

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
