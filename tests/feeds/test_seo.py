"""What pages tell search engines, social apps and feed readers in their <head>."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

import pytest
from django.utils.encoding import iri_to_uri
from lxml import html

from akhbar.feeds import structured_data as ld
from tests.factories import make_article
from tests.feeds.conftest import TRICKY_TITLE

pytestmark = pytest.mark.django_db

ZONE = ZoneInfo("Asia/Damascus")
FEED_TYPES = ["application/rss+xml", "application/atom+xml", "application/feed+json"]


def head(client, path: str) -> html.HtmlElement:
    response = client.get(path)
    assert response.status_code == 200
    return html.fromstring(response.content).find("head")


def meta(doc: html.HtmlElement) -> dict[str, str]:
    """OpenGraph, article:, twitter: and description values by name (the first of each)."""
    values: dict[str, str] = {}
    for tag in doc.iterfind("meta"):
        key = tag.get("property") or tag.get("name")
        values.setdefault(key, tag.get("content"))
    return values


def json_ld(doc: html.HtmlElement) -> dict[str, dict]:
    blocks = [json.loads(s.text) for s in doc.iterfind('script[@type="application/ld+json"]')]
    return {block["@type"]: block for block in blocks}


def feeds(doc: html.HtmlElement) -> list[tuple[str, str]]:
    return [(link.get("type"), link.get("href")) for link in doc.iterfind('link[@rel="alternate"]')]


def test_article_head_for_search_engines_and_social_apps(client, news):
    doc = head(client, news.lead.url)
    url = "http://testserver" + news.lead.url
    tags = meta(doc)
    assert doc.find('link[@rel="canonical"]').get("href") == url
    assert len(doc.findall('meta[@name="description"]')) == 1
    assert tags["description"] == tags["og:description"] == news.lead.dek
    assert tags["og:title"] == tags["twitter:title"] == TRICKY_TITLE
    assert tags["og:type"] == "article"
    assert tags["og:url"] == url
    assert tags["og:locale"] == "ar_AR"
    assert tags["og:site_name"] == "أخبار الاختبار"
    assert tags["og:image"].startswith("http://testserver/media/images/")
    assert (tags["og:image:width"], tags["og:image:height"]) == ("640", "360")
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["article:section"] == "سياسة"
    assert tags["article:published_time"].endswith("+03:00")
    article_tags = [t.get("content") for t in doc.iterfind('meta[@property="article:tag"]')]
    assert article_tags == ["الاقتصاد السوري", "الحكومة"]
    assert feeds(doc)[0][1] == "http://testserver/feeds/sections/politics/rss.xml"
    assert [kind for kind, _ in feeds(doc)] == FEED_TYPES * 2


def test_article_json_ld(client, news):
    data = json_ld(head(client, news.lead.url))
    article = data["NewsArticle"]
    url = "http://testserver" + news.lead.url
    assert article["@context"] == "https://schema.org"
    assert article["headline"] == TRICKY_TITLE
    assert article["description"] == news.lead.dek
    assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert article["datePublished"] == ld.iso(news.lead.first_published_at, ZONE)
    assert article["dateModified"] == ld.iso(news.lead.last_published_at, ZONE)
    assert article["author"] == [
        {"@type": "Person", "name": "سلمى الحلبي", "url": "http://testserver/authors/salma/"}
    ]
    assert article["publisher"]["name"] == "أخبار الاختبار"
    assert article["publisher"]["logo"]["url"].startswith("http://testserver/")
    assert article["articleSection"] == "سياسة"
    assert article["keywords"] == ["الاقتصاد السوري", "الحكومة"]
    assert article["isAccessibleForFree"] is True
    assert article["image"][0]["url"].startswith("http://testserver/media/images/")
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"]) for c in crumbs] == [
        (1, "أخبار الاختبار"),
        (2, "سياسة"),
        (3, TRICKY_TITLE),
    ]
    assert crumbs[-1]["item"] == url


def test_a_headline_cannot_break_out_of_the_json_ld_script(client, news):
    hostile = 'خبر </script><script>alert("x")</script> & <!-- نهاية'
    article = make_article(news.politics, hostile)
    page = client.get(article.url).content.decode()
    assert "<script>alert" not in page
    assert "\\u003c/script\\u003e" in page
    assert json_ld(html.fromstring(page).find("head"))["NewsArticle"]["headline"] == hostile


def test_home_carries_website_with_search_action_and_site_feeds(client, news):
    doc = head(client, "/")
    website = json_ld(doc)["WebSite"]
    assert website["url"] == "http://testserver/"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://testserver/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    assert feeds(doc) == [
        ("application/rss+xml", "http://testserver/feeds/rss.xml"),
        ("application/atom+xml", "http://testserver/feeds/atom.xml"),
        ("application/feed+json", "http://testserver/feeds/feed.json"),
    ]
    assert meta(doc)["og:type"] == "website"


@pytest.mark.parametrize(
    ("path", "feed_folder"),
    [
        ("/politics/", "/feeds/sections/politics/"),
        ("/authors/salma/", "/feeds/authors/salma/"),
    ],
)
def test_list_pages_advertise_their_own_feeds_first(client, news, path, feed_folder):
    doc = head(client, path)
    hrefs = [href for _, href in feeds(doc)]
    assert hrefs[:3] == [
        f"http://testserver{feed_folder}{n}" for n in ("rss.xml", "atom.xml", "feed.json")
    ]
    assert hrefs[3:] == [
        f"http://testserver/feeds/{n}" for n in ("rss.xml", "atom.xml", "feed.json")
    ]
    assert doc.find('link[@rel="canonical"]').get("href") == "http://testserver" + path


def test_tag_page_feeds_and_description(client, news):
    doc = head(client, f"/tags/{news.tag.slug}/")
    assert feeds(doc)[0] == (
        "application/rss+xml",
        "http://testserver" + iri_to_uri(f"/feeds/tags/{news.tag.slug}/rss.xml"),
    )
    assert meta(doc)["og:title"] == "الاقتصاد السوري"
    assert meta(doc)["description"] == "أخبار عن الاقتصاد السوري"


def test_second_page_of_a_list_is_its_own_canonical(client, news, settings):
    settings.AKHBAR_PAGE_SIZE = 1
    doc = head(client, "/politics/?page=2&utm_source=x")
    assert doc.find('link[@rel="canonical"]').get("href") == "http://testserver/politics/?page=2"


def test_error_pages_have_no_canonical(client, news):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b'rel="canonical"' not in response.content


def test_script_json_escapes_what_could_end_a_script():
    text = ld.script_json({"a": "</script>&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script>&\u2028"}
