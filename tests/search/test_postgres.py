"""PostgreSQL only: our tsvector is what the `simple` configuration makes of our terms, and
searches use the GIN index. Run with scripts/with-services (selected by `-m postgres`)."""

from __future__ import annotations

import pytest
from django.db import connection

from akhbar.search.analysis import terms
from akhbar.search.backends.base import Mode, Window
from akhbar.search.backends.postgres import tsvector_literal
from akhbar.search.query import parse_query
from tests.search.conftest import doc, postgres_only
from tests.search.relevance import articles

pytestmark = [pytest.mark.django_db, *postgres_only]


def test_our_vectors_equal_the_simple_configuration_on_our_terms():
    with connection.cursor() as cursor:
        for item in articles():
            words = terms(" ".join((item.title, item.dek, *item.body)))
            cursor.execute(
                "SELECT CAST(%s AS tsvector) = setweight(to_tsvector('simple', %s), 'A')",
                [tsvector_literal(words, []), " ".join(words)],
            )
            assert cursor.fetchone()[0], item.key


def test_searches_use_the_gin_index(backend):
    backend.index([doc("أخبار حلب اليوم"), doc("أخبار دمشق")])
    match = backend.match(parse_query("حلب"), mode=Mode.ALL, window=Window(), ranked=True)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {match.sql}", match.params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "akhbar_search_vector_gin" in plan
