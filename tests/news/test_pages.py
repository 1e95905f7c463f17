"""Every reader page type through the real URL routing: status codes and what it shows."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone

from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

DAMASCUS = ZoneInfo("Asia/Damascus")


def test_home_shows_ticker_lead_and_sections(client, section):
    make_article(section, "عنوان الخبر الرئيسي اليوم")
    make_article(section, "انقطاع الكهرباء في الأحياء الشرقية", urgency="breaking")
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "انقطاع الكهرباء في الأحياء الشرقية" in html
    assert "عاجل" in html
    assert "عنوان الخبر الرئيسي اليوم" in html
    assert section.title in html


def test_article_page_shows_title_once_and_its_parts(client, section):
    author = make_author("رامي الشامي")
    target = make_article(section, "افتتاح مكتبة عامة جديدة في حمص")
    article = make_article(
        section,
        "مجلس المدينة يناقش خطة النقل",
        dek="نقاش طويل حول الحافلات الجديدة.",
        dateline="حلب",
        authors=[author],
        tags=["النقل"],
        source_name="وكالة الأنباء المحلية",
        source_url="https://example.org/news/1",
    )
    article.body.append(("read_also", {"article": target, "label": "إقرأ أيضاً"}))
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert html.count("مجلس المدينة يناقش خطة النقل</h1>") == 1
    assert html.count("<h1") == 1
    for text in ("حلب", "رامي الشامي", "وكالة الأنباء المحلية", "https://example.org/news/1"):
        assert text in html
    assert "إقرأ أيضاً" in html
    assert target.url in html


def test_section_tag_author_and_archive_pages_list_articles(client, section):
    author = make_author("ليلى المصري", slug="layla")
    when = datetime(2026, 1, 12, 10, 0, tzinfo=DAMASCUS)
    article = make_article(
        section, "مهرجان الكتاب يفتح أبوابه", tags=["ثقافة"], authors=[author], published_at=when
    )
    for url in (
        section.url,
        "/tags/ثقافة/",
        "/authors/layla/",
        "/archive/2026/",
        "/archive/2026/1/",
        "/archive/2026/1/12/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert article.title in response.content.decode(), url


def test_day_archive_uses_the_site_time_zone(client, section):
    # 00:30 on the 12th in Damascus is still the 11th in UTC: the archive must follow the
    # site's day, not the database's.
    after_midnight = datetime(2026, 1, 12, 0, 30, tzinfo=DAMASCUS)
    article = make_article(section, "خبر بعد منتصف الليل", published_at=after_midnight)
    assert article.title in client.get("/archive/2026/1/12/").content.decode()
    assert article.title not in client.get("/archive/2026/1/11/").content.decode()


@pytest.mark.parametrize("page", ["0", "-1", "9999", "abc", "1.5", "", "99999999999999999999"])
def test_pagination_edges_are_404_not_500(client, section, page):
    make_article(section)
    assert client.get(section.url, {"page": page}).status_code == 404


def test_pagination_walks_through_pages(client, section, settings):
    settings.AKHBAR_PAGE_SIZE = 2
    now = timezone.now()
    titles = [f"خبر متسلسل {n}" for n in range(5)]
    for offset, title in enumerate(titles):
        make_article(section, title, published_at=now - timedelta(minutes=offset))
    pages = [client.get(section.url, {"page": n}).content.decode() for n in (1, 2, 3)]
    assert titles[0] in pages[0] and titles[2] in pages[1] and titles[4] in pages[2]
    assert titles[2] not in pages[0]
    assert client.get(section.url, {"page": 4}).status_code == 404
    # Without counting the list: the last page links back but not on, the first only on.
    assert 'rel="next"' in pages[0] and 'rel="prev"' not in pages[0]
    assert 'rel="prev"' in pages[2] and 'rel="next"' not in pages[2]


def test_a_full_last_page_has_no_next_link(client, section, settings):
    settings.AKHBAR_PAGE_SIZE = 2
    for title in ("خبر الصباح", "خبر المساء"):
        make_article(section, title)
    html = client.get(section.url).content.decode()
    assert "خبر الصباح" in html and "خبر المساء" in html
    assert 'class="pagination"' not in html
    assert client.get(section.url, {"page": 2}).status_code == 404


def test_an_article_of_a_private_section_asks_for_a_login(client, home):
    from wagtail.models import PageViewRestriction

    members = make_section(home, "للمشتركين", slug="members")
    article = make_article(members, "خبر للمشتركين فقط")
    assert client.get(article.url).status_code == 200
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(article.url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_empty_section_still_has_a_first_page(client, section):
    assert client.get(section.url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/no-such-page/",
        "/politics/no-such-article/",
        "/tags/no-such-tag/",
        "/authors/nobody/",
        "/archive/2026/13/",
        "/archive/2026/2/30/",
        "/archive/0/",
        "/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/",
    ],
)
def test_unknown_urls_get_the_arabic_404(client, home, url):
    response = client.get(url)
    assert response.status_code == 404
    assert 'dir="rtl"' in response.content.decode()


def test_the_site_icon_is_at_its_fixed_addresses(client, home):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert finders.find(response["Location"].removeprefix(settings.STATIC_URL))
    html = client.get("/").content.decode()
    for name in ("favicon.svg", "apple-touch-icon.png"):
        icon = re.search(rf'<link rel="[^"]*icon" href="{settings.STATIC_URL}([^"]*{name})"', html)
        assert icon and finders.find(icon.group(1)), name


def test_drafts_are_not_served(client, section):
    draft = make_article(section, "مسودة سرية", live=False)
    assert client.get(f"/politics/{draft.slug}/").status_code == 404
    assert "مسودة سرية" not in client.get("/").content.decode()


def test_view_beacon_counts_reads_for_live_articles_only(client, section):
    from akhbar.news.models import ArticleDailyViews

    article = make_article(section)
    draft = make_article(section, live=False)
    assert client.post(f"/hit/{article.pk}/").status_code == 204
    assert client.post(f"/hit/{article.pk}/").status_code == 204
    assert client.post(f"/hit/{draft.pk}/").status_code == 404
    assert client.get(f"/hit/{article.pk}/").status_code == 405
    assert ArticleDailyViews.objects.get(article=article).views == 2


def test_health(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}
