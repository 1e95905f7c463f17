"""Highlighted snippets computed in Python on the reader's original text.

A word is marked when one of its `analyze()` terms is a query term, so «المدارس» lights up
for a search for «مدرسة» and «أحمد» for «احمد», while the text keeps its own spelling,
diacritics and punctuation. Everything but the <mark> tags is HTML-escaped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from akhbar.search.analysis import terms

# A word as readers see it: letters and digits with their combining marks (tashkeel, Latin
# accents), tatweel and the zero-width joiners that sit inside Arabic words.
_WORD = re.compile(r"[\w\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u200c\u200d]+")
_PARAGRAPH = re.compile(r"\n\s*\n")
_SPACES = re.compile(r"\s+")

SNIPPET_WORDS = 36
# Words of context shown before the first match of a snippet.
LEAD_WORDS = 6


@lru_cache(maxsize=32768)
def _word_terms(word: str) -> frozenset[str]:
    return frozenset(terms(word))


def _marked(text: str, stems: frozenset[str]) -> str:
    parts: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        word = match.group()
        if _word_terms(word) & stems:
            parts.append(escape(text[last : match.start()]))
            parts.append(f"<mark>{escape(word)}</mark>")
            last = match.end()
    parts.append(escape(text[last:]))
    return _SPACES.sub(" ", "".join(parts)).strip()


def highlight(text: str, stems: frozenset[str]) -> SafeString:
    """The whole text, escaped, with every matching word in <mark>."""
    return mark_safe(_marked(text, stems))  # noqa: S308 - every piece is escaped in _marked


def snippet(text: str, stems: frozenset[str], *, words: int = SNIPPET_WORDS) -> SafeString:
    """About `words` words of `text` around its best passage, matches marked.

    The best passage holds the most different query terms, then the most matches; it starts
    a few words before its first match but never before the paragraph that match is in.
    Without any match the snippet is the start of the text.
    """
    spans = [match.span() for match in _WORD.finditer(text)]
    if not spans:
        return highlight(text[:200], stems)
    starts = [start for start, _ in spans]
    breaks = [match.end() for match in _PARAGRAPH.finditer(text)]
    found = [
        (index, matched)
        for index, (start, end) in enumerate(spans)
        if (matched := _word_terms(text[start:end]) & stems)
    ]
    first = 0
    best: tuple[int, int] = (0, 0)
    for hit, _ in found:
        candidate = max(0, hit - LEAD_WORDS)
        paragraph = max((b for b in breaks if b <= starts[hit]), default=0)
        candidate = max(candidate, bisect_left(starts, paragraph))
        inside = [matched for index, matched in found if candidate <= index < candidate + words]
        score = (len(frozenset().union(*inside)), len(inside))
        if score > best:
            best, first = score, candidate
    last = min(len(spans), first + words) - 1
    end = spans[last][1]
    # Keep the punctuation that closes the last word («حلب.»), up to the next space.
    while (
        end < len(text)
        and end - spans[last][1] < 3
        and not text[end].isspace()
        and not _WORD.match(text, end)
    ):
        end += 1
    html = _marked(text[spans[first][0] : end], stems)
    if first > 0:
        html = "… " + html
    if last < len(spans) - 1:
        html += " …"
    return mark_safe(html)  # noqa: S308 - built by _marked, which escapes every piece
