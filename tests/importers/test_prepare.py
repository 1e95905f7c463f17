"""Records prepared where they are read: in-process, or in a child process beside the writer."""

import json
import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from akhbar.importers import bands, fingerprint
from akhbar.importers.html import body_text, parse_body
from akhbar.importers.models import ImportedItem
from akhbar.importers.pipeline import _Importer
from akhbar.importers.prepare import (
    Pace,
    Prepared,
    PrepareFailed,
    prepare,
    prepared_batches,
)
from akhbar.importers.records import (
    ArticleRecord,
    BodyFormat,
    Failure,
    Ignored,
    Kind,
    SectionRef,
)
from akhbar.importers.sources import SourceUnreadable
from akhbar.importers.sources.jsonl import JsonlSource
from akhbar.news.models import ArticlePage
from akhbar.search.analysis import Analysis, document_terms
from akhbar.search.backends import base as search_base
from akhbar.search.models import SearchDocument
from tests.importers.conftest import fixture, read

PUBLISHED = datetime(2026, 1, 12, 9, 15, tzinfo=UTC)
BODY = (
    "افتتحت بلدية حلب صباح اليوم جسراً جديداً للمشاة فوق نهر قويق بعد عامين من العمل، بحضور"
    " ممثلين عن الأهالي وأصحاب المحال في الأسواق القديمة ومهندسين من مديرية الخدمات الفنية."
    "\n\nويربط الجسر حي السبيل بسوق المدينة ويختصر الطريق على طلاب المدارس نصف ساعة كل"
    " صباح، على أن تضاء جوانبه ليلاً وتزرع حوله أشجار الزيتون في الربيع المقبل."
)


def record(title: str = "بلدية حلب تفتتح جسراً", **fields) -> ArticleRecord:
    return ArticleRecord(
        **{
            "title": title,
            "body": BODY,
            "body_format": BodyFormat.TEXT,
            "section": SectionRef("World News"),
            "published": PUBLISHED,
            **fields,
        }
    )


def test_a_record_is_placed_cleaned_digested_and_fingerprinted():
    prepared = prepare(record(), section_map={"world news": "دولي"}, fingerprints=True)
    assert prepared.record.section == SectionRef("دولي")
    assert prepared.content_hash == prepared.record.content_hash()
    parsed = parse_body(BODY, BodyFormat.TEXT)
    assert len(parsed.blocks) == len(prepared.ahead.blocks) == 2
    text = f"{prepared.record.title}\n{body_text(parsed)}"
    assert prepared.signature == fingerprint.signature(text)
    assert prepared.band_keys == tuple(fingerprint.band_keys(prepared.signature))
    assert not prepared.error


def test_pages_and_a_run_without_matching_are_not_fingerprinted():
    page = prepare(record(kind=Kind.PAGE), section_map={}, fingerprints=True)
    assert page.record.section is None
    assert page.signature is None and page.band_keys == ()
    unsigned = prepare(record(), section_map={}, fingerprints=False)
    assert unsigned.signature is None and unsigned.content_hash


def test_an_item_imported_before_with_the_same_digest_is_not_fingerprinted():
    article = record(guid="halab-1")
    unchanged = {hash((article.key, article.content_hash()))}
    skipped = prepare(article, section_map={}, fingerprints=True, unchanged=unchanged)
    assert skipped.parsed is None and skipped.signature is None
    changed = replace(article, dek="تعديل")
    assert prepare(changed, section_map={}, fingerprints=True, unchanged=unchanged).signature


@pytest.mark.django_db
def test_the_importer_cleans_and_fingerprints_what_the_reader_wrongly_took_for_unchanged(
    home, run_records, monkeypatch
):
    first = record(guid="halab-1")
    run_records([first])
    changed = replace(first, body=f"{BODY}\n\nوتبلغ كلفة الجسر مئتي مليون ليرة.")
    broken = record(guid="halab-2", body="<script>x()</script>", body_format=BodyFormat.HTML)
    # As if both had been imported unchanged when the reader started, or digests collided.
    monkeypatch.setattr(
        _Importer,
        "_imported_digests",
        lambda self: {hash((r.key, r.content_hash())) for r in (changed, broken)},
    )
    report = run_records([changed, broken], workers=1)
    assert (report.updated, report.failed) == (1, 1)
    assert report.failures[0].reason == "body has no text left after cleaning"
    assert len(ArticlePage.objects.get(title=first.title).body) == 3
    item = ImportedItem.objects.get(guid="halab-1")
    assert bytes(item.signature) == prepare(changed, section_map={}, fingerprints=True).signature
    assert item.band_keys.count() == len(fingerprint.band_keys(bytes(item.signature))) > 0


def test_a_body_with_no_text_left_is_an_error_for_the_importer_to_report():
    prepared = prepare(
        record(body="<script>x()</script>", body_format=BodyFormat.HTML),
        section_map={},
        fingerprints=True,
    )
    assert prepared.error == "body has no text left after cleaning"


