"""Every feed (site, section, tag, author × RSS, Atom, JSON Feed) parses, says exactly what
the site says, in the right order and time zone, and answers 304 when nothing changed."""

from __future__ import annotations

import calendar
import json
from datetime import datetime, timedelta

import feedparser
import pytest
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from akhbar.core.models import SiteSettings
from tests.factories import make_article
from tests.feeds.conftest import TRICKY_TITLE, News

pytestmark = pytest.mark.django_db

XML_FORMATS = {"rss.xml": "rss20", "atom.xml": "atom10"}


def feed_paths(news: News) -> dict[str, list]:
    """Feed folder → the live articles it must list, newest first."""
    return {
        "/feeds/": news.live,
        "/feeds/sections/politics/": [news.lead, news.old],
        "/feeds/sections/economy/": [news.second],
        f"/feeds/tags/{news.tag.slug}/": [news.lead, news.second],
        f"/feeds/authors/{news.author.slug}/": [news.lead, news.old],
    }


def timestamp(moment: datetime) -> int:
    return int(moment.timestamp())


@pytest.mark.parametrize("name", XML_FORMATS)
def test_xml_feeds_parse_cleanly_and_round_trip(client, news, name):
    for folder, expected in feed_paths(news).items():
        response = client.get(folder + name)
        assert response.status_code == 200
        parsed = feedparser.parse(response.content)
        assert parsed.bozo == 0, (folder, parsed.get("bozo_exception"))
        assert parsed.version == XML_FORMATS[name]
        assert [entry.title for entry in parsed.entries] == [a.title for a in expected], folder
        check_entries(parsed.entries, expected, name)


def check_entries(entries, expected, name: str) -> None:
    for entry, article in zip(entries, expected, strict=True):
        assert entry.link == "http://testserver" + article.url
        assert calendar.timegm(entry.published_parsed) == timestamp(article.first_published_at)
        if name == "atom.xml":  # RSS 2.0 has no element for the time of the last change
            assert calendar.timegm(entry.updated_parsed) == timestamp(article.last_published_at)
        assert entry.summary == article.dek


def test_arabic_punctuation_survives_every_format(client, news):
    rss = feedparser.parse(client.get("/feeds/rss.xml").content).entries[0]
    atom = feedparser.parse(client.get("/feeds/atom.xml").content).entries[0]
    item = json.loads(client.get("/feeds/feed.json").content)["items"][0]
    assert rss.title == atom.title == item["title"] == TRICKY_TITLE
    assert rss.summary == atom.summary == item["summary"] == news.lead.dek
    assert {tag.term for tag in atom.tags} == {"سياسة", "الاقتصاد السوري", "الحكومة"}


def test_times_carry_the_site_time_zone(client, news):
    settings = SiteSettings.for_site(news.politics.get_site())
    settings.time_zone = "Asia/Dubai"
    settings.save()
    rss = client.get("/feeds/rss.xml").content.decode()
    atom = client.get("/feeds/atom.xml").content.decode()
    local = timezone.localtime(news.lead.first_published_at, timezone.get_fixed_timezone(240))
    assert local.strftime("%a, %d %b %Y %H:%M:%S +0400") in rss
    assert local.replace(microsecond=0).isoformat() in atom


def test_lead_image_is_an_enclosure_with_length_and_type(client, news):
    entry = feedparser.parse(client.get("/feeds/rss.xml").content).entries[0]
    (enclosure,) = entry.enclosures
    assert enclosure.type == "image/jpeg"
    assert enclosure.href.startswith("http://testserver/media/")
    image = client.get(enclosure.href.removeprefix("http://testserver"))
    assert int(enclosure.length) == len(b"".join(image.streaming_content)) > 0
    atom = feedparser.parse(client.get("/feeds/atom.xml").content).entries[0]
    assert [link.rel for link in atom.links] == ["alternate", "enclosure"]


