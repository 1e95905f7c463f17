"""The Wagtail admin's search (WAGTAILSEARCH_BACKENDS) with Arabic spelling folded.

Wagtail's database backend (the `modelsearch` package) indexes and matches text as typed,
so an editor searching for احمد never finds «أحمد» and tashkeel hides a title completely.
This is that backend for the current database engine with one change: every query is
searched as typed OR folded by `akhbar.arabic.normalize`. ArticlePage indexes its folded
title as well (`search_title`), so the folded query finds articles whatever their spelling,
while the query as typed still finds every other page, image and snippet by its own spelling.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from modelsearch.backends.base import BaseSearchBackend, BaseSearchQueryCompiler
from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText, SearchQuery

from akhbar.arabic import normalize


def folded(query: SearchQuery) -> SearchQuery:
    """The same query with its text normalized; queries without text come back unchanged."""
    if isinstance(query, PlainText):
        return PlainText(normalize(query.query_string), operator=query.operator, boost=query.boost)
    if isinstance(query, Phrase):
        return Phrase(normalize(query.query_string))
    if isinstance(query, And | Or):
        return type(query)([folded(subquery) for subquery in query.subqueries])
    if isinstance(query, Not):
        return Not(folded(query.subquery))
    if isinstance(query, Boost):
        return Boost(folded(query.subquery), query.boost)
    return query


def as_typed_or_folded(query: SearchQuery) -> SearchQuery:
    """`query | folded(query)`, or just `query` when folding changes nothing or empties it."""
    alternative = folded(query)
    if repr(alternative) == repr(query) or _has_empty_text(alternative):
        return query
    return Or([query, alternative])


def _has_empty_text(query: SearchQuery) -> bool:
    if isinstance(query, PlainText | Phrase):
        return not query.query_string.strip()
    if isinstance(query, And | Or):
        return any(_has_empty_text(subquery) for subquery in query.subqueries)
    if isinstance(query, Not | Boost):
        return _has_empty_text(query.subquery)
    return False


@cache
def _folding(compiler_class: type[BaseSearchQueryCompiler]) -> type[BaseSearchQueryCompiler]:
    class FoldingCompiler(compiler_class):  # type: ignore[valid-type, misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)  # turns a str query into PlainText
            self.query = as_typed_or_folded(self.query)

    FoldingCompiler.__name__ = FoldingCompiler.__qualname__ = f"Arabic{compiler_class.__name__}"
    return FoldingCompiler


def SearchBackend(params: dict[str, Any]) -> BaseSearchBackend:
    """Wagtail's database backend for this engine, with query folding (see module doc).

    A function with a class's name because Wagtail loads `<module>.SearchBackend(params)`.
    """
    backend = database_backend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":
        # Imported only then: the module reads modelsearch's SQLite-only models.
        from akhbar.search.admin_sqlite import OnePassSQLiteIndex

        backend.index_class = OnePassSQLiteIndex
    backend.query_compiler_class = _folding(backend.query_compiler_class)
    if backend.autocomplete_query_compiler_class is not None:
        backend.autocomplete_query_compiler_class = _folding(
            backend.autocomplete_query_compiler_class
        )
    return backend
