"""The import pipeline: what it creates, matches, updates, skips and refuses."""

import gc
import json
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.images import ImageFile
from django.core.serializers.json import DjangoJSONEncoder
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from akhbar.core.models import NewsImage
from akhbar.importers import collection, pipeline
from akhbar.importers.models import ImportedItem
from akhbar.importers.records import (
    TITLE_KEY_PREFIX,
    ArticleRecord,
    BodyFormat,
    ImageRef,
    SectionRef,
    Status,
)
from akhbar.importers.rows import reference_rows
from akhbar.news.models import ArticlePage, Author, SectionPage
from akhbar.search.backends import get_backend
from akhbar.search.query import parse_query
from tests.factories import make_article
from tests.importers.conftest import fixture, read

pytestmark = pytest.mark.django_db

DAMASCUS = ZoneInfo("Asia/Damascus")
BRIDGE = "بلدية حلب تفتتح جسراً جديداً فوق نهر قويق"
WATER = "انقطاع المياه عن أحياء شرق حلب لمدة يومين"
PRICES = "أسعار الخضار في أسواق دمشق تتراجع مع بداية الموسم"
BOOKS = "مهرجان الكتاب يعود إلى دمشق بعد غياب"
DRAFT = "مسودة: خطة النقل الجديدة في حمص"
POETRY = "أمسية شعرية في إدلب احتفاء بالشعراء الشباب"


