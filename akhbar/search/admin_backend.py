"""The Wagtail admin's search (WAGTAILSEARCH_BACKENDS) with Arabic spelling folded and words
stemmed.

Wagtail's database backend (the `modelsearch` package) indexes and matches text as typed,
so an editor searching for احمد never finds «أحمد» and tashkeel hides a title completely.
This is that backend for the current database engine with one change: every query is
searched as typed, OR folded by `akhbar.arabic.normalize`, OR as the terms of
`akhbar.arabic.analyze` (clitics and plurals: المدارس finds «مدرسة»).  ArticlePage indexes
its title in both forms as well (`search_title`, `title_terms`), so articles are found
whatever their spelling, while the query as typed still finds every other page, image and
snippet by its own spelling.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from modelsearch.backends.base import BaseSearchBackend, BaseSearchQueryCompiler
from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText, SearchQuery

from akhbar.arabic import analyze, normalize


def _terms(text: str) -> str:
    return " ".join(analyze(text))


def rewritten(query: SearchQuery, text: Callable[[str], str]) -> SearchQuery:
    """The same query with `text` applied to its text; queries without text come back
    unchanged."""
    if isinstance(query, PlainText):
        return PlainText(text(query.query_string), operator=query.operator, boost=query.boost)
    if isinstance(query, Phrase):
        return Phrase(text(query.query_string))
    if isinstance(query, And | Or):
        return type(query)([rewritten(subquery, text) for subquery in query.subqueries])
    if isinstance(query, Not):
        return Not(rewritten(query.subquery, text))
    if isinstance(query, Boost):
        return Boost(rewritten(query.subquery, text), query.boost)
    return query


def in_every_form(query: SearchQuery) -> SearchQuery:
    """`query | folded | analyzed`, leaving out a form that changes nothing or empties a text
    (a query of stop words only): just `query` when neither is left."""
    forms = {repr(query): query}
    for text in (normalize, _terms):
        alternative = rewritten(query, text)
        if not _has_empty_text(alternative):
            forms.setdefault(repr(alternative), alternative)
    return Or(list(forms.values())) if len(forms) > 1 else query


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
            self.query = in_every_form(self.query)

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
