"""Matching on re-runs and across sources: by address, then by wording (near-duplicates)."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from akhbar.importers import bands, fingerprint, pipeline
from akhbar.importers.models import ImportedItem, NearDuplicateKey
from akhbar.importers.records import ArticleRecord, SectionRef
from akhbar.news.models import ArticlePage
from tests.importers.conftest import fixture

pytestmark = pytest.mark.django_db

PAIRS = json.loads(fixture("near_duplicates.json").read_text(encoding="utf-8"))
THRESHOLD = 0.5  # AKHBAR_IMPORT_NEAR_DUPLICATE_PERCENT's default


def record(title: str, body: str, **fields) -> ArticleRecord:
    defaults = {
        "section": SectionRef("محليات"),
        "published": datetime(2026, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Damascus")),
    }
    return ArticleRecord(title=title, body=body, **(defaults | fields))


@pytest.mark.parametrize(("first", "second"), PAIRS["same"])
def test_a_lightly_rewritten_story_is_found_and_alike(first, second):
    a, b = fingerprint.signature(first), fingerprint.signature(second)
    assert set(fingerprint.band_keys(a)) & set(fingerprint.band_keys(b))
    assert fingerprint.similarity(a, b) >= THRESHOLD


@pytest.mark.parametrize(("first", "second"), PAIRS["different"])
def test_another_story_on_the_same_topic_is_not_a_duplicate(first, second):
    a, b = fingerprint.signature(first), fingerprint.signature(second)
    assert fingerprint.similarity(a, b) < THRESHOLD


def test_a_near_duplicate_from_another_source_updates_the_article(run_records):
    first, second = PAIRS["same"][0]
    run_records([record("جسر جديد في حلب", first, guid="wire-1")], source="jsonl")
    report = run_records([record("حلب تفتتح جسراً", second, guid="blog-9")], source="blogger")

    assert (report.created, report.updated, report.near_duplicates) == (0, 1, 1)
    assert "near-duplicate of «جسر جديد في حلب»" in report.near_duplicate_notes[0].reason
    page = ArticlePage.objects.get()
    assert page.title == "حلب تفتتح جسراً"
    # Re-running either source finds its own item now: nothing new.
    again = run_records([record("حلب تفتتح جسراً", second, guid="blog-9")], source="blogger")
    assert (again.created, again.skipped) == (0, 1)


def test_near_duplicates_within_one_file_make_one_article(run_records):
    (first, second), (other, _) = PAIRS["same"][1], PAIRS["different"][2]
    report = run_records(
        [
            record("قطع المياه عن أحياء في دمشق", first, guid="a"),
            record("انقطاع المياه في المزة ودمر", second, guid="b"),
            record("أسعار الخضار", other, guid="c"),
        ]
    )
    assert (report.created, report.updated, report.near_duplicates) == (2, 1, 1)
    assert ArticlePage.objects.count() == 2
    assert ArticlePage.objects.filter(title="انقطاع المياه في المزة ودمر").exists()


def test_different_stories_on_one_topic_stay_apart(run_records):
    first, second = PAIRS["different"][1]
    report = run_records([record("المياه", first, guid="a"), record("الفيجة", second, guid="b")])
    assert (report.created, report.near_duplicates) == (2, 0)


def test_the_same_story_at_its_old_address_is_matched_first(run_records):
    url = "https://old.example.com/2021/01/bridge.html"
    run_records([record("جسر", "نص أول عن الجسر.", guid="x", old_urls=(url,))], source="blogger")
    report = run_records(
        [record("جسر حلب", "نص مختلف تماماً عن الموضوع.", old_urls=(url,))], source="html"
    )
    assert (report.created, report.updated) == (0, 1)
    assert ArticlePage.objects.get().title == "جسر حلب"


def test_a_near_duplicate_filed_under_another_section_keeps_the_article_in_place(run_records):
    """Matched by wording, not by identity: the story is not moved, and re-runs skip both."""
    (first, second), (third, fourth) = PAIRS["same"][2], PAIRS["same"][3]
    records = [
        record("الخبر الأول", first, guid="a", section=SectionRef("محليات")),
        record("الخبر الثاني", third, guid="b", section=SectionRef("محليات")),
        record("صيغة أخرى للأول", second, guid="c", section=SectionRef("اقتصاد")),
        record("صيغة أخرى للثاني", fourth, guid="d", section=SectionRef("اقتصاد")),
    ]
    report = run_records(records, batch_size=2)

    assert (report.created, report.updated, report.failed) == (2, 2, 0), report.failures
    assert {page.get_parent().title for page in ArticlePage.objects.all()} == {"محليات"}
    again = run_records(records, batch_size=2)
    assert (again.created, again.updated, again.skipped, again.failed) == (0, 0, 4, 0)


def stored_keys() -> dict[str, set[int]]:
    return {
        item.guid: set(item.band_keys.values_list("key", flat=True))
        for item in ImportedItem.objects.all()
    }


def expected_keys() -> dict[str, set[int]]:
    return {
        item.guid: set(fingerprint.band_keys(bytes(item.signature)))
        for item in ImportedItem.objects.all()
    }


def test_a_run_stores_its_items_band_keys_and_an_update_replaces_them(run_records):
    (first, second), (other, _) = PAIRS["same"][4], PAIRS["different"][0]
    run_records([record("خبر", first, guid="a"), record("آخر", other, guid="b")], batch_size=1)
    keys = stored_keys()
    assert keys == expected_keys() and all(keys.values())

    run_records([record("خبر", second, guid="a")])  # the same item, rewritten at the source

    assert stored_keys()["a"] == expected_keys()["a"] != keys["a"]
    assert stored_keys()["b"] == keys["b"]


def test_the_keys_an_interrupted_run_left_unstored_are_stored_by_the_next(run_records):
    """A run stores its keys as it goes and at its end: killed between, its last committed
    items have none."""
    first, second = PAIRS["same"][5]
    run_records([record("سوق", first, guid="wire-1")])
    NearDuplicateKey.objects.all().delete()  # as a run killed before its end leaves them

    report = run_records([record("سوق شعبية", second, guid="blog-1")], source="blogger")

    assert (report.created, report.updated, report.near_duplicates) == (0, 1, 1)
    assert stored_keys() == expected_keys()


def test_a_long_run_moves_its_keys_to_the_database_and_still_finds_its_own_items(
    run_records, monkeypatch
):
    """Memory stays bounded: past RUN_BANDS_IN_MEMORY items the run stores what it holds."""
    monkeypatch.setattr(bands, "RUN_BANDS_IN_MEMORY", 2)
    (first, second), (other, _), (third, _) = PAIRS["same"][6], *PAIRS["different"][3:5]
    records = [
        record("خبر أول", first, guid="a"),
        record("خبر ثان", other, guid="b"),
        record("خبر ثالث", third, guid="c"),  # after two items: a and b are stored by now
        record("صيغة أخرى للأول", second, guid="d"),
    ]
    report = run_records(records, batch_size=1)

    assert (report.created, report.updated, report.near_duplicates) == (3, 1, 1)
    assert "near-duplicate of «خبر أول»" in report.near_duplicate_notes[0].reason
    assert stored_keys() == expected_keys()


def test_a_run_stores_keys_as_it_goes_and_asks_the_database_about_older_items_only(
    run_records, monkeypatch
):
    monkeypatch.setattr(pipeline, "KEYS_STORED_EVERY", 1)
    (first, second), (other, _), (third, _) = PAIRS["same"][6], *PAIRS["different"][3:5]
    run_records([record("خبر سابق", other, guid="before")])
    before = ImportedItem.objects.get().pk
    asked: list[tuple[int, list[int]]] = []
    sharing_most = NearDuplicateKey.objects.sharing_most

    def spy(keys, **bound):
        found = sharing_most(keys, **bound)
        asked.append((NearDuplicateKey.objects.count(), found))
        return found

    monkeypatch.setattr(NearDuplicateKey.objects, "sharing_most", spy)
    records = [
        record("خبر أول", first, guid="a"),
        record("خبر ثالث", third, guid="c"),
        record("صيغة أخرى للأول", second, guid="d"),
    ]
    report = run_records(records, batch_size=1)

    assert (report.created, report.updated, report.near_duplicates) == (2, 1, 1)
    assert "near-duplicate of «خبر أول»" in report.near_duplicate_notes[0].reason
    stored_as_it_went = [count for count, _ in asked]
    assert stored_as_it_went == sorted(stored_as_it_went) and len(set(stored_as_it_went)) == 3
    assert {pk for _, found in asked for pk in found} <= {before}  # the run's own: in memory
    assert stored_keys() == expected_keys()
