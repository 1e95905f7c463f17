"""modelsearch's SQLite index, extracting each object's text once instead of three times.

modelsearch's `ObjectIndexer` walks every search field once per indexed column (title, body,
autocomplete): while article bodies were indexed here, converting each body's rich text
three times was a quarter of the time of a 10,000-article import (docs/importing.md). This
index walks the fields once and writes the same rows, and normalizes new titles without two
scans of the whole index per save (see `_average_title_length`), which made each batch of a
long import slower than the last; `admin_backend` uses it on SQLite.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any

from django.db.models import Model
from django.db.models.functions import Length
from django.utils.encoding import force_str
from modelsearch.backends.database.sqlite.sqlite import IndexEntry, ObjectIndexer, SQLiteIndex
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.utils import get_content_type_pk

# Recent entries whose titles set the average length; see _average_title_length.
SAMPLE = 1000


class OnePassIndexer(ObjectIndexer):
    """ObjectIndexer's title, body and autocomplete texts from one walk of the fields."""

    @cached_property
    def columns(self) -> dict[str, str]:
        texts: dict[str, list[str]] = {"title": [], "body": [], "autocomplete": []}
        for search_field in self.search_fields:
            for field, value in self.prepare_field(self.obj, search_field):
                if isinstance(field, SearchField):
                    texts["title" if field.field_name == "title" else "body"].append(value)
                elif isinstance(field, AutocompleteField):
                    texts["autocomplete"].append(value)
        return {column: " ".join(values) for column, values in texts.items()}


class OnePassSQLiteIndex(SQLiteIndex):
    def add_items(self, model: type[Model], objs: Iterable[Model]) -> None:
        """SQLiteIndex.add_items with OnePassIndexer: update the indexed, insert the rest."""
        if not model.get_search_fields():
            return
        columns = {force_str(obj.pk): OnePassIndexer(obj, self.backend).columns for obj in objs}
        if not columns:
            return
        average = self._average_title_length([texts["title"] for texts in columns.values()])
        for texts in columns.values():
            texts["title_norm"] = average / len(texts["title"]) if texts["title"] else 1.0
        content_type_pk = get_content_type_pk(model)
        entries = self.entries.filter(content_type_id=content_type_pk)
        indexed = set(entries.filter(object_id__in=columns).values_list("object_id", flat=True))
        for object_id in indexed:
            entries.filter(object_id=object_id).update(**columns[object_id])
        self._insert(
            {"content_type_id": content_type_pk, "object_id": object_id, **texts}
            for object_id, texts in columns.items()
            if object_id not in indexed
        )

    def _insert(self, rows: Iterable[dict[str, Any]]) -> None:
        """INSERT entries by attname with one prepared statement: bulk_create's model
        instances and per-value preparation cost more than SQLite's work (its FTS trigger
        included) for a batch of new articles."""
        fields = [field for field in IndexEntry._meta.concrete_fields if not field.primary_key]
        quote = self.write_connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        with self.write_connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {quote(IndexEntry._meta.db_table)} ({columns})"  # noqa: S608
                f" VALUES ({placeholders})",
                [[row[field.attname] for field in fields] for row in rows],
            )

    def _average_title_length(self, titles: list[str]) -> float:
        """The average title length the new entries' title_norm divides, over these titles and
        the newest SAMPLE entries.

        modelsearch averages every entry and then updates every entry whose norm is still 1.0,
        two scans of the whole index on each save: each batch of a long import was slower than
        the last. A full rebuild still sets every norm from the exact average.
        """
        lengths = [len(title) for title in titles if title]
        lengths += (
            self.entries.annotate(length=Length("title"))
            .filter(length__gt=0)
            .order_by("-pk")
            .values_list("length", flat=True)[:SAMPLE]
        )
        return sum(lengths) / len(lengths) if lengths else 1.0
