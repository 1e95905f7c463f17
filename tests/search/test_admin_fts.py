"""The admin index's FTS5 table reads the entries' text from the IndexEntry table
(migration akhbar_search 0003): search, edits, deletions, rebuilds and imports keep it whole."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

if connection.vendor != "sqlite":
    # modelsearch's SQLite models only exist when the database is SQLite.
    pytest.skip("the admin's SQLite index", allow_module_level=True)

from modelsearch.backends import get_search_backend
from modelsearch.backends.database.sqlite.sqlite import IndexEntry, SQLiteFTSIndexEntry

from akhbar.news.models import ArticlePage
from tests.importers.conftest import fixture

pytestmark = pytest.mark.django_db

FTS = SQLiteFTSIndexEntry._meta.db_table
ENTRY = IndexEntry._meta.db_table
MIGRATION = ("akhbar_search", "0003_admin_index_external_content")
PREVIOUS = ("akhbar_search", "0002_term_tables")


def found(word: str) -> set[str]:
    """Titles of the articles the admin's backend finds for `word`."""
    results = get_search_backend().search(word, ArticlePage)
    return {page.title for page in results}


def check_integrity() -> None:
    """FTS5 compares its index with the content table (rank 1) and raises on a mismatch."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {FTS}({FTS}, rank) VALUES ('integrity-check', 1)")  # noqa: S608


def indexed_rows() -> int:
    """Entries in the FTS index: one docsize row each."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {FTS}_docsize")  # noqa: S608
        return cursor.fetchone()[0]


def schema(kind: str) -> dict[str, str]:
    """Name to SQL of the FTS table's triggers or tables in sqlite_master."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = %s AND name LIKE %s",
            [kind, f"%{FTS}%"],
        )
        return dict(cursor.fetchall())


def test_the_text_is_stored_once():
    tables = schema("table")
    assert FTS in tables and f"{FTS}_data" in tables
    assert f"{FTS}_content" not in tables
    assert f"content='{ENTRY}'" in tables[FTS]


def test_search_follows_an_article_through_edits_and_deletion(section, publish, committed):
    page = publish(section, "حديقة الزيتون تفتح أبوابها", paragraphs=["زرعت البلدية الأشجار."])
    assert found("الزيتون") == {page.title}
    check_integrity()

    with committed():
        page.title = "حديقة الليمون تفتح أبوابها"
        page.save_revision().publish()
    assert found("الليمون") == {page.title}
    assert found("الزيتون") == set()
    check_integrity()

    with committed():
        page.delete()
    assert found("الليمون") == set()
    assert indexed_rows() == IndexEntry.objects.count()
    check_integrity()


def test_deleting_entries_through_the_orm_or_raw_sql_keeps_the_index_whole(section, publish):
    """Django's delete() deletes the FTS rows first (the FTS model's CASCADE); modelsearch's
    delete_item deletes the entries only: each removes the entry's text from the index once."""
    first = publish(section, "خبر أول عن المرفأ", paragraphs=["سفن الشحن في المرفأ."])
    second = publish(section, "خبر ثان عن المرفأ", paragraphs=["رافعات جديدة في المرفأ."])
    IndexEntry.objects.filter(object_id=str(first.pk)).delete()
    check_integrity()
    get_search_backend().delete(second)
    check_integrity()
    assert found("المرفأ") == set()
    assert indexed_rows() == IndexEntry.objects.count()


def test_update_index_rebuilds_the_index(section, publish):
    page = publish(section, "معرض للكتاب في الساحة", paragraphs=["دور نشر من عشر مدن."])
    call_command("update_index", stdout=StringIO(), stderr=StringIO())
    assert found("للكتاب") == {page.title}
    assert IndexEntry.objects.filter(object_id=str(page.pk)).exists()
    check_integrity()


def test_an_import_leaves_a_consistent_index(home, settings):
    settings.AKHBAR_IMPORT_MAX_LINE_BYTES = 100_000
    call_command(
        "import", "jsonl", str(fixture("articles.jsonl")), stdout=StringIO(), stderr=StringIO()
    )
    assert ArticlePage.objects.count() >= 2
    check_integrity()
    assert indexed_rows() == IndexEntry.objects.count()
    assert "بلدية حلب تفتتح جسراً جديداً فوق نهر قويق" in found("قويق")


def modelsearch_statements(executor: MigrationExecutor) -> set[str]:
    """The FTS table and triggers that wagtailsearch 0006 (modelsearch's) creates."""
    migration = executor.loader.get_migration("wagtailsearch", "0006_customise_indexentry")
    database_operations = migration.operations[-1].database_operations
    return {operation.sql for operation in database_operations}


# Migrations run outside a test's transaction; the pages migrations made are restored.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrating_a_populated_index_back_and_forth(section, publish):
    page = publish(section, "مهرجان المسرح يعود", paragraphs=["عروض لفرق من القرى."])
    external = schema("trigger")
    executor = MigrationExecutor(connection)

    executor.migrate([PREVIOUS])
    restored = {**schema("trigger"), FTS: schema("table")[FTS]}
    assert set(restored.values()) == modelsearch_statements(executor)
    assert f"{FTS}_content" in schema("table")
    assert found("المسرح") == {page.title}

    executor.loader.build_graph()
    executor.migrate([MIGRATION])
    assert schema("trigger") == external
    assert f"{FTS}_content" not in schema("table")
    assert found("المسرح") == {page.title}
    check_integrity()
