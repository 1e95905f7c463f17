"""nDCG@10 of the active backend on our Arabic relevance set, loaded as real article pages.

The set (tests/fixtures/search) covers orthography, morphology, phrases, names, digits,
mixed Latin text and recency; docs/search.md lists the numbers of both backends.
"""

from __future__ import annotations

import pytest
from django.db import connection

from akhbar.news.models import ArticlePage
from akhbar.search.indexing import index_pages
from akhbar.search.query import parse_query
from akhbar.search.service import SearchRequest, SearchResults
from tests.factories import make_section
from tests.search.conftest import NOW
from tests.search.relevance import articles, evaluate

pytestmark = pytest.mark.django_db

FLOOR = 0.90
SECTIONS = {
    "politics": "سياسة",
    "economy": "اقتصاد",
    "sports": "رياضة",
    "local": "محليات",
    "culture": "ثقافة",
    "tech": "تكنولوجيا",
    "health": "صحة",
}


def load(home) -> dict[int, str]:
    """Create one live ArticlePage per fixture article (no revision history: faster) and
    index them; returns page id → fixture key."""
    sections = {slug: make_section(home, title, slug=slug) for slug, title in SECTIONS.items()}
    keys = {}
    for item in articles():
        page = ArticlePage(
            title=item.title,
            slug=item.key,
            dek=item.dek,
            body=[("paragraph", f"<p>{text}</p>") for text in item.body],
            live=True,
            first_published_at=item.published,
            last_published_at=item.published,
        )
        for tag in item.tags:
            page.tags.add(tag)
        sections[item.section].add_child(instance=page)
        keys[page.pk] = item.key
    index_pages(keys)
    return keys


def test_ndcg_at_10(home, record_property):
    keys = load(home)

    def ranked(text: str) -> list[str]:
        results = SearchResults(SearchRequest(query=parse_query(text)), now=NOW)
        return [keys[result.hit.id] for result in results[0:10]]

    score, by_kind = evaluate(ranked)
    report = f"{connection.vendor} nDCG@10 {score:.4f} " + ", ".join(
        f"{kind} {value:.3f}" for kind, value in by_kind.items()
    )
    record_property("ndcg_at_10", round(score, 4))
    assert score >= FLOOR, report
