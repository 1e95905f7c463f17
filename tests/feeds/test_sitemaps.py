"""sitemap.xml, its sections, news-sitemap.xml and robots.txt, validated against the XML
schemas we ship (akhbar/feeds/xsd/)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from akhbar.feeds import sitemaps
from akhbar.feeds.sitemaps import ArticleMonth
from akhbar.news.models import ArticlePage
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

XSD = Path(sitemaps.__file__).parent / "xsd"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def schema(*files: str) -> etree.XMLSchema:
    """One schema importing the shipped files, so a news sitemap validates both namespaces."""
    imports = "".join(
        f'<xs:import namespace="{etree.parse(XSD / name).getroot().get("targetNamespace")}"'
        f' schemaLocation="{(XSD / name).as_uri()}"/>'
        for name in files
    )
    driver = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(driver))


def valid(document: bytes, xml_schema: etree.XMLSchema) -> etree._Element:
    root = etree.fromstring(document)
    xml_schema.assertValid(root)
    return root


def locations(root: etree._Element, path: str = "sm:url/sm:loc") -> list[str]:
    return [loc.text for loc in root.findall(path, NS)]


def test_index_lists_valid_section_sitemaps_with_every_live_page(client, news):
    response = client.get("/sitemap.xml")
    assert response["Content-Type"] == "application/xml"
    index = valid(response.content, schema("siteindex.xsd"))
    section_urls = locations(index, "sm:sitemap/sm:loc")
    months = sorted({ArticleMonth.of(a.first_published_at).section for a in news.live})
    assert section_urls == [
        f"http://testserver/sitemap-{name}.xml" for name in ("pages", "tags", "authors", *months)
    ]
    listed = []
    for url in section_urls:
        listed += locations(valid(client.get(url).content, schema("sitemap.xsd")))
    for page in [*news.live, news.politics, news.economy, news.politics.get_parent()]:
        assert "http://testserver" + page.url in listed
    assert f"http://testserver/authors/{news.author.slug}/" in listed
    assert news.draft.url not in " ".join(listed)
    assert len(listed) == len(set(listed))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture
def months(home, settings):
    """Articles over three months of 2025 in Damascus (+03:00), two of them a minute either
    side of midnight between October and November, and a draft."""
    settings.TIME_ZONE = "Asia/Damascus"
    section = make_section(home, "محليات", slug="local")
    articles = {
        name: make_article(section, title, published_at=at(when))
        for name, title, when in [
            ("august", "افتتاح مكتبة عامة في الحي", "2025-08-10T09:00:00+03:00"),
            ("october", "آخر خبر في تشرين الأول", "2025-10-31T23:59:00+03:00"),
            ("november", "أول خبر في تشرين الثاني", "2025-11-01T00:00:00+03:00"),
            ("later", "مهرجان الزيتون السنوي", "2025-11-20T18:30:00+03:00"),
        ]
    }
    make_article(section, "مسودة في تشرين الأول", live=False)
    return articles


def test_articles_are_split_by_month_in_the_site_time_zone(client, months):
    index = valid(client.get("/sitemap.xml").content, schema("siteindex.xsd"))
    entries = {
        entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in index.findall("sm:sitemap", NS)
        if "articles" in entry.findtext("sm:loc", namespaces=NS)
    }
    # The latest change of each month, to the second, in the site's time zone.
    assert entries == {
        "http://testserver/sitemap-articles-2025-08.xml": "2025-08-10T09:00:00+03:00",
        "http://testserver/sitemap-articles-2025-10.xml": "2025-10-31T23:59:00+03:00",
        "http://testserver/sitemap-articles-2025-11.xml": "2025-11-20T18:30:00+03:00",
    }
    listed = {
        url: locations(valid(client.get(url).content, schema("sitemap.xsd"))) for url in entries
    }
    assert list(listed.values()) == [
        ["http://testserver" + months["august"].url],
        ["http://testserver" + months["october"].url],
        ["http://testserver" + a.url for a in (months["november"], months["later"])],
    ]
    assert client.get("/sitemap-articles-2025-09.xml").status_code == 404


def test_a_month_lastmod_is_its_newest_change_not_its_newest_article(client, months):
    edited = at("2025-12-02T08:15:30.250000+03:00")
    ArticlePage.objects.filter(pk=months["november"].pk).update(last_published_at=edited)
    index = valid(client.get("/sitemap.xml").content, schema("siteindex.xsd"))
    lastmods = {
        entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in index.findall("sm:sitemap", NS)
    }
    assert lastmods["http://testserver/sitemap-articles-2025-11.xml"] == "2025-12-02T08:15:30+03:00"
    assert lastmods["http://testserver/sitemap-articles-2025-10.xml"] == "2025-10-31T23:59:00+03:00"


def test_the_index_costs_the_same_queries_however_many_months(client, months):
    def index_queries() -> int:
        client.get("/sitemap.xml")
        with CaptureQueriesContext(connection) as context:
            assert client.get("/sitemap.xml").status_code == 200
        return len(context.captured_queries)

    before = index_queries()
    section = months["august"].get_parent()
    for month in range(1, 8):
        make_article(
            section, f"خبر الشهر {month}", published_at=at(f"2024-{month:02d}-15T12:00+03:00")
        )
    assert len(sitemaps.article_months(section.get_parent())) == 3 + 7
    assert index_queries() == before


def test_a_month_of_more_than_the_limit_is_paged_oldest_first(client, months, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleMonthSitemap, "limit", 1)
    assert sitemaps.RequestSitemap.limit == 50_000
    index = valid(client.get("/sitemap.xml").content, schema("siteindex.xsd"))
    pages = [url for url in locations(index, "sm:sitemap/sm:loc") if "2025-11" in url]
    assert pages == [
        "http://testserver/sitemap-articles-2025-11.xml",
        "http://testserver/sitemap-articles-2025-11.xml?p=2",
    ]
    # Oldest first, so a published article never shifts the URLs of earlier pages.
    assert [locations(valid(client.get(url).content, schema("sitemap.xsd"))) for url in pages] == [
        ["http://testserver" + months["november"].url],
        ["http://testserver" + months["later"].url],
    ]
    assert client.get(pages[0] + "?p=3").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap-articles-2025-13.xml",
        "/sitemap-articles-2025-1.xml",
        "/sitemap-articles-0999-01.xml",
        "/sitemap-articles-9999-12.xml",
        "/sitemap-articles-2025-11-01.xml",
        "/sitemap-everything.xml",
        "/sitemap-tags.xml",
    ],
)
def test_unknown_or_empty_sitemaps_are_404(client, months, path):
    """The schema wants at least one <url>: the tags sitemap of a site without tags is not
    listed and not served, like a month without articles."""
    assert client.get(path).status_code == 404
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-tags.xml" not in index


def test_the_single_articles_sitemap_of_old_moved_to_the_index(client, months):
    response = client.get("/sitemap-articles.xml")
    assert response.status_code == 301
    assert response["Location"] == "/sitemap.xml"


def test_news_sitemap_has_the_last_48_hours_in_google_news_format(client, news):
    make_article(
        news.economy, "خبر قبل يومين وساعة", published_at=timezone.now() - timedelta(hours=49)
    )
    response = client.get("/news-sitemap.xml")
    root = valid(response.content, schema("sitemap.xsd", "sitemap-news.xsd"))
    assert locations(root) == ["http://testserver" + a.url for a in (news.lead, news.second)]
    entry = root.find("sm:url/news:news", NS)
    assert entry.findtext("news:publication/news:name", namespaces=NS) == "أخبار الاختبار"
    assert entry.findtext("news:publication/news:language", namespaces=NS) == "ar"
    assert entry.findtext("news:title", namespaces=NS) == news.lead.title
    published = entry.findtext("news:publication_date", namespaces=NS)
    assert published.endswith("+03:00")
    assert response["ETag"]
    assert client.get("/news-sitemap.xml", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_an_empty_news_sitemap_lists_the_home_page_without_news_metadata(client, months):
    response = client.get("/news-sitemap.xml")
    root = valid(response.content, schema("sitemap.xsd", "sitemap-news.xsd"))
    assert locations(root) == ["http://testserver/"]
    assert root.find(".//news:news", NS) is None


def test_robots_txt_points_at_both_sitemaps(client, news):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines
