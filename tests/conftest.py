import pytest
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from tests.factories import make_home, make_section


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test with empty caches: Wagtail caches site root paths and renditions
    there, and a rolled-back test must not leave the next one a site that no longer exists."""
    for each in caches.all():
        each.clear()


@pytest.fixture
def home(db):
    return make_home()


@pytest.fixture
def section(home):
    return make_section(home, "سياسة", slug="politics")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> str:
    """A migrated demo site served by the real app on loopback: what `make run` gives a user."""
    from tests.servers import akhbar, app_env, running_app

    env = app_env(tmp_path_factory.mktemp("demo-site"))
    akhbar("migrate", "--noinput", env=env)
    akhbar("demo", "--articles", "40", env=env)
    with running_app(env) as base_url:
        yield base_url


@pytest.fixture
def keep_connection_across_requests():
    """For tests that send Django's request signals themselves: like the test client, keep
    the test's database connection, and its transaction, open (PostgreSQL would close it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
