"""Search test helpers: index documents straight into the active backend, or publish pages
and let the index follow them once the test's "transaction" commits."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from urllib.parse import quote

import pytest
from django.conf import settings
from django.utils import timezone

from akhbar.search.backends import get_backend
from akhbar.search.backends.base import Document, SearchBackend
from tests.factories import make_article

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

# PostgreSQL-only tests also carry the `postgres` marker, so `pytest -m postgres` selects them.
postgres_only = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (scripts/with-services)"),
]

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.get_fixed_timezone(180))

_ids = count(1)

# What the issue lists as hostile input, and a few more; every one must give a normal answer.
HOSTILE = [
    "",
    "   ",
    "ًٌٍ",
    '"',
    "«",
    "((خبر",
    "خبر))",
    "NEAR(خبر حلب)",
    "خبر AND OR NOT حلب",
    "*",
    "خبر*",
    "^خبر",
    "title:خبر",
    "body:حلب",
    "{title body}: خبر",
    "'; DROP TABLE akhbar_search_document; --",
    "خبر' OR '1'='1",
    "x" * 10_000,
    "خبر " * 5_000,
    "😀🔥 خبر",
    "خبر\x00حلب\x01\x1f",
    "\ud800خبر\udfff",
    "'&|!<->:*",
    "\\",
    "خبر <-> حلب",
    "!!خبر & حلب | (دمشق)",
]


def hostile_query_string(text: str) -> str:
    """Percent-encode like a browser would, lone surrogates as the bytes they would be."""
    value = quote(text.encode("utf-8", "surrogatepass"))
    return "&".join(f"{name}={value}" for name in ("q", "section", "from", "to", "sort", "page"))


@pytest.fixture
def backend(db) -> SearchBackend:
    return get_backend()


def doc(
    title: str,
    body: str = "",
    *,
    days_ago: float = 10,
    section_id: int | None = None,
    id: int | None = None,
) -> Document:
    """A document published `days_ago` before NOW, with a fresh id."""
    number = id if id is not None else next(_ids)
    return Document(
        id=number,
        title=title,
        body=body,
        url=f"/test/{number}/",
        published=NOW - timedelta(days=days_ago),
        section_id=section_id,
        section_title="سياسة" if section_id else "",
    )


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """make_article, then what happens after the commit (the index update)."""

    def publish_article(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return make_article(*args, **kwargs)

    return publish_article


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs the on-commit callbacks (index updates) at the end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
