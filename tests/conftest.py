import pytest
from django.core.cache import cache

from tests.factories import make_home, make_section


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test with an empty cache: Wagtail caches site root paths there, and a
    rolled-back test must not leave the next one a site that no longer exists."""
    cache.clear()


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
