"""Turn anything a reader types into a small, safe query: analyzed terms and quoted phrases.

User text never reaches FTS5's MATCH or PostgreSQL's tsquery syntax. It is cut to
MAX_QUERY_CHARS, quoted phrases are taken out, query-language operators are dropped, and the
rest is analyzed by the same `akhbar.search.analysis.terms` as the index. Backends then
quote every term themselves, so a term can only ever be a term.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from akhbar.search.analysis import terms as analyzed_terms

MAX_QUERY_CHARS = 256
MAX_TERMS = 16

# Phrases are quoted the way Arabic and Latin keyboards quote: "…", «…», “…”, „…“.
_PHRASE = re.compile(r'"([^"]*)"|«([^»]*)»|“([^”]*)”|„([^“”]*)[“”]')
# FTS5 only reads these as operators in upper case; in lower case they are ordinary words.
_OPERATOR = re.compile(r"\b(?:AND|OR|NOT|NEAR)\b")
# FTS5 column filters (`title:word`); Arabic «قال:» is never followed directly by a letter.
_COLUMN_FILTER = re.compile(r"(?<![\w:])[A-Za-z_][A-Za-z0-9_]*:(?=[^\s:])")


def clean_text(text: str, *, limit: int = MAX_QUERY_CHARS) -> str:
    """The reader's text made safe to echo back: no controls or lone surrogates, bounded.

    Lone surrogates cannot be encoded as UTF-8 and controls have no place in a form field;
    both become spaces. Letters, marks and punctuation are kept as typed.
    """
    text = str(text)[: limit * 4]
    kept = "".join(" " if unicodedata.category(char) in {"Cc", "Cs"} else char for char in text)
    return " ".join(kept.split())[:limit]


@dataclass(frozen=True)
class ParsedQuery:
    """What a search looks for: single terms and phrases (two or more terms in a row).

    Every term is an `analyze()` term, so «المدارس» is stored as مدرس and «"وزير الخارجية"» as
    the phrase (وزير, خارج).
    """

    text: str = ""
    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)

    @property
    def units(self) -> tuple[tuple[str, ...], ...]:
        """Each thing a document must contain: a phrase, or one term as a 1-term phrase."""
        return (*self.phrases, *((term,) for term in self.terms))

    @property
    def stems(self) -> frozenset[str]:
        """Every term of the query, for highlighting."""
        return frozenset(self.terms).union(*self.phrases)


def parse_query(text: object) -> ParsedQuery:
    """Parse any input into a ParsedQuery; never raises, and empty means "nothing to search"."""
    cleaned = clean_text(text if isinstance(text, str) else "")
    budget = MAX_TERMS
    phrases: list[tuple[str, ...]] = []
    single: list[str] = []
    for quoted in _PHRASE.finditer(cleaned):
        words = analyzed_terms(_strip_operators(next(g for g in quoted.groups() if g is not None)))
        words = words[:budget]
        budget -= len(words)
        if len(words) > 1 and tuple(words) not in phrases:
            phrases.append(tuple(words))
        elif len(words) == 1:
            single.append(words[0])
    single.extend(analyzed_terms(_strip_operators(_PHRASE.sub(" ", cleaned)), limit=budget))
    in_phrases = {word for phrase in phrases for word in phrase}
    unique = tuple(dict.fromkeys(word for word in single if word not in in_phrases))
    return ParsedQuery(text=cleaned, terms=unique, phrases=tuple(phrases))


def _strip_operators(text: str) -> str:
    return _OPERATOR.sub(" ", _COLUMN_FILTER.sub(" ", text))
