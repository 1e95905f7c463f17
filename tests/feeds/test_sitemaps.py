"""sitemap.xml, its sections, news-sitemap.xml and robots.txt, validated against the XML
schemas we ship (akhbar/feeds/xsd/)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from akhbar.feeds import sitemaps
from tests.factories import make_article

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
    assert section_urls == [
        f"http://testserver/sitemap-{name}.xml" for name in ("pages", "articles", "tags", "authors")
    ]
    listed = []
    for url in section_urls:
        listed += locations(valid(client.get(url).content, schema("sitemap.xsd")))
    for page in [*news.live, news.politics, news.economy, news.politics.get_parent()]:
        assert "http://testserver" + page.url in listed
    assert f"http://testserver/authors/{news.author.slug}/" in listed
    assert news.draft.url not in " ".join(listed)
    assert len(listed) == len(set(listed))


def test_article_sitemap_pages_hold_at_most_the_limit(client, news, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    assert sitemaps.RequestSitemap.limit == 50_000
    index = valid(client.get("/sitemap.xml").content, schema("siteindex.xsd"))
    pages = [url for url in locations(index, "sm:sitemap/sm:loc") if "articles" in url]
    assert pages == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
    ]
    first = locations(valid(client.get(pages[0]).content, schema("sitemap.xsd")))
    second = locations(valid(client.get(pages[1]).content, schema("sitemap.xsd")))
    # Oldest first, so a published article never shifts the URLs of earlier pages.
    assert first == ["http://testserver" + a.url for a in (news.old, news.second)]
    assert second == ["http://testserver" + news.lead.url]


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


def test_robots_txt_points_at_both_sitemaps(client, news):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines
