"""The read API: filters, pagination, JSON errors, caching headers, CORS and rate limit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import make_article
from tests.feeds.conftest import TRICKY_TITLE

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [item["title"] for item in response.json()["results"]]


def test_list_is_paginated_newest_first(client, news):
    response = client.get("/api/v1/articles?limit=2")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    assert titles(response) == [news.lead.title, news.second.title]
    assert data["previous"] is None
    assert data["next"] == "http://testserver/api/v1/articles?limit=2&offset=2"
    rest = client.get(data["next"].removeprefix("http://testserver"))
    assert titles(rest) == [news.old.title]
    assert rest.json()["next"] is None
    assert rest.json()["previous"] == "http://testserver/api/v1/articles?limit=2&offset=0"


def test_article_fields(client, news):
    item = client.get("/api/v1/articles").json()["results"][0]
    assert item["id"] == news.lead.pk
    assert item["title"] == TRICKY_TITLE
    assert item["url"] == "http://testserver" + news.lead.url
    assert item["section"] == {
        "name": "سياسة",
        "slug": "politics",
        "url": "http://testserver/politics/",
    }
    assert [tag["name"] for tag in item["tags"]] == ["الاقتصاد السوري", "الحكومة"]
    assert item["authors"][0]["slug"] == "salma"
    assert item["image"]["mime_type"] == "image/jpeg"
    assert item["image"]["length"] > 0
    assert item["published_at"].endswith("+03:00")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("section=politics", ["lead", "old"]),
        ("section=economy", ["second"]),
        ("section=nope", []),
        ("author=salma", ["lead", "old"]),
        ("section=politics&author=salma&tag={tag}", ["lead"]),
        ("tag={tag}", ["lead", "second"]),
        ("tag=nope", []),
    ],
)
def test_filters(client, news, query, expected):
    response = client.get("/api/v1/articles?" + query.format(tag=news.tag.slug))
    assert titles(response) == [getattr(news, name).title for name in expected]


def test_date_range_is_whole_days_in_the_site_time_zone(client, news):
    today = timezone.localdate(news.lead.first_published_at)
    three_days_ago = timezone.localdate(news.old.first_published_at)
    response = client.get(f"/api/v1/articles?from={three_days_ago}&to={three_days_ago}")
    assert titles(response) == [news.old.title]
    response = client.get(f"/api/v1/articles?from={three_days_ago + timedelta(days=1)}")
    assert news.old.title not in titles(response)
    assert news.lead.title in titles(client.get(f"/api/v1/articles?to={today}"))


@pytest.mark.parametrize("query", ["from=0001-01-01", "to=9999-12-31"])
def test_days_at_the_ends_of_the_calendar_limit_nothing(client, news, query):
    # Found by schemathesis: shifting these days to UTC overflowed (a 500).
    assert client.get("/api/v1/articles?" + query).json()["count"] == 3


def test_detail_by_id_and_by_path(client, news):
    by_id = client.get(f"/api/v1/articles/{news.lead.pk}").json()
    by_path = client.get("/api/v1/articles/by-path", {"path": news.lead.url}).json()
    assert by_id == by_path
    assert by_id["title"] == TRICKY_TITLE
    assert "فقرة أولى فيها <b>نص</b>" in by_id["body_html"]
    assert 'href="http://testserver/economy/"' in by_id["body_html"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/articles/999999",
        "/api/v1/articles/by-path?path=/politics/nope/",
        "/api/v1/no-such-endpoint",
    ],
)
def test_not_found_is_json(client, news, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/api/v1/articles/", "/api/v1/articles"),
        ("/api/v1/articles/?section=economy&page=2", "/api/v1/articles?section=economy&page=2"),
        ("/api/v1/openapi.json/", "/api/v1/openapi.json"),
    ],
)
def test_an_operation_with_a_trailing_slash_redirects_to_it(client, news, path, location):
    response = client.get(path)
    assert (response.status_code, response["Location"]) == (308, location)
    assert response.json()["detail"] == f"Moved to {location}"
    assert client.get(path, follow=True).status_code == 200


def test_an_unknown_address_with_a_trailing_slash_is_still_a_json_404(client, news):
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_a_post_to_an_unknown_or_slashed_address_is_answered_in_json():
    """Not Django's HTML 403 for a missing CSRF cookie: API clients send none."""
    client = Client(enforce_csrf_checks=True)
    unknown = client.post("/api/v1/no-such-endpoint", "{}", content_type="application/json")
    assert (unknown.status_code, unknown.json()) == (404, {"detail": "Not Found"})
    slashed = client.post("/api/v1/articles/", "{}", content_type="application/json")
    assert (slashed.status_code, slashed["Location"]) == (308, "/api/v1/articles")


