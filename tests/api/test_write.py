"""POST /api/v1/articles: wire stories by token, idempotent by guid, under newsroom roles."""

from __future__ import annotations

import json

import pytest
from wagtail.models import APIToken

from akhbar.news.models import ArticlePage
from akhbar.newsroom.roles import EDITOR, WRITER
from tests.newsroom.support import make_member

pytestmark = pytest.mark.django_db

STORY = {
    "guid": "urn:wire:2026:1234",
    "section": "economy",
    "title": "المصرف المركزي يثبّت سعر الصرف «حتى إشعار آخر»",
    "body": "<p>قال المصرف المركزي إن السعر باقٍ.</p><script>alert(1)</script>",
    "dek": "قرار جديد من المصرف المركزي.",
    "tags": ["سعر الصرف"],
    "authors": ["مراسل الوكالة"],
    "source_name": "وكالة الأنباء",
    "source_url": "https://wire.example/1234",
    "published_at": "2026-11-25T09:30:00+03:00",
}


def token_for(role: str) -> str:
    _, plaintext = APIToken.create_token(user=make_member(role), name=f"wire {role}")
    return plaintext


def post(client, story: dict, token: str | None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post("/api/v1/articles", json.dumps(story), "application/json", **headers)


@pytest.mark.parametrize("token", [None, "wagtail_not-a-real-token"])
def test_without_a_valid_token_is_401_json(client, news, token):
    response = post(client, STORY, token)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
    assert not ArticlePage.objects.filter(title=STORY["title"]).exists()


def test_writer_token_creates_drafts_only(client, news):
    token = token_for(WRITER)
    refused = post(client, {**STORY, "status": "published"}, token)
    assert refused.status_code == 403
    assert "draft" in refused.json()["detail"]
    created = post(client, STORY, token)
    assert created.status_code == 201
    assert created.json()["status"] == "draft"
    assert created.json()["url"] is None
    article = ArticlePage.objects.get(pk=created.json()["id"])
    assert not article.live
    assert article.owner.username.startswith("member-")
    # The writer may revise their own draft, but still not publish it.
    assert post(client, {**STORY, "dek": "موجز معدل"}, token).json()["result"] == "updated"
    assert post(client, {**STORY, "status": "published"}, token).status_code == 403


def test_editor_token_publishes_and_reposting_is_idempotent(client, news):
    token = token_for(EDITOR)
    story = {**STORY, "status": "published"}
    created = post(client, story, token)
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "published"
    article = ArticlePage.objects.get(pk=body["id"])
    assert article.live
    assert article.title == STORY["title"]
    assert body["url"] == "http://testserver" + article.url
    assert article.first_published_at.isoformat() == "2026-11-25T06:30:00+00:00"
    assert "<script>" not in str(article.body.raw_data)

    again = post(client, story, token)
    assert again.status_code == 200
    assert again.json() == {**body, "result": "unchanged"}
    assert ArticlePage.objects.filter(title=STORY["title"]).count() == 1

    changed = post(client, {**story, "title": "المصرف المركزي يعدّل سعر الصرف"}, token)
    assert changed.json()["result"] == "updated"
    assert changed.json()["id"] == body["id"]
    assert client.get(f"/api/v1/articles/{body['id']}").json()["title"] == (
        "المصرف المركزي يعدّل سعر الصرف"
    )


def test_unknown_section_is_404_and_bad_fields_422(client, news):
    token = token_for(EDITOR)
    assert post(client, {**STORY, "section": "sport"}, token).status_code == 404
    naive = post(client, {**STORY, "published_at": "2026-11-25T09:30:00"}, token)
    assert naive.status_code == 422
    assert naive.json()["detail"][0]["loc"] == ["body", "payload", "published_at"]
    bad_url = post(client, {**STORY, "source_url": "ftp://x"}, token)
    assert bad_url.status_code == 422
    # A NUL, which PostgreSQL refuses to store or compare, in a looked-up or stored field.
    for field, value in [("section", "poli\x00tics"), ("title", "خبر\x00"), ("tags", ["\x00"])]:
        nul = post(client, {**STORY, field: value}, token)
        assert nul.status_code == 422
        assert nul.json()["detail"][0]["loc"][:3] == ["body", "payload", field]


def test_malformed_json_is_400_json(client, news):
    response = client.post(
        "/api/v1/articles",
        "{not json",
        "application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(EDITOR)}",
    )
    assert response.status_code == 400
    assert "detail" in response.json()
