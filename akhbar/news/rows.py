"""Model instances from the rows of hand-written SQL, converted as the ORM converts them.

The article page's own queries are a few rows each; building and compiling them with the
ORM (joins, prefetches, a dozen columns) cost ten times what SQLite takes to answer them.
Each `Columns` names one model's columns for a SELECT and turns the matching slice of a
row into an instance, through `Model.from_db` (so `post_init`, which records what a page
shows, still fires) after the field's and the backend's converters (dates, booleans).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Model


class Columns:
    """Some concrete fields of `model`, read from the tables aliased in `aliases`.

    `aliases` maps each table the fields live in (a page type's own table and Wagtail's
    page table) to its alias in the query; `names` keeps only those fields (attribute or
    field names), the others being deferred as `only()` defers them.
    """

    def __init__(
        self, model: type[Model], aliases: dict[str, str], names: Iterable[str] | None = None
    ) -> None:
        wanted = None if names is None else set(names)
        self.model = model
        self.fields = [
            field
            for field in model._meta.concrete_fields
            if wanted is None
            or field.name in wanted
            or field.attname in wanted
            or field.primary_key
        ]
        self.attnames = [field.attname for field in self.fields]
        self._key = self.attnames.index(model._meta.pk.attname)
        quote = connection.ops.quote_name
        self.sql = ", ".join(
            f"{aliases[field.model._meta.db_table]}.{quote(field.column)}" for field in self.fields
        )
        self._converters = []
        for field in self.fields:
            column = field.get_col(aliases[field.model._meta.db_table])
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                self._converters.append((self.attnames.index(field.attname), column, found))

    def __len__(self) -> int:
        return len(self.fields)

    def instance(self, values: Sequence[Any]) -> Model | None:
        """The instance of these columns' values; None when its key is NULL (an outer join
        found nothing)."""
        values = list(values)
        if values[self._key] is None:
            return None
        for position, column, converters in self._converters:
            for converter in converters:
                values[position] = converter(values[position], column, connection)
        return self.model.from_db(DEFAULT_DB_ALIAS, self.attnames, values)


def instances(row: Sequence[Any], *columns: Columns) -> list[Model | None]:
    """One instance for each of `columns`, from consecutive slices of `row`."""
    found, start = [], 0
    for part in columns:
        found.append(part.instance(row[start : start + len(part)]))
        start += len(part)
    return found


def instances_of(rows: Iterable[Sequence[Any]], columns: Columns) -> list[Model]:
    """The instances of rows holding only `columns`."""
    return [columns.instance(row) for row in rows]


def fetch(sql: str, params: Sequence[Any]) -> list[tuple]:
    """The rows of one query."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def set_prefetched(instance: Model, name: str, objects: list[Model]) -> None:
    """Hand `objects` to `instance.<name>.all()` as `prefetch_related(name)` does, so that
    a later `prefetch_related_objects` of the same name finds it done."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