def at(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def counts(report) -> tuple[int, int, int, int]:
    return report.created, report.updated, report.skipped, report.failed


def article(title: str) -> ArticlePage:
    return ArticlePage.objects.get(title=title)


def block_types(page: ArticlePage) -> list[str]:
    return [block.block_type for block in page.body]


def database_state() -> dict[str, int]:
    models = [Page, Revision, PageLogEntry, Tag, Author, ImportedItem, Redirect, ReferenceIndex]
    return {model.__name__: model.objects.count() for model in models}


def record(title: str = "خبر من ملف الاختبار", **fields) -> ArticleRecord:
    defaults = {
        "body": "نص الخبر كما كتبه فريق الاختبار.",
        "section": SectionRef("محليات"),
        "published": datetime(2026, 2, 1, 8, 0, tzinfo=DAMASCUS),
    }
    return ArticleRecord(title=title, **(defaults | fields))


def test_articles_sections_tags_and_authors_are_created(import_file):
    report = import_file("articles.jsonl")
    assert counts(report) == (6, 0, 0, 0)
    assert report.new_sections == ("محليات", "اقتصاد", "ثقافة")
    assert (report.new_tags, report.new_authors, report.remote_images) == (9, 4, 1)

    sections = {section.title: section.slug for section in SectionPage.objects.all()}
    assert sections == {"محليات": "محليات", "اقتصاد": "economy", "ثقافة": "ثقافة"}
    # «سلمى  الحلبي» and «احمد الديري» are the same people as «سلمى الحلبي» and «أحمد الديري».
    assert sorted(Author.objects.values_list("name", flat=True)) == sorted(
        ["سلمى الحلبي", "رامي الشامي", "ليلى المصري", "أحمد الديري"]
    )
    poetry = article(POETRY)
    assert [link.author.name for link in poetry.article_authors.all()] == ["أحمد الديري"]


def test_imported_articles_keep_their_dates_structure_and_sources(import_file):
    import_file("articles.jsonl")
    bridge, water, prices = article(BRIDGE), article(WATER), article(PRICES)

    assert bridge.live and bridge.first_published_at == at("2026-01-12T09:15:00+02:00")
    assert bridge.last_published_at == bridge.first_published_at and not bridge.was_updated
    assert block_types(bridge) == ["paragraph", "paragraph", "paragraph", "bullets", "paragraph"]
    assert list(bridge.body[3].value) == [
        "جسراً بطول 120 متراً..",
        "إنارة تعمل بالطاقة الشمسية..",
        "ممرات خاصة للدراجات الهوائية.",
    ]
    assert bridge.source_name == "نشرة البلدية الأسبوعية"  # «وفقاً لـ«...»» in the text
    assert bridge.get_parent().slug == "محليات"

    # A naive date is the site's time zone; «إقرأ أيضاً» found the bridge article.
    assert water.first_published_at == datetime(2026, 1, 13, 7, 30, tzinfo=DAMASCUS)
    assert block_types(water) == ["paragraph", "paragraph", "read_also", "paragraph"]
    assert water.body[2].value["article"].pk == bridge.pk
    assert water.source_name == "المؤسسة العامة لمياه الشرب"  # its line left the body
    assert "نقلاً عن" not in water.body_text()
    assert [link.author.name for link in water.article_authors.all()] == [
        "رامي الشامي",
        "سلمى الحلبي",
    ]

    assert block_types(prices) == ["paragraph", "heading", "bullets", "quote", "paragraph", "embed"]
    assert prices.body[3].value["attribution"] == "تاجر في سوق الهال"
    assert prices.was_updated
    assert prices.last_published_at == at("2026-01-14T15:45:00+02:00")
    assert (prices.source_name, prices.source_url) == (
        "وكالة الأنباء المحلية",
        "https://news.example.org/economy/4521",
    )
    assert sorted(prices.tags.names()) == ["الأسعار", "الزراعة", "دمشق"]

    draft = article(DRAFT)
    assert not draft.live and draft.has_unpublished_changes and draft.first_published_at is None
    assert draft.latest_revision_created_at == at("2026-01-16T10:00:00+02:00")

    poetry = article(POETRY)
    assert poetry.body[1].value.source == (
        "<p>وقال أحد المنظمين إن درجة الحرارة في القاعة كانت &lt; 5 درجات، لكن أحداً لم يغادر.</p>"
    )
    assert poetry.body[2].block_type == "bullets"

    books = ImportedItem.objects.get(page=article(BOOKS))
    assert books.guid.startswith(TITLE_KEY_PREFIX)
    redirect = Redirect.objects.get(old_path="/2026/01/jisr-quwaiq.html")
    assert (redirect.redirect_page_id, redirect.is_permanent) == (bridge.pk, True)


def test_importing_twice_changes_nothing(import_file):
    import_file("articles.jsonl")
    before = database_state()
    assert counts(import_file("articles.jsonl")) == (0, 0, 6, 0)
    assert database_state() == before


def test_a_changed_item_is_updated_and_keeps_its_history(import_file, run_records):
    import_file("articles.jsonl")
    original = read(fixture("articles.jsonl"))[0]
    page = article(BRIDGE)
    revisions = page.revisions.count()
    changed = replace(
        original,
        title="بلدية حلب تفتتح جسر قويق الجديد",
        body=original.body + "\n\nوأضيفت إلى الخبر فقرة بعد نشره.",
        tags=("حلب", "جسور"),
        updated=datetime(2026, 1, 12, 18, 0, tzinfo=DAMASCUS),
    )
    assert counts(run_records([changed])) == (0, 1, 0, 0)

    page = ArticlePage.objects.get(pk=page.pk)
    assert page.title == "بلدية حلب تفتتح جسر قويق الجديد" and page.live
    assert page.body_text().endswith("وأضيفت إلى الخبر فقرة بعد نشره.")
    assert sorted(page.tags.names()) == ["جسور", "حلب"]
    assert page.first_published_at == at("2026-01-12T09:15:00+02:00")
    assert page.last_published_at == datetime(2026, 1, 12, 18, 0, tzinfo=DAMASCUS)
    assert page.revisions.count() == revisions + 1
    assert counts(run_records([changed])) == (0, 0, 1, 0)


def test_an_update_can_move_an_article_and_take_it_offline(run_records):
    first = record(guid="move-1")
    run_records([first])
    moved = replace(first, section=SectionRef("ثقافة"), status=Status.DRAFT)
    assert counts(run_records([moved])) == (0, 1, 0, 0)
    page = article(first.title)
    assert page.get_parent().title == "ثقافة"
    assert not page.live


@pytest.mark.parametrize("workers", [0, 1])
def test_collection_waits_for_batches_only_while_importing_in_bulk(home, workers):
    """A bulk run (with a reading process) collects by batch and gives the process its
    collector back; a run in-process (the API's, in a server thread) leaves it alone."""
    while_importing = []

    def progress(report, read):
        while_importing.append((gc.get_threshold(), gc.get_freeze_count() > 0))

    before = gc.get_threshold()
    options = pipeline.ImportOptions(source="jsonl", workers=workers)
    assert pipeline.run_import([record()], options, progress=progress).created == 1
    [(thresholds, frozen)] = while_importing
    if workers:
        assert thresholds[0] == collection.YOUNG_LIMIT
        assert frozen
    else:
        assert (thresholds, frozen) == (before, False)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_dry_run_reports_and_writes_nothing(import_file):
    before = database_state()
    report = import_file("articles.jsonl", dry_run=True)
    assert report.dry_run
    assert counts(report) == (6, 0, 0, 0)
    assert report.new_sections == ("محليات", "اقتصاد", "ثقافة")
    assert (report.new_tags, report.new_authors) == (9, 4)
    assert database_state() == before

    import_file("articles.jsonl")
    assert counts(import_file("articles.jsonl", dry_run=True)) == (0, 0, 6, 0)


def test_bad_entries_fail_with_their_line_and_the_rest_is_imported(import_file):
    report = import_file("bad.jsonl")
    assert counts(report) == (2, 0, 0, 12)
    reasons = {failure.location: failure.reason for failure in report.failures}
    assert reasons["line 8"] == "duplicate guid 'bad-001' (first on line 1)"
    assert reasons["line 12"] == "body has no text left after cleaning"
    assert reasons["line 2"].startswith("invalid JSON")
    assert set(ArticlePage.objects.values_list("title", flat=True)) == {
        "سطر سليم أول في ملف فيه أخطاء",
        "سطر سليم أخير بعد كل الأخطاء",
    }
    assert counts(import_file("bad.jsonl")) == (0, 0, 2, 12)


def test_an_existing_article_with_the_same_title_and_date_is_adopted(section, run_records):
    when = datetime(2026, 2, 1, 8, 0, tzinfo=DAMASCUS)
    existing = make_article(section, "خبر نشر قبل الاستيراد", published_at=when)
    report = run_records([record("خبر نشر قبل الاستيراد", section=SectionRef("سياسة"))])
    assert counts(report) == (0, 1, 0, 0)
    assert ArticlePage.objects.count() == 1
    assert ImportedItem.objects.get().page_id == existing.pk


def test_section_map_puts_articles_into_our_sections(section, run_records):
    report = run_records(
        [record(section=SectionRef("Politics News"))], section_map={"politics news": "politics"}
    )
    assert counts(report) == (1, 0, 0, 0) and report.new_sections == ()
    assert article("خبر من ملف الاختبار").get_parent().pk == section.pk


def test_a_failing_record_never_leaves_half_an_article(run_records, monkeypatch):
    real = pipeline.revision_content

    def explode_on_one(page):
        if "ينفجر" in page.title:
            raise RuntimeError("simulated crash while writing")
        return real(page)

    monkeypatch.setattr(pipeline, "revision_content", explode_on_one)
    records = [
        record("خبر أول", guid="c-1"),
        record("خبر ينفجر عند الكتابة", guid="c-2", body="نص ينفجر"),
        record("خبر ثالث", guid="c-3"),
    ]
    report = run_records(records, batch_size=10)
    assert counts(report) == (2, 0, 0, 1)
    assert report.failures[0].reason == "RuntimeError: simulated crash while writing"
    assert set(ArticlePage.objects.values_list("title", flat=True)) == {"خبر أول", "خبر ثالث"}
    assert not Page.objects.filter(title="خبر ينفجر عند الكتابة").exists()
    assert all(problem == [] for problem in Page.find_problems())


def test_bulk_created_pages_are_ordinary_wagtail_pages(import_file):
    import_file("articles.jsonl")
    assert all(problem == [] for problem in Page.find_problems())
    section = SectionPage.objects.get(title="محليات")
    assert section.numchild == section.get_children().count() == 3
    for page in ArticlePage.objects.all():
        latest = page.get_latest_revision_as_object()
        assert latest.title == page.title
        assert list(latest.body.raw_data) == list(page.body.raw_data)
        assert list(latest.tags.names()) == list(page.tags.names())
        assert page.url_path == f"{page.get_parent().url_path}{page.slug}/"
        actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
        assert actions == (
            {"wagtail.create", "wagtail.publish"} if page.live else {"wagtail.create"}
        )

    bridge = article(BRIDGE)
    bridge.get_latest_revision().publish()  # an editor republishing from the history
    bridge.refresh_from_db()
    assert bridge.live and block_types(bridge)[3] == "bullets"


def test_reference_index_rows_are_those_wagtail_writes(run_records, section):
    image = NewsImage.objects.create(
        title="صورة الاختبار", file=ImageFile(get_test_image_file(), name="souq.png")
    )
    target = make_article(section, "خبر يشار إليه")
    body = (
        f'<p>نص.</p><figure><img src="{image.file.url}"><figcaption>تعليق</figcaption></figure>'
        f'<p>إقرأ أيضاً: <a href="{target.url}">خبر يشار إليه</a></p>'
    )
    run_records(
        [
            record(
                body=body,
                tags=("أ", "ب"),
                authors=("سلمى الحلبي", "رامي الشامي"),
                lead_image=ImageRef(image.file.url, caption="صورة رئيسية"),
            )
        ]
    )
    page = article("خبر من ملف الاختبار")
    assert (page.lead_image_id, page.lead_image_caption) == (image.pk, "صورة رئيسية")
    assert block_types(page) == ["paragraph", "image", "read_also"]

    def stored() -> set[tuple]:
        return set(
            ReferenceIndex.objects.filter(object_id=str(page.pk)).values_list(
                "to_content_type", "to_object_id", "model_path", "content_path"
            )
        )

    ours = stored()
    assert len(ours) == 7 == len(list(reference_rows(page)))
    ReferenceIndex.create_or_update_for_object(page)  # Wagtail's own walk adds nothing
    assert stored() == ours


def test_revisions_hold_what_wagtail_serializes(run_records):
    run_records([record(tags=("أ", "ب"), authors=("سلمى الحلبي", "رامي الشامي"))])
    page = article("خبر من ملف الاختبار")
    stored = page.latest_revision.content
    # Arabic as it is, not as \\uXXXX escapes: a third of the size.
    assert "فريق الاختبار" in stored["body"]

    # Wagtail's own serialization of the page as it was before its revision existed.
    page.latest_revision = page.live_revision = None
    wagtail = json.loads(json.dumps(page.serializable_data(), cls=DjangoJSONEncoder))
    assert [link["tag"] for link in wagtail["tagged_items"]] == [
        Tag.objects.get(name=name).pk for name in ("أ", "ب")
    ]
    for content in (stored, wagtail):
        content["body"] = json.loads(content["body"])
    assert stored == wagtail


def test_search_indexes_follow_the_import(import_file):
    import_file("articles.jsonl")
    hits = get_backend().search(parse_query("قويق"), limit=10)
    assert [hit.title for hit in hits] == [BRIDGE]
    assert [page.title for page in ArticlePage.objects.search("قويق")] == [BRIDGE]
    assert not get_backend().search(parse_query("مجلس المحافظة"), limit=10)  # the draft


def test_read_also_finds_its_target_whatever_the_spelling(import_file, run_records):
    import_file("articles.jsonl")
    body = (
        "نص الخبر.\n\nاقرأ ايضا: بلديه حلب تفتتح جسرا جديدا فوق نهر قويق.."
        "\n\nاقرأ أيضاً: خبر لم ينشر قط"
    )
    run_records([record(body=body, body_format=BodyFormat.TEXT)])
    page = article("خبر من ملف الاختبار")
    assert block_types(page) == ["paragraph", "read_also", "paragraph"]
    assert page.body[1].value["article"].title == BRIDGE
    assert page.body[2].value.source == "<p>اقرأ أيضاً: خبر لم ينشر قط</p>"
