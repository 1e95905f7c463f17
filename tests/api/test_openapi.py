"""schemathesis against /api/v1/openapi.json: generated requests never cause a server error.

Runs the Django WSGI app in-process, a few examples per operation, so it stays quick.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from wagtail.models import APIToken

from akhbar.newsroom.roles import EDITOR
from tests.newsroom.support import make_member


@pytest.fixture
def editor_token(db) -> str:
    return APIToken.create_token(user=make_member(EDITOR), name="schemathesis")[1]


@pytest.fixture
def keep_test_connection():
    """Serve requests inside the test's transaction, as Django's test client does.

    The WSGI handler closes a connection whose autocommit differs from the settings at the
    end of each request, which inside a test transaction is always (PostgreSQL then fails).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection")
def test_generated_requests_never_cause_a_server_error(news, editor_token):
    # schemathesis' pytest integration (from_fixture) does not run under pytest 9 yet, so
    # each operation's strategy is driven by hypothesis here.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    token = {"Authorization": f"Bearer {editor_token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def call(case):
            headers = token if case.method == "POST" else {}
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        call()


def test_openapi_document_describes_the_api(client, db):
    document = client.get("/api/v1/openapi.json").json()
    paths = document["paths"]
    for path in [
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
        "/api/v1/articles/by-path",
        "/api/v1/sections",
        "/api/v1/tags",
        "/api/v1/authors",
        "/api/v1/ticker",
        "/api/v1/most-read",
    ]:
        assert "get" in paths[path], path
    assert "post" in paths["/api/v1/articles"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in docs.content  # served locally, no CDN
