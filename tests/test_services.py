"""On the production-stack pass (scripts/with-services) the app really uses PostgreSQL and Redis."""

import os

import pytest
from django.core.cache import cache, caches
from django.db import connection

services = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="runs under scripts/with-services"
)


@services
def test_database_is_postgresql(db):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) // 10000 == 15


@services
def test_cache_is_redis():
    assert type(caches["default"]).__name__ == "RedisCache"
    cache.set("akhbar-probe", "عاجل", 30)
    assert cache.get("akhbar-probe") == "عاجل"
