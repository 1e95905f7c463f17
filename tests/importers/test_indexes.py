"""What the importer writes from the pages it holds in memory (search documents, the admin's
index, publishing snapshots) equals what the site builds from the same pages read back."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from wagtail.images.tests.utils import get_test_image_file

from akhbar.core.models import NewsImage
from akhbar.importers.records import ArticleRecord, SectionRef, Status
from akhbar.news.models import ArticlePage
from akhbar.publishing.invalidation import ArticleState, article_states
from akhbar.publishing.models import ArticleSnapshot
from akhbar.search import indexing
from akhbar.search.backends import get_backend
from akhbar.search.models import SearchDocument
from tests.factories import make_article

pytestmark = pytest.mark.django_db

DAMASCUS = ZoneInfo("Asia/Damascus")


def records(image_url: str, target_url: str) -> list[ArticleRecord]:
    body = (
        "<p>افتتح <b>السوق</b> أبوابه &amp; الباعة «جاهزون» حين x < 5 و y > 3.<br>"
        'وقال <a href="https://example.org/x?a=1&amp;b=2">المسؤول</a> إن العمل مستمر.</p>'
        "<h2>مواعيد العمل</h2><ul><li>من السابعة</li><li>حتى المساء</li></ul>"
        "<blockquote>السوق للجميع<cite>رئيس البلدية</cite></blockquote>"
        f'<figure><img src="{image_url}"><figcaption>مدخل السوق</figcaption></figure>'
        "<aside><h3>حقائق</h3><p>أربعون محلاً</p></aside>"
        f'<p>إقرأ أيضاً: <a href="{target_url}">خبر سابق عن السوق</a></p>'
    )
    published = datetime(2026, 2, 1, 8, 0, tzinfo=DAMASCUS)
    return [
        ArticleRecord(
            title="سوق الهال الجديد يفتح أبوابه في حلب",
            body=body,
            section=SectionRef("محليات"),
            published=published,
            tags=("أسواق حلب", "تجارة"),
            authors=("سلمى الحلبي", "رامي الشامي"),
            dek="سوق جديد للخضار والفواكه",
        ),
        ArticleRecord(
            title="تقرير اقتصادي عن أسعار الخضار",
            body="نص التقرير الأول.\n\nوفقرة ثانية عن الأسعار.",
            section=SectionRef("اقتصاد"),
            published=published,
            tags=("تجارة",),
        ),
        ArticleRecord(
            title="مسودة لم تنشر بعد",
            body="نص المسودة.",
            section=SectionRef("اقتصاد"),
            published=published,
            status=Status.DRAFT,
        ),
    ]


@pytest.fixture
def imported(run_records, section) -> list[ArticlePage]:
    image = NewsImage.objects.create(
        title="صورة السوق", file=ImageFile(get_test_image_file(), name="souq.png")
    )
    target = make_article(section, "خبر سابق عن السوق")
    report = run_records(records(image.file.url, target.url))
    assert (report.created, report.failed) == (3, 0)
    return list(ArticlePage.objects.exclude(pk=target.pk).order_by("pk"))


def documents() -> dict[int, tuple]:
    fields = ["url", "title", "body", "section_id", "section_title", "published_ts"]
    return {row[0]: row[1:] for row in SearchDocument.objects.values_list("id", *fields)}


def term_rows() -> list[tuple]:
    """The reader index's term rows as the backend stores them."""
    backend = get_backend()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {backend.TERM_KEY}, * FROM {backend.TERM_TABLE} ORDER BY 1"  # noqa: S608
        )
        return cursor.fetchall()


def test_search_documents_are_those_of_the_pages_read_back(imported):
    blocks = [block.block_type for block in imported[0].body]
    assert {"paragraph", "bullets", "quote", "image", "fact_box", "read_also"} <= set(blocks)
    ours, our_terms = documents(), term_rows()
    assert imported[2].pk not in ours  # the draft
    assert len(our_terms) == len(ours)

    # The first body looked images and articles up; the second was analyzed by the reader.
    indexing.index_pages(page.pk for page in imported)
    assert documents() == ours
    assert term_rows() == our_terms
    assert "x < 5" in ours[imported[0].pk][2]


def test_admin_index_rows_are_those_of_the_pages_read_back(imported):
    if connection.vendor != "sqlite":
        pytest.skip("the admin's SQLite index")
    from modelsearch.backends import get_search_backend
    from modelsearch.backends.database.sqlite.sqlite import IndexEntry, ObjectIndexer

    backend = get_search_backend()
    for page in imported:
        stored = IndexEntry.objects.get(object_id=str(page.pk), content_type__model="articlepage")
        theirs = ObjectIndexer(ArticlePage.objects.get(pk=page.pk), backend)
        assert (stored.title, stored.body, stored.autocomplete) == (
            theirs.title,
            theirs.body,
            theirs.autocomplete,
        )


def test_publishing_snapshots_are_the_states_read_back(imported):
    live = [page.pk for page in imported if page.live]
    snapshots = {
        snapshot.article_id: ArticleState.from_json(snapshot.state)
        for snapshot in ArticleSnapshot.objects.all()
    }
    assert set(snapshots) >= set(live)
    assert imported[2].pk not in snapshots
    read_back = article_states(live)
    assert {pk: snapshots[pk] for pk in live} == read_back
    assert read_back[live[0]].tag_slugs and len(read_back[live[0]].author_slugs) == 2
