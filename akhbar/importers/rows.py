"""The rows a bulk import writes, built directly instead of through Wagtail's generic walks.

`insert` writes many rows with one prepared statement.  `revision_content` and
`reference_rows` give, for a new imported article, what `page.serializable_data()` and
`ReferenceIndex.create_or_update_for_object()` would: their generic walks over every field
and block cost more than the rest of the article's writing.  tests/importers compare both
with Wagtail's own output.  `unsaved` builds the instances those rows come from without
Django's keyword handling, `select_in` reads the new rows' ids back, and `EncodedStream` is
a body whose JSON text the import's reading process already made.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from enum import Enum
from functools import cache
from typing import Any, NamedTuple, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import DateField, DateTimeField, Field, JSONField, Model
from modelcluster.models import get_all_child_relations, get_field_value
from taggit.models import Tag
from wagtail.blocks import StreamBlock, StreamValue
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

from akhbar.news.models import ArticlePage, Author

M = TypeVar("M", bound=Model)


def insert(
    model: type[Model],
    rows: Sequence[Model | dict[str, Any]],
    *,
    local: bool = False,
    ignore_conflicts: bool = False,
) -> None:
    """INSERT rows with one prepared statement run for each (executemany).

    bulk_create builds one large statement value by value, which costs more than the
    database's work at this scale, and refuses multi-table inheritance; `local` writes only
    the model's own table (ArticlePage's columns, once the Page rows exist).  Rows are model
    instances, or dicts by attname for rows nobody reads back as objects (log entries,
    references), which spares a model instance each.  Ids are not returned: callers read
    them back by a unique key.
    """
    if not rows:
        return
    opts = model._meta
    columns = _columns(model, local=local)
    # The connection itself: the `connection` proxy costs a thread-local look-up per use.
    database = connections[DEFAULT_DB_ALIAS]
    # A batch repeats a few instants (publication, revision, now) across rows and columns.
    instants: dict[datetime, Any] = {}
    values = []
    for row in rows:
        if isinstance(row, dict):
            # The default only when missing: get_default() costs more than the row's value.
            raw = [
                row[column.attname] if column.attname in row else column.field.get_default()
                for column in columns
            ]
        else:
            raw = [
                getattr(row, column.attname) if column.read else column.field.pre_save(row, True)
                for column in columns
            ]
        values.append(
            [
                value
                if value is None or (column.plain and type(value) in _PLAIN)
                else _db_value(column.field, value, database, instants)
                for value, column in zip(raw, columns, strict=True)
            ]
        )
    quote = database.ops.quote_name
    names = ", ".join(quote(column.field.column) for column in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    # The same words in SQLite and PostgreSQL.
    conflicts = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    with database.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(opts.db_table)} ({names}) VALUES ({placeholders}){conflicts}",  # noqa: S608
            values,
        )


class _Column(NamedTuple):
    field: Field
    attname: str
    read: bool  # pre_save() would only read the attribute
    plain: bool  # None, bool, int and str go to the driver as they are


@cache
def _columns(model: type[Model], *, local: bool) -> tuple[_Column, ...]:
    """The columns `insert` writes, with what preparing each one's values takes."""
    opts = model._meta
    return tuple(
        _Column(
            field,
            field.attname,
            _reads_attribute(field),
            # Django's preparation returns these unchanged, except in a JSON field.
            field.get_internal_type() != "JSONField",
        )
        for field in (opts.local_concrete_fields if local else opts.concrete_fields)
        if not field.db_returning
    )


def _reads_attribute(field: Field) -> bool:
    """Whether `field.pre_save(instance, add=True)` is the attribute as it is: for all but
    dates set to now on saving, files and the like."""
    pre_save = type(field).pre_save
    if pre_save is Field.pre_save:
        return True
    return (
        pre_save in (DateField.pre_save, DateTimeField.pre_save)
        and not field.auto_now
        and not field.auto_now_add
    )


