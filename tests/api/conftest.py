import pytest
from django.core.cache import cache

from tests.feeds.conftest import news  # noqa: F401 - the same small published site


@pytest.fixture(autouse=True)
def generous_rate_limit(settings):
    """A limit no test reaches unless it sets its own; throttle history starts empty."""
    settings.AKHBAR_API_RATE_LIMIT = "10000/m"
    cache.clear()
    yield
    cache.clear()
