"""The admin index's FTS5 table reads its text from the index entries instead of a copy.

modelsearch's SQLite backend (migration wagtailsearch 0006) keeps every entry's title, body
and autocomplete text twice: in the IndexEntry table and in the FTS5 table's own content
table, kept in step by three triggers. This makes the FTS5 table an external-content table
over the IndexEntry table (https://www.sqlite.org/fts5.html#external_content_tables), so
the text is stored once; MATCH, bm25() and column reads work the same. Existing entries are
indexed again with FTS5's 'rebuild'. SQLite only; on any other engine, or an SQLite without
FTS5 (no FTS model then), this migration does nothing. Reversing it restores modelsearch's
own table and triggers and copies the entries into it.
"""

from django.db import migrations

# modelsearch's statements, with the entry and FTS tables filled in (reverse only).
MODELSEARCH = {
    "table": "CREATE VIRTUAL TABLE {fts} USING fts5(autocomplete, body, title)",
    "insert": (
        "CREATE TRIGGER {insert} AFTER INSERT ON {entry} BEGIN"
        " INSERT INTO {fts}(title, body, autocomplete, rowid)"
        " VALUES (NEW.title, NEW.body, NEW.autocomplete, NEW.id); END"
    ),
    "update": (
        "CREATE TRIGGER {update} AFTER UPDATE ON {entry} BEGIN"
        " UPDATE {fts} SET title=NEW.title, body=NEW.body, autocomplete=NEW.autocomplete"
        " WHERE rowid=NEW.id; END"
    ),
    "delete": (
        "CREATE TRIGGER {delete} AFTER DELETE ON {entry} BEGIN"
        " DELETE FROM {fts} WHERE rowid=OLD.id; END"
    ),
    "fill": (
        "INSERT INTO {fts}(rowid, autocomplete, body, title)"
        " SELECT id, autocomplete, body, title FROM {entry}"
    ),
}

# The triggers of the SQLite manual's external-content example: the index is told the old
# text to remove ('delete'), since the content row has already changed or gone.
EXTERNAL_CONTENT = {
    "table": (
        "CREATE VIRTUAL TABLE {fts} USING fts5("
        "autocomplete, body, title, content={entry_literal}, content_rowid='id')"
    ),
    "insert": (
        "CREATE TRIGGER {insert} AFTER INSERT ON {entry} BEGIN"
        " INSERT INTO {fts}(rowid, autocomplete, body, title)"
        " VALUES (NEW.id, NEW.autocomplete, NEW.body, NEW.title); END"
    ),
    # Only for the indexed columns: the title_norm updates of a rebuild leave the index alone.
    "update": (
        "CREATE TRIGGER {update} AFTER UPDATE OF autocomplete, body, title ON {entry} BEGIN"
        " INSERT INTO {fts}({fts}, rowid, autocomplete, body, title)"
        " VALUES ('delete', OLD.id, OLD.autocomplete, OLD.body, OLD.title);"
        " INSERT INTO {fts}(rowid, autocomplete, body, title)"
        " VALUES (NEW.id, NEW.autocomplete, NEW.body, NEW.title); END"
    ),
    # Django's delete() of entries (a page's deletion cascades to them) first deletes their
    # FTS rows (the FTS model's CASCADE), which FTS5 removes from the index by reading the
    # still-present entries; a second 'delete' would corrupt the index. An entry still in the
    # index has its row in the FTS table's docsize shadow table.
    "delete": (
        "CREATE TRIGGER {delete} AFTER DELETE ON {entry}"
        " WHEN EXISTS (SELECT 1 FROM {docsize} WHERE id = OLD.id) BEGIN"
        " INSERT INTO {fts}({fts}, rowid, autocomplete, body, title)"
        " VALUES ('delete', OLD.id, OLD.autocomplete, OLD.body, OLD.title); END"
    ),
    "fill": "INSERT INTO {fts}({fts}) VALUES ('rebuild')",
}


def _recreate(statements):
    """Replace the FTS table and its triggers with `statements`, then fill the table."""

    def recreate(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        try:
            fts_table = apps.get_model("wagtailsearch", "SQLiteFTSIndexEntry")._meta.db_table
        except LookupError:  # SQLite without FTS5: modelsearch made no FTS table
            return
        entry_table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
        # Unquoted, as modelsearch wrote them, so that the reverse restores its SQL exactly;
        # modelsearch names each trigger after the FTS table: insert_<entry table>_fts, ...
        triggers = {verb: f"{verb}_{fts_table}" for verb in ("insert", "update", "delete")}
        names = {
            "fts": fts_table,
            "docsize": f"{fts_table}_docsize",
            "entry": entry_table,
            "entry_literal": f"'{entry_table}'",
            **triggers,
        }
        for trigger in triggers.values():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {fts_table}")
        for statement in statements.values():  # in order: table, triggers, fill
            schema_editor.execute(statement.format(**names))

    return recreate


class Migration(migrations.Migration):
    dependencies = [
        ("akhbar_search", "0002_term_tables"),
        ("wagtailsearch", "0006_customise_indexentry"),
    ]

    operations = [
        migrations.RunPython(_recreate(EXTERNAL_CONTENT), _recreate(MODELSEARCH), elidable=False)
    ]