def unsaved(model: type[M], values: dict[str, Any]) -> M:
    """`model(**values)` (by attname), built positionally as Django builds the rows it loads
    (`Model.from_db`): the keyword handling was half of what an article page's constructor
    costs.  Fields not given get their defaults."""
    instance = model(
        *[
            values[attname]
            if attname in values
            else (fresh_default() if fresh_default else default)
            for attname, default, fresh_default in _defaults(model)
        ]
    )
    if "show_in_menus" in values:
        # Page's constructor sets it to the model's default when it is not a keyword.
        instance.show_in_menus = values["show_in_menus"]
    return instance


@cache
def _defaults(model: type[Model]) -> tuple[tuple[str, Any, Callable[[], Any] | None], ...]:
    """Each concrete field's attname and default: computed once, or by the field each time
    when it is a callable (a new uuid4 ...)."""
    return tuple(
        (field.attname, None, field.get_default)
        if field.has_default() and callable(field.default)
        else (field.attname, field.get_default(), None)
        for field in model._meta.concrete_fields
    )


def select_in(
    model: type[Model], columns: Sequence[str], key: str, values: Sequence[Any], **equal: Any
) -> list[tuple[Any, ...]]:
    """`model.objects.filter(<key>__in=values, **equal).values_list(*columns)` as one plain
    statement per chunk of values, for reading back the ids of rows `insert` wrote.

    The ORM prepares each value of an IN list through its lookup machinery, which for a
    batch's paths and ids cost more than the query; these are ints and strs, which the
    driver takes as they are.  Names are attnames (`page_id`) or field names.
    """
    opts = model._meta
    database = connections[DEFAULT_DB_ALIAS]
    quote = database.ops.quote_name

    def column(name: str) -> str:
        return quote(opts.get_field(name).column)

    selected = ", ".join(map(column, columns))
    conditions = "".join(f" AND {column(name)} = %s" for name in equal)
    rows: list[tuple[Any, ...]] = []
    with database.cursor() as cursor:
        for start in range(0, len(values), _VALUES_PER_SELECT):
            chunk = values[start : start + _VALUES_PER_SELECT]
            cursor.execute(
                f"SELECT {selected} FROM {quote(opts.db_table)}"  # noqa: S608 - names quoted
                f" WHERE {column(key)} IN ({', '.join(['%s'] * len(chunk))}){conditions}",
                [*chunk, *equal.values()],
            )
            rows.extend(cursor.fetchall())
    return rows


# Under SQLite's oldest limit on a statement's parameters (999).
_VALUES_PER_SELECT = 900


def _db_value(
    field: Field, value: Any, database: BaseDatabaseWrapper, instants: dict[datetime, Any]
) -> Any:
    """What the driver gets for a value `insert` does not pass as it is: Django's
    preparation, a date and time once per instant (`instants`: equal instants give equal
    text)."""
    if type(value) is datetime and field.get_internal_type() == "DateTimeField":
        if value not in instants:
            instants[value] = field.get_db_prep_save(value, database)
        return instants[value]
    if database.vendor == "sqlite" and field.get_internal_type() == "JSONField":
        # SQLite stores JSON as text: Arabic as UTF-8 rather than Django's \uXXXX escapes is a
        # third of the bytes for every body and revision, and reads back the same.
        return json_text_of(field, value)
    return field.get_db_prep_save(value, database)


@cache
def _encoder(field: Field) -> type[json.JSONEncoder] | None:
    """A JSON field's encoder; StreamField builds a new JSONField to name it on each call."""
    return field.encoder if isinstance(field, JSONField) else field.json_field.encoder


_PLAIN = frozenset({bool, int, str})


