"""SQLite FTS5 only: terms found in most articles are left out of bm25 but still filter."""

from __future__ import annotations

import pytest

from akhbar.search.backends import sqlite_fts5
from akhbar.search.query import parse_query
from akhbar.search.service import SearchRequest, SearchResults
from tests.search.conftest import NOW, ON_POSTGRES, doc

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(ON_POSTGRES, reason="SQLite FTS5 backend"),
]


@pytest.fixture
def corpus(backend, monkeypatch):
    # A sample of all 12 articles: «على» is in every one, «المواد» in 3 (a quarter: not frequent).
    monkeypatch.setattr(sqlite_fts5, "SAMPLE", 12)
    documents = {
        "both_title": doc("المواد على الرفوف", "نص", days_ago=30),
        "both_body": doc("خبر", "توزيع المواد على الأسر", days_ago=1),
        "phrase": doc("خبر آخر", "الإقبال على المواد كبير", days_ago=2),
        "title_common": doc("على الطريق", "نص قصير", days_ago=40),
        **{f"common_{n}": doc("مقال", "على الجميع الانتباه", days_ago=3 + n) for n in range(8)},
    }
    backend.index(documents.values())
    return backend, {d.id: name for name, d in documents.items()}


def names(backend, names_by_id, text):
    results = SearchResults(SearchRequest(query=parse_query(text)), backend=backend, now=NOW)
    return [names_by_id[result.hit.id] for result in results[0:10]]


def test_frequent_terms_filter_but_do_not_rank(corpus):
    backend, by_id = corpus
    assert backend._frequent({"علي", "مواد"}) == {"علي"}
    complete = [by_id[hit.id] for hit in backend.search(parse_query("على المواد"), now=NOW)]
    assert complete[0] == "both_title"  # the title weight still counts
    assert sorted(complete) == ["both_body", "both_title", "phrase"]
    phrase = [by_id[hit.id] for hit in backend.search(parse_query('"على المواد"'), now=NOW)]
    assert phrase == ["phrase"]


def test_a_query_of_frequent_terms_only_ranks_title_matches_first(corpus):
    backend, by_id = corpus
    found = names(backend, by_id, "على")
    assert found[:2] == ["both_title", "title_common"]  # then the others, newest first
    assert found[2:5] == ["both_body", "phrase", "common_0"]