def test_drafts_are_not_in_the_api(client, news):
    assert client.get(f"/api/v1/articles/{news.draft.pk}").status_code == 404
    assert news.draft.title not in str(client.get("/api/v1/articles").json())


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=101",
        "offset=-1",
        "offset=1000001",
        "from=yesterday",
        "to=2026-13-01",
        # A NUL, which PostgreSQL refuses to compare, in anything looked up by text.
        "section=poli%00tics",
        "tag=%00",
        "author=a%00",
        "/by-path?path=/politics/%00/",
    ],
)
def test_invalid_parameters_are_422_json(client, news, query):
    path, _, query = query.rpartition("?")
    response = client.get(f"/api/v1/articles{path}?{query}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"


def test_sections_tags_authors(client, news):
    sections = client.get("/api/v1/sections").json()
    assert [s["slug"] for s in sections] == ["politics", "economy"]
    tags = client.get("/api/v1/tags").json()
    counts = {tag["name"]: tag["article_count"] for tag in tags["results"]}
    assert counts == {"الاقتصاد السوري": 2, "الحكومة": 1}
    authors = client.get("/api/v1/authors").json()
    assert authors["count"] == 1
    assert authors["results"][0]["url"] == "http://testserver/authors/salma/"


def test_ticker_and_most_read(client, news):
    make_article(news.politics, "عاجل: انقطاع الكهرباء", urgency="breaking")
    assert [a["title"] for a in client.get("/api/v1/ticker").json()] == ["عاجل: انقطاع الكهرباء"]
    client.post(f"/hit/{news.second.pk}/")
    assert [a["id"] for a in client.get("/api/v1/most-read").json()] == [news.second.pk]


def test_etag_and_last_modified_answer_304(client, news):
    first = client.get("/api/v1/articles")
    assert first["Last-Modified"]
    assert client.get("/api/v1/articles", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert (
        client.get("/api/v1/articles", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code
        == 304
    )
    detail = client.get(f"/api/v1/articles/{news.lead.pk}")
    again = client.get(f"/api/v1/articles/{news.lead.pk}", HTTP_IF_NONE_MATCH=detail["ETag"])
    assert again.status_code == 304
    news.author.name = "سلمى الحلبي الحمصي"
    news.author.save()
    changed = client.get("/api/v1/articles", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "سلمى الحلبي الحمصي" in changed.content.decode()


def test_cors_for_reads_from_configured_origins(client, news, settings):
    response = client.get("/api/v1/sections", HTTP_ORIGIN="https://app.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    settings.AKHBAR_API_CORS_ORIGINS = ["https://app.example"]
    allowed = client.get("/api/v1/sections", HTTP_ORIGIN="https://app.example")
    other = client.get("/api/v1/sections", HTTP_ORIGIN="https://evil.example")
    assert allowed["Access-Control-Allow-Origin"] == "https://app.example"
    assert "Access-Control-Allow-Origin" not in other
    assert "Origin" in other["Vary"]


def test_rate_limit_per_client_is_429_json(client, news, settings):
    settings.AKHBAR_API_RATE_LIMIT = "3/m"
    for _ in range(3):
        assert client.get("/api/v1/sections").status_code == 200
    limited = client.get("/api/v1/sections")
    assert limited.status_code == 429
    assert limited.json() == {"detail": "Too many requests."}
    assert int(limited["Retry-After"]) >= 1
    other_client = client.get("/api/v1/sections", REMOTE_ADDR="10.0.0.9")
    assert other_client.status_code == 200


def test_cors_preflight_for_revalidating_reads(client, settings):
    settings.AKHBAR_API_CORS_ORIGINS = ["https://app.example"]
    preflight = client.options(
        "/api/v1/articles",
        HTTP_ORIGIN="https://app.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "https://app.example"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    refused = client.options(
        "/api/v1/articles",
        HTTP_ORIGIN="https://evil.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "Access-Control-Allow-Origin" not in refused
    write = client.options(
        "/api/v1/articles",
        HTTP_ORIGIN="https://app.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "Access-Control-Allow-Origin" not in write
