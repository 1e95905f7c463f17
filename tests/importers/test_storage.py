"""How the bulk writer stores what Wagtail reads back."""

import json

import pytest
from django.db import connection

from akhbar.news.models import ArticlePage

pytestmark = pytest.mark.django_db

BRIDGE = "بلدية حلب تفتتح جسراً جديداً فوق نهر قويق"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="JSON is text only on SQLite")
def test_bodies_are_stored_as_utf8_json_that_wagtail_reads(import_file):
    import_file("articles.jsonl")
    page = ArticlePage.objects.get(title=BRIDGE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM news_articlepage WHERE page_ptr_id = %s", [page.pk])
        raw = cursor.fetchone()[0]
    assert "\\u" not in raw
    assert "قويق" in raw
    assert json.loads(raw) == list(page.body.raw_data)
    assert "قويق" in page.body_text()
