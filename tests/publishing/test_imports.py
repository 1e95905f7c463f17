"""A bulk import refreshes what its articles affect once for many, not once per article."""

from datetime import datetime, timedelta
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from akhbar.importers import pipeline
from akhbar.importers.pipeline import ImportOptions, run_import
from akhbar.importers.records import ArticleRecord, SectionRef
from akhbar.news.models import ArticlePage
from akhbar.publishing import signals
from akhbar.publishing.models import ArticleSnapshot

pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 20, 8, 0, tzinfo=ZoneInfo("Asia/Damascus"))


def records(count: int, *, first: int = 0) -> list[ArticleRecord]:
    return [
        ArticleRecord(
            title=f"نبأ مستورد رقم {number} عن سوق الهال",
            body=f"تفاصيل النبأ رقم {number} كما وردت من المراسل في المدينة.",
            section=SectionRef("محليات"),
            published=START + timedelta(hours=number),
            tags=(f"وسم {number % 3}",),
            authors=("سلمى الحلبي",),
            guid=f"wire-{number}",
        )
        for number in range(first, first + count)
    ]


def imported(items: list[ArticleRecord], captured) -> int:
    """Run the import as the command does (callbacks after commit) and count its queries."""
    with CaptureQueriesContext(connection) as queries, captured(execute=True):
        report = run_import(items, ImportOptions(source="jsonl", batch_size=100))
    assert report.failed == 0, report.failures
    return len(queries)


def test_an_import_publishes_its_articles_and_the_lists_that_show_them(
    home, publish_root, django_capture_on_commit_callbacks
):
    imported(records(6), django_capture_on_commit_callbacks)

    newest = ArticlePage.objects.get(title="نبأ مستورد رقم 5 عن سوق الهال")
    for article in ArticlePage.objects.all():
        assert page_file(publish_root, article).exists()
    home_page = (publish_root / "index.html").read_text()
    assert newest.title in home_page
    assert newest.title in (publish_root / "feeds" / "rss.xml").read_text()
    section = publish_root / unquote(newest.get_parent().url).strip("/") / "index.html"
    assert newest.title in section.read_text()


def test_the_cost_of_refreshing_does_not_grow_with_the_batch(
    home, settings, django_capture_on_commit_callbacks
):
    # The page cache backend: invalidation only, so the count is the import's own work.
    settings.AKHBAR_PUBLISH_BACKENDS = {
        "cache": {
            "BACKEND": "akhbar.publishing.backends.cache.PageCacheBackend",
            "TIMEOUT": 600,
            "FRAGMENT_TIMEOUT": 15,
        }
    }
    # Matching by wording asks about each fingerprinted item: not what is counted here.
    settings.AKHBAR_IMPORT_NEAR_DUPLICATE_PERCENT = 0
    imported(records(2), django_capture_on_commit_callbacks)  # sections, tags, author
    small = imported(records(5, first=10), django_capture_on_commit_callbacks)
    large = imported(records(40, first=100), django_capture_on_commit_callbacks)
    assert large <= small + 5


def test_a_run_hands_its_articles_over_together(
    home, monkeypatch, django_capture_on_commit_callbacks
):
    """Every PUBLISH_EVERY articles, not once a batch; and what is left at the end."""
    handed: list[int] = []
    real = signals.articles_changed

    def count(published):
        handed.append(len(published))
        real(published)

    monkeypatch.setattr(pipeline, "PUBLISH_EVERY", 4)
    monkeypatch.setattr(signals, "articles_changed", count)
    imported(records(10), django_capture_on_commit_callbacks)  # batches of 100: one
    assert handed == [10]
    handed.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run_import(records(10, first=20), ImportOptions(source="jsonl", batch_size=3))
    assert handed == [6, 4]  # after the second batch, the fourth, and the rest at the end
    assert ArticleSnapshot.objects.count() == 20


def test_articles_an_interrupted_run_did_not_hand_over_are_published_by_the_next(
    home, publish_root, monkeypatch, django_capture_on_commit_callbacks
):
    imported(records(1), django_capture_on_commit_callbacks)  # its section, tag and author
    # As if the next run was killed after its batches were committed, before their hand-over.
    monkeypatch.setattr(signals, "articles_changed", lambda published: None)
    imported(records(3, first=10), django_capture_on_commit_callbacks)
    monkeypatch.undo()
    handed_over = ArticleSnapshot.objects.values("article_id")
    articles = list(ArticlePage.objects.exclude(pk__in=handed_over).order_by("pk"))
    assert len(articles) == 3
    assert not any(page_file(publish_root, article).exists() for article in articles)

    imported([], django_capture_on_commit_callbacks)

    assert all(page_file(publish_root, article).exists() for article in articles)
    assert ArticleSnapshot.objects.count() == 4
    assert articles[-1].title in (publish_root / "index.html").read_text()


def page_file(root, article: ArticlePage):
    return root / unquote(article.url).strip("/") / "index.html"