@pytest.mark.django_db  # a Page reads its content type
def test_a_body_that_needs_no_lookup_is_worked_out_ahead():
    tagged = record(tags=(" أسواق حلب", "اسواق حلب", "جسور"), dek="جسر للمشاة")
    prepared = prepare(tagged, section_map={}, fingerprints=True)
    ahead = prepared.ahead
    assert [block["type"] for block in ahead.blocks] == ["paragraph", "paragraph"]
    assert ahead.blocks[0]["value"] == f"<p>{BODY.split(chr(10))[0]}</p>"
    assert ahead.body_text == ArticlePage(body=ahead.blocks).body_text()
    assert prepared.parsed.blocks == ()  # held once, as the blocks above
    # The tags as the importer files them: one per folded name, as first spelt.
    body, tags = f"جسر للمشاة\n\n{ahead.body_text}", ("أسواق حلب", "جسور")
    terms = ahead.analysis.terms_for(tagged.title, body, tags)
    assert terms == document_terms(tagged.title, body, tags)
    assert ahead.analysis.terms_for(tagged.title, body, ("جسور",)) is None
    assert ahead.analysis.terms_for(tagged.title, body + ".", tags) is None


@pytest.mark.parametrize(
    "texts",
    [
        ("عنوان", "نص\x00فيه\u200f صفر", ("وسم",)),
        ("عنوان", "نص فيه", ("وسم\x00", "")),
        ("\ud800", "ـــ ًٌٍ", ()),
    ],
)
def test_terms_worked_out_ahead_are_those_of_the_texts(texts):
    assert Analysis.of(*texts).terms_for(*texts) == document_terms(*texts)


@pytest.mark.parametrize(
    "body",
    [
        '<p>صورة الجسر</p><figure><img src="https://old.example/j.jpg"></figure>',
        '<p>إقرأ أيضاً: <a href="https://old.example/2024/01/a.html">خبر سابق</a></p>',
        '<p>كما <a href="https://www.old.example/2024/01/b.html?m=1">نشرنا</a> أمس.</p>',
    ],
)
def test_a_body_that_looks_the_site_up_is_left_to_the_importer(body):
    html = record(body=body, body_format=BodyFormat.HTML)
    options = {"section_map": {}, "fingerprints": True, "old_hosts": frozenset({"old.example"})}
    assert prepare(html, **options).ahead is None


def test_a_link_elsewhere_needs_no_lookup():
    body = '<p>كما <a href="https://agency.example/b.html">نشرت الوكالة</a> أمس.</p>'
    html = record(body=body, body_format=BodyFormat.HTML)
    ahead = prepare(
        html, section_map={}, fingerprints=True, old_hosts=frozenset({"old.example"})
    ).ahead
    assert ahead.blocks[0]["value"] == (
        '<p>كما <a href="https://agency.example/b.html">نشرت الوكالة</a> أمس.</p>'
    )


@pytest.mark.django_db
def test_the_importer_uses_the_analysis_worked_out_ahead(run_records, monkeypatch):
    def no_analysis(*args):
        raise AssertionError("analyzed by the importer")

    monkeypatch.setattr(search_base, "document_terms", no_analysis)
    report = run_records([record(guid="halab-1", tags=("جسور",))], workers=1)
    assert report.created == 1
    assert SearchDocument.objects.get().title == record().title


def comparable(entry):
    """A prepared entry as `prepare` alone gives it, its random block ids left out (and its
    blocks' JSON text, once checked to be theirs)."""
    if not isinstance(entry, Prepared):
        return entry
    assert json.loads(entry.ahead.body_json) == entry.ahead.blocks
    blocks = [{**block, "id": None} for block in entry.ahead.blocks]
    ahead = replace(entry.ahead, blocks=blocks, body_json="")
    return replace(entry, ahead=ahead, run_position=None, alike=())


def test_a_run_offers_each_article_the_earlier_ones_alike_enough():
    pairs = json.loads(fixture("near_duplicates.json").read_text(encoding="utf-8"))
    first, second = pairs["same"][0]
    records = [
        record("أ", body=first, guid="a"),
        record("ب", guid="b"),  # another story
        record("ج", body=second, guid="c"),
    ]
    batches = list(prepared_batches(records, size=2, section_map={}, similar=0.5))
    a, b, c = (entry for batch in batches for entry in batch.entries)
    assert (a.alike, b.alike) == ((), ())
    assert [position for position, _ in c.alike] == [a.run_position]
    assert c.alike[0][1] == fingerprint.similarity(c.signature, a.signature) >= 0.5
    unmatched = list(prepared_batches(records, size=2, section_map={}, similar=0))
    assert all(entry.run_position is None for batch in unmatched for entry in batch.entries)


def test_a_full_run_starts_its_candidates_afresh(monkeypatch):
    monkeypatch.setattr(bands, "RUN_BANDS_IN_MEMORY", 2)
    records = [record(f"خبر {n}", guid=str(n)) for n in range(5)]
    batches = list(prepared_batches(records, size=2, section_map={}, similar=0.5))
    assert [batch.restarted for batch in batches] == [False, True, True]
    assert [e.run_position for batch in batches for e in batch.entries] == [0, 1, 0, 1, 0]
    # The same body: alike with the earlier items still held, never those forgotten.
    assert [len(e.alike) for batch in batches for e in batch.entries] == [0, 1, 0, 1, 0]


