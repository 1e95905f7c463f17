"""PostgreSQL full-text search over our own analyzed token stream.

`akhbar_search_vector(document_id, vector tsvector)` with a GIN index. The tsvector is written
as a literal from the `analyze()` terms, with the positions and weights we assign (title A,
body B) — the same lexemes `to_tsvector('simple', ...)` gives for our terms, without handing
them to PostgreSQL's parser, whose idea of a word differs from ours at the edges (digits
glued to letters, rare scripts). Queries are tsquery literals of quoted lexemes: `&`/`|`
between units, `<->` inside phrases. Relevance is ts_rank_cd with the title weighted.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.backends.utils import CursorWrapper

from akhbar.search.backends.base import MatchSQL, Mode, SearchBackend, TermRow, Window
from akhbar.search.query import ParsedQuery

VECTOR_TABLE = "akhbar_search_vector"
BODY_WEIGHT = 0.25
# PostgreSQL stores positions up to 16,383 and at most 256 per lexeme; analysis.py bounds
# titles and bodies so that positions stay below the first limit.
MAX_POSITIONS = 256


def lexeme(word: str) -> str:
    """A quoted tsvector/tsquery lexeme; quotes and backslashes are escaped."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(title: Sequence[str], body: Sequence[str]) -> str:
    """`'term':1A,4A 'other':2A,9` — title at positions 1.., then a gap, then the body, so
    that a phrase never runs from the end of the title into the body (as in FTS5's columns)."""
    positions: dict[str, list[str]] = {}
    for position, word in enumerate(title, start=1):
        positions.setdefault(word, []).append(f"{position}A")
    for position, word in enumerate(body, start=len(title) + 2):
        positions.setdefault(word, []).append(f"{position}B")
    return " ".join(
        f"{lexeme(word)}:{','.join(places[:MAX_POSITIONS])}" for word, places in positions.items()
    )


def tsquery_literal(query: ParsedQuery, mode: Mode) -> str:
    operator = " & " if mode == Mode.ALL else " | "
    return operator.join(
        "(" + " <-> ".join(lexeme(word) for word in unit) + ")" for unit in query.units
    )


class PostgresBackend(SearchBackend):
    vendor = "postgresql"
    TERM_TABLE = VECTOR_TABLE
    TERM_KEY = "docno"

    def match(self, query: ParsedQuery, *, mode: Mode, window: Window, ranked: bool) -> MatchSQL:
        tsquery = tsquery_literal(query, mode)
        where = ["vector @@ CAST(%s AS tsquery)"]
        params: list[object] = [tsquery]
        for condition, value in (
            ("section_id = %s", window.section_id),
            ("docno >= %s", window.low),
            ("docno < %s", window.high),
        ):
            if value is not None:
                where.append(condition)
                params.append(value)
        select = "docno AS id"
        if ranked:
            # Weights are {D, C, B, A}; normalization 1 divides by 1 + log(length), as bm25
            # discounts long documents.
            weights = f"{{0.1, 0.1, {BODY_WEIGHT}, {BODY_WEIGHT * self.ranking.title_weight}}}"
            select += (
                ", ts_rank_cd(CAST(%s AS real[]), vector, CAST(%s AS tsquery), 1) AS relevance"
            )
            params[:0] = [weights, tsquery]
        return MatchSQL(f"SELECT {select} FROM {VECTOR_TABLE} WHERE {' AND '.join(where)}", params)  # noqa: S608

    def insert_terms(self, cursor: CursorWrapper, rows: Sequence[TermRow]) -> None:
        cursor.executemany(
            f"INSERT INTO {VECTOR_TABLE} (docno, section_id, vector) "  # noqa: S608
            "VALUES (%s, %s, CAST(%s AS tsvector))",
            [(row.docno, row.section_id, tsvector_literal(row.title, row.body)) for row in rows],
        )

    def delete_terms(self, cursor: CursorWrapper, docnos: Sequence[int]) -> None:
        cursor.execute(f"DELETE FROM {VECTOR_TABLE} WHERE docno = ANY(%s)", [list(docnos)])  # noqa: S608

    def clear_terms(self, cursor: CursorWrapper) -> None:
        cursor.execute(f"TRUNCATE {VECTOR_TABLE}")

    def optimize_terms(self, cursor: CursorWrapper) -> None:
        # Fresh statistics, so the planner knows how selective the GIN index is.
        cursor.execute(f"ANALYZE {VECTOR_TABLE}, akhbar_search_document")
