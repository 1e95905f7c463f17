import pytest

from tests.factories import make_home, make_section


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