def entries() -> list:
    return [
        record("الأول", guid="1"),
        Failure("line 2", "invalid JSON"),
        record("الثاني", guid="2"),
        Ignored("entry 4", "comment"),
        record("الثالث", guid="3"),
    ]


@pytest.mark.parametrize("workers", [0, 1])
def test_batches_come_in_order_with_the_source_position(workers):
    read_so_far = 0

    def source() -> Iterator:
        nonlocal read_so_far
        for entry in entries():
            read_so_far += 1
            yield entry

    batches = list(
        prepared_batches(
            source(),
            size=2,
            section_map={},
            similar=0.5,
            position=lambda: read_so_far,
            workers=workers,
        )
    )
    assert [batch.read for batch in batches] == [2, 4, 5]
    flat = [entry for batch in batches for entry in batch.entries]
    expected = [
        prepare(e, section_map={}, fingerprints=True) if isinstance(e, ArticleRecord) else e
        for e in entries()
    ]
    assert list(map(comparable, flat)) == list(map(comparable, expected))
    assert [entry.run_position for entry in flat if isinstance(entry, Prepared)] == [0, 1, 2]


def test_an_error_of_the_source_in_the_child_is_raised_by_the_importer():
    def source() -> Iterator:
        yield record()
        raise SourceUnreadable("Cannot read https://wire.example/rss: 404")

    batches = prepared_batches(source(), size=1, section_map={}, similar=0.5, workers=1)
    assert len(next(batches)[0]) == 1
    with pytest.raises(SourceUnreadable, match="404"):
        next(batches)


def test_a_child_that_dies_is_reported_not_waited_for():
    def source() -> Iterator:
        yield record()
        os._exit(1)  # killed, out of memory: no exception to hand over

    with pytest.raises(PrepareFailed, match="Run the import again"):
        list(prepared_batches(source(), size=1, section_map={}, similar=0.5, workers=1))


@pytest.mark.django_db
def test_the_reader_leaves_work_ahead_to_the_importer_while_the_importer_waits():
    pace = Pace()
    assert all(map(pace.works_ahead, range(20)))
    for _ in range(3):
        pace.importer_waits()
        pace.adjust()
    assert [pace.works_ahead(number) for number in range(10)] == [True] * 7 + [False] * 3
    for _ in range(20):
        pace.importer_waits()
        pace.adjust()
    assert not any(map(pace.works_ahead, range(20)))
    pace.adjust()  # the importer found the last batch ready
    assert [pace.works_ahead(number) for number in range(10)] == [True] + [False] * 9


AHEAD_SHARES = {
    "all": lambda number: True,
    "none": lambda number: False,
    "half": lambda number: number % 2 == 0,
}


@pytest.mark.parametrize("share", AHEAD_SHARES)
def test_an_import_with_a_reader_process_writes_what_one_process_writes(
    home, run_records, monkeypatch, share
):
    """Whatever share of the work the reader does ahead (see Pace)."""
    records = read(fixture("articles.jsonl"))
    monkeypatch.setattr(Pace, "works_ahead", lambda pace, number: AHEAD_SHARES[share](number))
    with_reader = run_records(records, workers=1)
    monkeypatch.undo()
    articles = sorted(ArticlePage.objects.values_list("title", "slug", "dek", "source_name"))
    ArticlePage.objects.all().delete()
    in_process = run_records(records, source="again", workers=0)
    # The second run finds the sections, tags and authors the first one created.
    assert replace(with_reader, new_sections=(), new_tags=0, new_authors=0) == in_process
    assert with_reader.created == len(articles) > 0
    assert articles == sorted(
        ArticlePage.objects.values_list("title", "slug", "dek", "source_name")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("workers", ["0", "1"])
def test_the_command_shows_progress_as_far_as_the_input_was_read(home, workers):
    out = StringIO()
    call_command(
        "import",
        "jsonl",
        str(fixture("articles.jsonl")),
        "--batch-size",
        "1",
        "--workers",
        workers,
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    assert any(line.startswith("100%") for line in lines), lines
    assert "Import finished" in out.getvalue()


@pytest.mark.django_db
def test_the_command_refuses_more_than_one_reader(home):
    with pytest.raises(CommandError, match="must be 0"):
        call_command("import", "jsonl", str(fixture("articles.jsonl")), "--workers", "2")
    assert not ArticlePage.objects.exists()


@pytest.mark.django_db
def test_the_command_reports_a_reader_that_died(home, monkeypatch):
    def records(self) -> Iterator:
        yield record()
        os._exit(1)

    monkeypatch.setattr(JsonlSource, "records", records)
    with pytest.raises(CommandError, match="stopped unexpectedly"):
        call_command("import", "jsonl", str(fixture("articles.jsonl")), "--workers", "1")
