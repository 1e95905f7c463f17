"""On the production-stack pass (scripts/with-services) the app really uses PostgreSQL and Redis."""

from django.core.cache import cache, caches
from django.db import connection

from tests.servers import production_stack


@production_stack
def test_database_is_postgresql(db):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) // 10000 == 15


@production_stack
def test_cache_is_redis():
    assert type(caches["default"]).__name__ == "RedisCache"
    cache.set("akhbar-probe", "عاجل", 30)
    assert cache.get("akhbar-probe") == "عاجل"
