"""The embedded default: the full-page cache follows the same invalidation rules."""

import gzip
from datetime import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from tests.factories import make_article

pytestmark = pytest.mark.usefixtures("page_cache")


def test_hit_after_miss_with_validators_and_gzip(client, section):
    make_article(section, "افتتاح جسر جديد فوق النهر")
    first = client.get(section.url)
    assert first["X-Akhbar-Cache"] == "miss"
    second = client.get(section.url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert second["X-Akhbar-Cache"] == "hit"
    assert second["Content-Encoding"] == "gzip"
    assert gzip.decompress(second.content) == first.content
    assert "افتتاح جسر جديد فوق النهر" in first.content.decode()
    assert second["ETag"] == first["ETag"]
    assert second["Vary"] == "Accept-Encoding"
    assert client.get(section.url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = first["Last-Modified"]
    assert client.get(section.url, HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    assert client.head(section.url).content == b""


def test_edit_and_unpublish_are_seen_at_once(client, section, django_capture_on_commit_callbacks):
    article = make_article(section, "بدء العام الدراسي في المدارس")
    other = make_article(section, "أمطار غزيرة على الساحل")
    for url in ("/", section.url, article.url, other.url, "/feeds/rss.xml"):
        client.get(url)
    article.title = "تأجيل بدء العام الدراسي أسبوعاً"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    for url in ("/", section.url, article.url, other.url, "/feeds/rss.xml"):
        response = client.get(url)
        body = response.content.decode()
        assert "بدء العام الدراسي في المدارس" not in body, url
        assert "تأجيل بدء العام الدراسي أسبوعاً" in body, url
        assert response["X-Akhbar-Cache"] == "miss", url

    url = article.url
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert client.get(url).status_code == 404
    for page in ("/", section.url, other.url, "/feeds/rss.xml", "/news-sitemap.xml"):
        assert url not in client.get(page).content.decode(), page


def test_an_unrelated_page_stays_cached(client, home, django_capture_on_commit_callbacks):
    from tests.factories import make_section

    politics = make_section(home, "سياسة", slug="politics")
    sport = make_section(home, "رياضة", slug="sport")
    article = make_article(politics, "اجتماع وزاري طارئ")
    make_article(sport, "المنتخب يفوز بالمباراة")
    client.get(sport.url)
    article.title = "اجتماع وزاري طارئ في العاصمة"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert client.get(sport.url)["X-Akhbar-Cache"] == "hit"


def test_query_string_variants_are_dropped_with_their_page(
    client, section, settings, django_capture_on_commit_callbacks
):
    settings.AKHBAR_PAGE_SIZE = 2
    oldest = make_article(section, "الخبر الأقدم في القسم")
    for number in range(4):
        make_article(section, f"خبر أحدث رقم {number}")
    assert client.get(f"{section.url}?page=3")["X-Akhbar-Cache"] == "miss"
    assert client.get(f"{section.url}?page=3")["X-Akhbar-Cache"] == "hit"
    assert "X-Akhbar-Cache" not in client.get(f"{section.url}?utm_source=x")
    oldest.title = "الخبر الأقدم بعنوان جديد"
    with django_capture_on_commit_callbacks(execute=True):
        oldest.save_revision().publish()
    response = client.get(f"{section.url}?page=3")
    assert response["X-Akhbar-Cache"] == "miss"
    assert "الخبر الأقدم بعنوان جديد" in response.content.decode()


def test_logged_in_users_posts_and_the_admin_bypass_the_cache(client, section):
    make_article(section, "خبر للقراء")
    client.get(section.url)
    assert client.post(section.url).get("X-Akhbar-Cache") is None
    assert "X-Akhbar-Cache" not in client.get("/search/?q=خبر")
    editor = User.objects.create_user("editor", password="x")  # noqa: S106
    client.force_login(editor)
    assert "X-Akhbar-Cache" not in client.get(section.url)


def test_lists_with_arabic_addresses_see_a_new_article(
    client, home, django_capture_on_commit_callbacks
):
    """Wagtail and reverse() percent-encode Arabic slugs; requests carry them decoded."""
    from tests.factories import make_section

    culture = make_section(home, "ثقافة", slug="ثقافة")
    make_article(culture, "معرض للكتاب في المدينة", tags=["كتب"])
    tag_page = "/tags/كتب/"
    for url in (culture.url, tag_page):
        client.get(url)
        assert client.get(url)["X-Akhbar-Cache"] == "hit", url
    with django_capture_on_commit_callbacks(execute=True):
        make_article(culture, "أمسية شعرية في المركز الثقافي", tags=["كتب"])
    for url in (culture.url, tag_page):
        assert "أمسية شعرية في المركز الثقافي" in client.get(url).content.decode(), url


def test_a_hit_carries_the_security_headers_of_the_page(client, section):
    first = client.get(section.url)
    hit = client.get(section.url)
    assert hit["X-Akhbar-Cache"] == "hit"
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"):
        assert hit[header] == first[header], header


def test_a_publish_drops_the_index_and_its_month_sitemap_only(
    client, section, settings, django_capture_on_commit_callbacks
):
    settings.TIME_ZONE = "Asia/Damascus"
    old = make_article(
        section,
        "افتتاح المكتبة الوطنية",
        published_at=datetime.fromisoformat("2025-08-05T10:00+03:00"),
    )
    old.save_revision().publish()  # the state the publisher keeps has the backdated date
    old_month = "/sitemap-articles-2025-08.xml"
    for url in ("/sitemap.xml", old_month):
        client.get(url)
        assert client.get(url)["X-Akhbar-Cache"] == "hit", url
    with django_capture_on_commit_callbacks(execute=True):
        new = make_article(section, "تدشين خط حافلات جديد")
    assert client.get(old_month)["X-Akhbar-Cache"] == "hit"
    index = client.get("/sitemap.xml")
    assert index["X-Akhbar-Cache"] == "miss"
    month = f"/sitemap-articles-{timezone.localtime(new.first_published_at):%Y-%m}.xml"
    assert month in index.content.decode()
    assert new.url in client.get(month).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        old.unpublish()
    assert client.get(old_month).status_code == 404
    assert old_month not in client.get("/sitemap.xml").content.decode()