def test_summary_only_by_default_full_text_when_the_site_says_so(client, news):
    entry = feedparser.parse(client.get("/feeds/rss.xml").content).entries[0]
    assert "content" not in entry
    settings = SiteSettings.for_site(news.politics.get_site())
    settings.feed_full_content = True
    settings.save()
    for name in XML_FORMATS:
        entry = feedparser.parse(client.get(f"/feeds/{name}").content).entries[0]
        body = entry.content[0].value
        assert "فقرة أولى فيها <b>نص</b>" in body
        assert 'href="http://testserver/economy/"' in body
    item = json.loads(client.get("/feeds/feed.json").content)["items"][0]
    assert 'href="http://testserver/economy/"' in item["content_html"]


def test_json_feeds_follow_version_1_1(client, news):
    for folder, expected in feed_paths(news).items():
        check_json_feed(client.get(folder + "feed.json"), folder, expected)


def check_json_feed(response, folder: str, expected: list) -> None:
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"]
    assert feed["feed_url"] == "http://testserver" + iri_to_uri(folder) + "feed.json"
    assert feed["language"] == "ar"
    assert [item["title"] for item in feed["items"]] == [article.title for article in expected]
    for item, article in zip(feed["items"], expected, strict=True):
        assert isinstance(item["id"], str)
        assert item["url"] == "http://testserver" + article.url
        assert "content_html" in item or "content_text" in item
        published = datetime.fromisoformat(item["date_published"])
        assert published.utcoffset() == timedelta(hours=3)
        assert timestamp(published) == timestamp(article.first_published_at)
        for attachment in item.get("attachments", []):
            assert attachment["mime_type"] == "image/jpeg"
            assert attachment["size_in_bytes"] > 0


def test_drafts_are_never_syndicated(client, news):
    for folder in feed_paths(news):
        for name in (*XML_FORMATS, "feed.json"):
            assert news.draft.title not in client.get(folder + name).content.decode()


@pytest.mark.parametrize(
    "path", ["/feeds/sections/nope/rss.xml", "/feeds/tags/nope/atom.xml", "/feeds/x.xml"]
)
def test_unknown_feeds_are_404(client, news, path):
    assert client.get(path).status_code == 404


def test_conditional_get_answers_304_until_something_is_published(client, news):
    first = client.get("/feeds/atom.xml")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/feeds/atom.xml", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/feeds/atom.xml", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # The same validators differ per format and per scope.
    assert client.get("/feeds/rss.xml", HTTP_IF_NONE_MATCH=etag).status_code == 200
    make_article(news.economy, "خبر عاجل جديد")
    fresh = client.get("/feeds/atom.xml", HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag
    assert "خبر عاجل جديد" in fresh.content.decode()


def test_unpublishing_changes_the_etag(client, news):
    etag = client.get("/feeds/rss.xml")["ETag"]
    news.second.unpublish()
    assert client.get("/feeds/rss.xml", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_switching_to_full_text_changes_the_etag(client, news):
    etag = client.get("/feeds/rss.xml")["ETag"]
    settings = SiteSettings.for_site(news.politics.get_site())
    settings.feed_full_content = True
    settings.save()
    assert client.get("/feeds/rss.xml", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_lost_image_file_drops_the_enclosure_not_the_feed(client, news):
    client.get("/feeds/rss.xml")
    image = news.lead.lead_image
    for rendition in image.renditions.all():
        rendition.file.storage.delete(rendition.file.name)
    response = client.get("/feeds/rss.xml")
    assert response.status_code == 200
    assert feedparser.parse(response.content).entries[0].enclosures == []


def test_renditions_a_feed_asks_for_stay_out_of_the_shared_cache(client, section):
    """Wagtail writes a rendition to the cache each time one is asked for: the per-process
    "renditions" cache takes those writes, not the shared cache every page uses."""
    from django.core.cache import cache, caches
    from wagtail.images.models import Filter
    from wagtail.images.tests.utils import get_test_image_file

    from akhbar.core.models import NewsImage
    from akhbar.feeds.images import SHARE_FILTER

    image = NewsImage.objects.create(title="صورة الخبر", file=get_test_image_file())
    make_article(section, "خبر بصورة", lead_image=image)
    assert client.get("/feeds/rss.xml").status_code == 200
    share = Filter(spec=SHARE_FILTER)
    key = image.get_rendition_model().construct_cache_key(
        image, share.get_cache_key(image), share.spec
    )
    assert caches["renditions"].get(key) is not None
    assert cache.get(key) is None
