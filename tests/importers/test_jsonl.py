"""The JSON Lines reader: every bad line named with its number and reason, the rest read."""

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from akhbar.importers.records import (
    ArticleRecord,
    BodyFormat,
    Failure,
    ImageRef,
    InvalidRecord,
    SectionRef,
    Status,
)
from akhbar.importers.sources.jsonl import read_jsonl, record_from_json, record_to_json

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"
DAMASCUS = ZoneInfo("Asia/Damascus")


def read(path: Path, *, limit: int = 100_000) -> list:
    with path.open("rb") as stream:
        return list(read_jsonl(stream, time_zone=DAMASCUS, max_line_bytes=limit))


def test_bad_lines_are_named_and_the_rest_is_read():
    entries = read(FIXTURES / "bad.jsonl")
    failures = {entry.location: entry.reason for entry in entries if isinstance(entry, Failure)}
    assert failures == {
        "line 2": "invalid JSON: Unterminated string starting at (column 55)",
        "line 3": '"title" is missing',
        "line 4": "\"published\" is not an ISO 8601 date: '12 كانون الثاني 2026'",
        "line 5": '"tags" must be a list of strings',
        "line 6": '"title" must be a string, not a number',
        "line 7": "body is empty",
        "line 9": "line longer than 100,000 bytes",
        "line 10": "expected a JSON object, found a list",
        "line 13": '"status" must be "live" or "draft", not \'published\'',
        "line 14": "source url is not an http(s) address: 'javascript:alert(1)'",
    }
    records = [entry for entry in entries if isinstance(entry, ArticleRecord)]
    # The duplicate guid (line 8) and the body of only code (line 12) are parsed here; the
    # pipeline refuses them, since only it sees the whole file and the cleaned body.
    assert [record.location for record in records] == ["line 1", "line 8", "line 12", "line 15"]


def test_a_huge_line_is_skipped_without_reading_it_whole():
    class Counting(io.BytesIO):
        largest = 0

        def readline(self, size=-1):
            line = super().readline(size)
            Counting.largest = max(Counting.largest, len(line))
            return line

    huge = b'{"title": "' + "ا".encode() * 3_000_000 + b'"}\n'
    ok = '{"title": "عنوان", "body": "نص", "section": "محليات", "published": "2026-01-01"}\n'
    stream = Counting(huge + ok.encode())
    entries = list(read_jsonl(stream, time_zone=DAMASCUS, max_line_bytes=10_000))
    assert entries[0] == Failure("line 1", "line longer than 10,000 bytes")
    assert isinstance(entries[1], ArticleRecord)
    assert Counting.largest <= 1 << 20


def test_encoding_problems_are_reported_per_line():
    stream = io.BytesIO(
        "\ufeff".encode()
        + b'{"title": "t", "body": "b", "section": "s", "published": "2026-01-01"}\n'
        + b'{"title": "\xff\xfe", "body": "b"}\n'
        + b"   \n"
        + b"[[[" * 100_000
        + b"\n"
    )
    entries = list(read_jsonl(stream, time_zone=DAMASCUS, max_line_bytes=1_000_000))
    assert isinstance(entries[0], ArticleRecord)
    assert entries[1] == Failure("line 2", "not UTF-8 text (byte 12)")
    assert entries[2].location == "line 4"
    assert entries[2].reason.startswith("invalid JSON")


def base(**fields) -> dict:
    return {
        "title": "عنوان",
        "body": "نص",
        "section": "محليات",
        "published": "2026-01-12T10:00:00+02:00",
    } | fields