def reference_rows(page: ArticlePage) -> Iterator[dict[str, Any]]:
    """The rows `ReferenceIndex.create_or_update_for_object` writes for a new imported article.

    Its generic walk over every field and block costs about 1 ms an article; an imported one
    can only reference its tags, authors, lead image, body images and read-also targets, so
    they are listed directly.  tests/importers compare the two on an article with all of them.
    """
    types = ContentType.objects.get_for_models(Page, ArticlePage, Tag, Author, get_image_model())
    base = {
        "content_type_id": types[ArticlePage].pk,
        "base_content_type_id": types[Page].pk,
        "object_id": str(page.pk),
    }
    found = [
        *(
            (Tag, link.tag_id, "tagged_items.item.tag", f"tagged_items.{link.pk}.tag")
            for link in page.tagged_items.all()
        ),
        *(
            (
                Author,
                link.author_id,
                "article_authors.item.author",
                f"article_authors.{link.pk}.author",
            )
            for link in page.article_authors.all()
        ),
    ]
    if page.lead_image_id:
        found.append((get_image_model(), page.lead_image_id, "lead_image", "lead_image"))
    for block in page.body.raw_data:
        value = block["value"]
        if block["type"] == "image":
            found.append(
                (get_image_model(), value["image"], "body.image.image", f"body.{block['id']}.image")
            )
        elif block["type"] == "read_also":
            found.append(
                (Page, value["article"], "body.read_also.article", f"body.{block['id']}.article")
            )
    for model, target, model_path, content_path in found:
        yield {
            **base,
            "to_content_type_id": types[model].pk,
            "to_object_id": str(target),
            "model_path": model_path,
            "content_path": content_path,
            "content_path_hash": ReferenceIndex._get_content_path_hash(content_path),
        }


def revision_content(page: ArticlePage) -> dict[str, Any]:
    """`page.serializable_data()` for a new article whose tags and authors are in memory.

    modelcluster's walk asks every field for its value through `pre_save` and a string
    conversion (1,300 calls an article); here only the few kinds of value an article holds are
    told apart.  The body is JSON text, as Wagtail keeps it in revisions, but with Arabic as
    UTF-8 rather than `\\uXXXX` escapes, which made the revision three times the article.
    """
    data = _fields_data(page)
    for relation in get_all_child_relations(page):
        name = relation.get_accessor_name()
        data[name] = [_fields_data(child) for child in getattr(page, name).all()]
    return data


def json_text_of(field: JSONField | StreamField, value: Any) -> str:
    """A JSON or StreamField value as JSON text, with Arabic as UTF-8 (as an article row on
    SQLite and every revision hold a body)."""
    if isinstance(value, EncodedStream):
        return value.json_text
    return json.dumps(field.get_prep_value(value), cls=_encoder(field), ensure_ascii=False)


class EncodedStream(StreamValue):
    """A new article's body whose JSON text (`json_text_of`) was worked out ahead, by the
    import's reading process: `insert` on SQLite and `revision_content` write that text
    instead of encoding the blocks again.  Not to be changed once made."""

    def __init__(self, stream_block: StreamBlock, raw_data: list[dict], json_text: str) -> None:
        super().__init__(stream_block, raw_data, is_lazy=True)
        self.json_text = json_text


def _fields_data(instance: Model) -> dict[str, Any]:
    """modelcluster's `get_serializable_data_for_fields`, fast for the common values."""
    data: dict[str, Any] = {"pk": instance.pk}
    for field, name, attname, kind in _serialized_fields(type(instance)):
        value = getattr(instance, attname)
        if kind is _Kind.STREAM:
            data[name] = json_text_of(field, value)
        elif kind is _Kind.KEY or value is None or type(value) in _PLAIN:
            data[name] = value
        elif type(value) is datetime and value.tzinfo is not None:
            data[name] = value.astimezone(UTC)
        else:
            data[name] = get_field_value(field, instance)
    return data


class _Kind(Enum):
    STREAM = "a StreamField: JSON text"
    KEY = "a relation: its id"
    VALUE = "any other value"


@cache
def _serialized_fields(model: type[Model]) -> tuple[tuple[Field, str, str, _Kind], ...]:
    """The fields modelcluster serializes, with what kind of value each holds."""
    return tuple(
        (
            field,
            field.name,
            field.attname,
            _Kind.STREAM
            if isinstance(field, StreamField)
            else _Kind.KEY
            if field.remote_field is not None
            else _Kind.VALUE,
        )
        for field in model._meta.fields
        if field.serialize
    )
