"""Reader text → ParsedQuery → FTS5 / tsquery text: safe for any input, no database needed."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.search.backends.base import Mode
from akhbar.search.backends.postgres import tsquery_literal, tsvector_literal
from akhbar.search.backends.sqlite_fts5 import fts_expression
from akhbar.search.query import MAX_QUERY_CHARS, MAX_TERMS, ParsedQuery, clean_text, parse_query

PARSED = [
    ("احمد", ("احمد",), ()),
    ("أحمد إحمد آحمد", ("احمد",), ()),
    ("المدارس في حلب", ("مدرس", "حلب"), ()),
    ('"وزير الخارجية" تركيا', ("تركيا",), (("وزير", "خارج"),)),
    ("«الأمم المتحدة»", (), (("امم", "متحد"),)),
    ("“كرة القدم”", (), (("كره", "قدم"),)),
    ('"حلب"', ("حلب",), ()),
    ('"في من"', (), ()),
    ('"وزير الخارجية" وزير', (), (("وزير", "خارج"),)),
    ('وزير "الخارجية', ("وزير", "خارج"), ()),
    ("NEAR(حلب دمشق)", ("حلب", "دمشق"), ()),
    ("حلب AND OR NOT دمشق", ("حلب", "دمشق"), ()),
    ("حلب and دمشق", ("حلب", "and", "دمشق"), ()),
    ("title:حلب body:دمشق", ("حلب", "دمشق"), ()),
    ("قال الوزير: حلب", ("قال", "وزير", "حلب"), ()),
    ("*حلب^ (دمشق)", ("حلب", "دمشق"), ()),
    ("COVID-19", ("covid", "19"), ()),
    ("٢٠٢٦", ("2026",), ()),
    ("ًٌٍ", (), ()),
    ("'; DROP TABLE x; --", ("drop", "table", "x"), ()),
    ("", (), ()),
]


@pytest.mark.parametrize(("text", "terms", "phrases"), PARSED)
def test_parse_query(text, terms, phrases):
    parsed = parse_query(text)
    assert (parsed.terms, parsed.phrases) == (terms, phrases)


def test_empty_and_non_text_input_is_an_empty_query():
    for value in ("", "   ", "ًٌٍ", "***", '"" «»', None, 42, b"bytes"):
        assert not parse_query(value)


def test_query_is_bounded():
    long = parse_query("كلمة " * 5_000)
    assert len(long.text) <= MAX_QUERY_CHARS
    many = parse_query(" ".join(f"word{n}" for n in range(100)))
    assert len(many.terms) == MAX_TERMS
    phrases = parse_query(" ".join(f'"alpha{n} beta{n}"' for n in range(20)))
    assert sum(len(unit) for unit in phrases.units) <= MAX_TERMS
    giant = parse_query("x" * 10_000)
    assert giant.terms == ()  # longer than any term the index keeps


def test_clean_text_drops_controls_and_surrogates_but_keeps_the_spelling():
    assert clean_text("أَحْمَد\x00 \ud800«حلب»\x1f") == "أَحْمَد «حلب»"
    assert clean_text("x" * 1000) == "x" * MAX_QUERY_CHARS


def test_stems_cover_terms_and_phrases():
    parsed = parse_query('"وزير الخارجية" المدارس')
    assert parsed.stems == frozenset({"وزير", "خارج", "مدرس"})


def test_every_term_is_quoted_for_the_backends():
    parsed = ParsedQuery(terms=('a"b', "c'd\\"), phrases=(("x", "y"),))
    assert fts_expression(parsed, Mode.ALL) == '"x y" AND "a""b" AND "c\'d\\"'
    assert fts_expression(parsed, Mode.ANY) == '"x y" OR "a""b" OR "c\'d\\"'
    assert tsquery_literal(parsed, Mode.ALL) == "('x' <-> 'y') & ('a\"b') & ('c''d\\\\')"


def test_tsvector_literal_positions_and_weights():
    assert tsvector_literal(["حلب", "سوق"], ["سوق", "تاجر"]) == "'حلب':1A 'سوق':2A,4B 'تاجر':5B"


def _fts5() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize = 'ascii')")
    connection.execute("INSERT INTO t VALUES ('احمد حلب', 'covid 2026 مدرس')")
    return connection


FTS5 = _fts5()


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        st.text(),
        st.text(alphabet=st.characters(exclude_categories=())),
        st.text(alphabet="\"«»“”„()*^:-+NEARDOT '\\{}احمد"),
    )
)
def test_fts5_accepts_every_compiled_query(text):
    """Whatever the reader types, SQLite parses the MATCH expression we build from it."""
    parsed = parse_query(text)
    if parsed:
        for mode in Mode:
            FTS5.execute("SELECT rowid FROM t WHERE t MATCH ?", [fts_expression(parsed, mode)])


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(), st.text(alphabet=st.characters(exclude_categories=()))))
def test_parse_query_never_raises_and_is_stable(text):
    parsed = parse_query(text)
    assert parse_query(parsed.text) == parsed
    for unit in parsed.units:
        assert all(word and " " not in word for word in unit)