FIELD_ERRORS = [
    (base(title="   "), "title is empty"),
    (base(section=None), '"section" is missing'),
    (base(section=["محليات"]), '"section" must be a string or an object, not a list'),
    (base(section={"slug": "x"}), '"title" is missing'),
    (base(published=None), '"published" is missing'),
    (base(published=20260112), '"published" must be a string, not a number'),
    (base(updated="أمس"), "\"updated\" is not an ISO 8601 date: 'أمس'"),
    (base(author=["أ", 3]), '"author" must be a list of strings'),
    (base(authors="س" * 121), "author is longer than 120 characters"),
    (base(tags=["و" * 101]), "tag is longer than 100 characters"),
    (base(title="ع" * 256), "title is longer than 255 characters"),
    (base(guid=True), '"guid" must be a string, not true/false'),
    (base(guid=["a"]), '"guid" must be a string, not a list'),
    (base(source=5), '"source" must be an object, not a number'),
    (base(source={"url": "https://example.org"}), "source url given without a source name"),
    (base(image={"alt": "بلا عنوان"}), '"src" is missing'),
    (base(format="markdown"), '"format" must be "html" or "text", not \'markdown\''),
    (base(status=["live"]), '"status" must be "live" or "draft", not a list'),
    (base(kind="post"), '"kind" must be "article" or "page", not \'post\''),
    (base(kind={"page": True}), '"kind" must be "article" or "page", not an object'),
]


@pytest.mark.parametrize(("data", "reason"), FIELD_ERRORS)
def test_field_errors_say_which_field(data, reason):
    with pytest.raises(InvalidRecord) as error:
        record_from_json(data, time_zone=DAMASCUS)
    assert str(error.value) == reason


def test_lenient_where_sources_differ():
    record = record_from_json(
        base(
            published="2026-01-12 10:00",
            author="سلمى الحلبي",
            tags=["حلب", " حلب ", "", "اقتصاد"],
            guid=12345,
            source="وكالة الأنباء المحلية",
            image="https://cdn.example.org/a.jpg",
        ),
        time_zone=DAMASCUS,
    )
    assert record.published == datetime(2026, 1, 12, 10, 0, tzinfo=DAMASCUS)
    assert record.authors == ("سلمى الحلبي",)
    assert record.tags == ("حلب", "اقتصاد")
    assert record.guid == "12345"
    assert record.source_name == "وكالة الأنباء المحلية"
    assert record.lead_image == ImageRef("https://cdn.example.org/a.jpg")
    assert record.body_format == BodyFormat.TEXT


def test_plain_text_fields_lose_markup_and_entities():
    record = record_from_json(
        base(
            title="<b>سوق الهال</b> &amp; الأسعار <script>alert(1)</script>",
            dek="موجز&nbsp;قصير",
            tags=["<i>دمشق</i>"],
            section={"title": "<span>اقتصاد</span>", "slug": "economy"},
        ),
        time_zone=DAMASCUS,
    )
    assert record.title == "سوق الهال & الأسعار"
    assert record.dek == "موجز\xa0قصير"
    assert record.tags == ("دمشق",)
    assert record.section == SectionRef("اقتصاد", "economy")


RECORDS = [
    ArticleRecord(
        title="عنوان",
        body="<p>نص</p>",
        section=SectionRef("اقتصاد", "economy"),
        published=datetime(2026, 1, 12, 10, 0, tzinfo=DAMASCUS),
        guid="g-1",
        updated=datetime(2026, 1, 13, 8, 30, tzinfo=DAMASCUS),
        dek="موجز",
        tags=("أ", "ب"),
        authors=("سلمى الحلبي", "رامي الشامي"),
        source_name="وكالة",
        source_url="https://example.org/1",
        status=Status.DRAFT,
        lead_image=ImageRef("/media/original_images/a.jpg", "وصف", "تعليق", "تصوير"),
        old_urls=("https://old.example/2021/01/a.html",),
    ),
    ArticleRecord(
        title="عنوان آخر",
        body="نص\n\nفقرة",
        body_format=BodyFormat.TEXT,
        section=SectionRef("محليات"),
        published=datetime(2026, 1, 12, 10, 0, tzinfo=DAMASCUS),
        authors=("سلمى الحلبي",),
    ),
]


@pytest.mark.parametrize("record", RECORDS)
def test_written_records_read_back_the_same(record):
    assert record_from_json(record_to_json(record), time_zone=DAMASCUS) == record
