"""`akhbar import blogger`: both backup formats, sections from labels, old addresses."""

from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from taggit.models import Tag

from akhbar.core.models import StandardPage
from akhbar.news.models import ArticlePage
from tests.importers.conftest import fixture
from tests.importers.test_commands import akhbar

pytestmark = pytest.mark.django_db

CURRENT = str(fixture("blogger/feed.atom"))
CLASSIC = str(fixture("blogger/classic.xml"))
OPTIONS = ("--sections", "أخبار محلية,رياضة", "--old-host", "shahba-news.blogspot.com")


def import_current(*extra: str) -> str:
    return akhbar("import", "blogger", CURRENT, *OPTIONS, *extra)


def test_current_backup_posts_pages_drafts_and_failures(home):
    output = import_current()
    assert "│ created             │        4 │" in output
    assert "│ failed              │        4 │" in output
    assert "Ignored (comment): 1" in output
    assert "Ignored (trashed): 1" in output
    for location, reason in [
        ("entry 7 (line 79)", "<published> is missing"),
        ("entry 8 (line 87)", "title is empty"),
        ("entry 9 (line 95)", "<content> is missing"),
        ("entry 10 (line 102)", "duplicate guid"),
    ]:
        assert location in output and reason in output

    market = ArticlePage.objects.get(title="افتتاح سوق الخضار الجديد في حي الجميلية")
    assert market.live
    assert market.get_parent().title == "أخبار محلية"  # the first section label
    assert sorted(market.tags.names()) == ["أسواق", "حلب"]
    assert [link.author.name for link in market.article_authors.all()] == ["ريم الأحمد"]
    assert market.first_published_at == datetime(2021, 1, 10, 7, 15, tzinfo=UTC)
    assert market.dek == "سوق جديد للخضار في الجميلية"

    fair = ArticlePage.objects.get(title="مهرجان الكتاب يعود إلى قلعة حلب")
    assert fair.get_parent().title == "أخبار"  # no section label: --default-section
    assert sorted(fair.tags.names()) == ["ثقافة", "كتب"]

    draft = ArticlePage.objects.get(title="مسودة: نتائج الدوري المحلي")
    assert not draft.live
    assert draft.get_parent().title == "رياضة"

    about = StandardPage.objects.get(title="من نحن")
    assert about.live and about.get_parent().specific == home
    assert not ArticlePage.objects.filter(title__in=["خبر محذوف", "خبر بلا تاريخ"]).exists()


def test_old_addresses_redirect_permanently(home, client):
    import_current()
    market = ArticlePage.objects.get(title="افتتاح سوق الخضار الجديد في حي الجميلية")
    for old in ["/2021/01/blog-post.html", "/2021/01/blog-post.html?m=1"]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"].endswith(market.url)
    about = StandardPage.objects.get(title="من نحن")
    assert client.get("/p/about.html")["Location"].endswith(about.url)
    response = client.get("/search/label/" + quote("حلب"))
    assert response.status_code == 301
    assert response["Location"].endswith(quote(f"/tags/{Tag.objects.get(name='حلب').slug}/"))


def test_links_to_the_old_blog_point_at_the_new_pages(home):
    import_current()
    market = ArticlePage.objects.get(title="افتتاح سوق الخضار الجديد في حي الجميلية")
    fair = ArticlePage.objects.get(title="مهرجان الكتاب يعود إلى قلعة حلب")
    body = str(market.body)
    assert "shahba-news.blogspot.com" not in body
    assert f'page id="{fair.pk}"' in body or fair.url in body


def test_importing_twice_skips_everything(home):
    import_current()
    pages = ArticlePage.objects.count()
    output = import_current()
    assert "│ created             │        0 │" in output
    assert "│ skipped (unchanged) │        4 │" in output
    assert "│ failed              │        4 │" in output
    assert ArticlePage.objects.count() == pages
    assert StandardPage.objects.filter(title="من نحن").count() == 1


def test_dry_run_writes_nothing(home):
    output = import_current("--dry-run")
    assert "Dry run: nothing was written" in output
    assert not ArticlePage.objects.exists()
    assert not StandardPage.objects.exists()


def test_section_map_renames_a_label_section(home):
    import_current("--section-map", "أخبار محلية=محليات")
    market = ArticlePage.objects.get(title="افتتاح سوق الخضار الجديد في حي الجميلية")
    assert market.get_parent().title == "محليات"


def test_classic_export(home, client):
    output = akhbar("import", "blogger", CLASSIC, "--default-section", "الساحل")
    assert "│ created             │        3 │" in output
    for reason in ["blog settings", "template", "comment"]:
        assert f"Ignored ({reason}): 1" in output
    sardine = ArticlePage.objects.get(title="موسم صيد السردين يبدأ في اللاذقية")
    assert sardine.live and sardine.get_parent().title == "الساحل"
    assert sorted(sardine.tags.names()) == ["اللاذقية", "بحر"]
    assert not ArticlePage.objects.get(title="مسودة عن ميناء طرطوس").live
    contact = StandardPage.objects.get(title="اتصل بنا")
    assert client.get("/p/contact.html")["Location"].endswith(contact.url)
    response = client.get("/2019/05/blog-post_20.html?m=1")
    assert response.status_code == 301
    assert response["Location"].endswith(sardine.url)


def test_a_wordpress_file_is_not_a_blogger_backup(home):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a Blogger backup"):
        akhbar("import", "blogger", str(fixture("wordpress/export.xml")))
