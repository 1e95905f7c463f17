"""Newsroom personas on the site the migrations create (roles, workflow and home page)."""

import pytest

from akhbar.core.models import HomePage
from akhbar.newsroom.roles import CHIEF, EDITOR, WRITER
from tests.factories import make_section
from tests.newsroom.support import make_member


@pytest.fixture
def site_home(db) -> HomePage:
    """The home page made by core migration 0002: newsroom migration 0001 gave the chief
    their permissions and the review workflow on it."""
    return HomePage.objects.get()


@pytest.fixture
def desk(site_home):
    return make_section(site_home, "سياسة", slug="politics")


@pytest.fixture
def writer(db):
    return make_member(WRITER, username="writer")


@pytest.fixture
def other_writer(db):
    return make_member(WRITER, username="other-writer")


@pytest.fixture
def editor(db):
    return make_member(EDITOR, username="editor")


@pytest.fixture
def chief(db):
    return make_member(CHIEF, username="chief")


@pytest.fixture
def login(client):
    """Log the test client in as a user and return the client."""

    def log_in(user):
        client.force_login(user)
        return client

    return log_in
