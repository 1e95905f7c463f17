"""The term table of the database's own backend: FTS5 on SQLite, tsvector + GIN on PostgreSQL.

Each statement runs only on its engine; on any other engine this migration does nothing.
Both tables are keyed by SearchDocument.docno (the publication time in the high bits).
"""

from django.db import migrations

CREATE = {
    "sqlite": [
        # `ascii` splits our space-joined terms on spaces only (see backends/sqlite_fts5.py);
        # `section` holds one token per row so a section filter is part of the MATCH.
        "CREATE VIRTUAL TABLE akhbar_search_fts USING fts5("
        "title, body, section, tokenize = 'ascii')",
    ],
    "postgresql": [
        # No foreign key to the document table: `flush` truncates Django's tables only, and
        # a reference would make it fail; orphans are dropped after flush (post_migrate).
        "CREATE TABLE akhbar_search_vector ("
        " docno bigint PRIMARY KEY,"
        " section_id integer,"
        " vector tsvector NOT NULL)",
        "CREATE INDEX akhbar_search_vector_gin ON akhbar_search_vector USING gin (vector)",
    ],
}
DROP = {
    "sqlite": ["DROP TABLE IF EXISTS akhbar_search_fts"],
    "postgresql": ["DROP TABLE IF EXISTS akhbar_search_vector"],
}


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("akhbar_search", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]
