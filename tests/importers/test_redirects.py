"""Old addresses keep working: posts (with Blogger's ?m=1) and tag listings."""

from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest

from akhbar.core.models import StandardPage
from akhbar.importers.records import ArticleRecord, Kind, SectionRef, Status

pytestmark = pytest.mark.django_db


def record(title: str, **fields) -> ArticleRecord:
    defaults = {
        "body": "نص الاختبار.",
        "section": SectionRef("رياضة"),
        "published": datetime(2026, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Damascus")),
    }
    return ArticleRecord(title=title, **(defaults | fields))


def test_old_post_and_tag_addresses_redirect_permanently(run_records, client):
    run_records(
        [record("فوز الكرامة", tags=("رياضة",), old_urls=("https://old.example/2021/01/x.html",))],
        tag_paths=("/search/label/{name}",),
    )
    post = client.get("/2021/01/x.html?m=1")
    assert post.status_code == 301
    assert post["Location"].endswith(quote("/رياضة/فوز-الكرامة/"))
    for path in ("/search/label/رياضة", "/search/label/" + quote("رياضة")):
        tag = client.get(path)
        assert tag.status_code == 301
        assert tag["Location"] == quote("/tags/رياضة/")


def test_a_page_record_becomes_a_plain_page_once(run_records, client):
    about = record(
        "من نحن",
        kind=Kind.PAGE,
        section=None,
        body="<h2>فريقنا</h2><p>نحن فريق صغير من حلب.</p>",
        guid="page-1",
        old_urls=("/p/about.html",),
    )
    draft = record("اتصل بنا", kind=Kind.PAGE, section=None, status=Status.DRAFT, guid="page-2")
    report = run_records([about, draft])
    assert report.created == 2
    page = StandardPage.objects.get(title="من نحن")
    assert page.live and "<h2>فريقنا</h2>" in page.body
    assert page.get_parent().specific_class.__name__ == "HomePage"
    assert not StandardPage.objects.get(title="اتصل بنا").live
    assert client.get("/p/about.html").status_code == 301
    assert run_records([about, draft]).skipped == 2
    assert StandardPage.objects.count() == 2
