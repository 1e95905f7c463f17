"""SQLite FTS5 over our own analyzed token stream: the embedded default.

The FTS5 table `akhbar_search_fts(title, body, section)` holds space-joined `analyze()`
terms and uses FTS5's `ascii` tokenizer, which splits on ASCII spaces and punctuation only and
keeps every other character as it is: our terms come back out exactly as they went in, with
no second folding or stemming by SQLite. The rowid is the docno, so date ranges are rowid
ranges and "newest first" is FTS5 reading its lists backwards. Relevance is FTS5's bm25 with
the title column weighted.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.backends.utils import CursorWrapper

from akhbar.search.backends.base import MatchSQL, Mode, SearchBackend, TermRow, Window
from akhbar.search.query import ParsedQuery

FTS_TABLE = "akhbar_search_fts"


def fts_string(words: Sequence[str]) -> str:
    """One FTS5 string: a term, or a phrase when there are several. Quotes are doubled, so
    nothing inside can act as FTS5 syntax."""
    return '"' + " ".join(words).replace('"', '""') + '"'


def fts_expression(query: ParsedQuery, mode: Mode) -> str:
    operator = " AND " if mode == Mode.ALL else " OR "
    return operator.join(fts_string(unit) for unit in query.units)


def section_token(section_id: int | None) -> str:
    return "" if section_id is None else f"s{int(section_id)}"


# bm25 reads the whole posting list of every query term to weigh it (its IDF), whatever part
# of the matches is ranked: for «على», in nearly every article, that is most of a search over a
# million. Terms found in more than a quarter of the newest SAMPLE articles weigh little (IDF
# below log 3) and are left out of the ranking, as Lucene's CommonTermsQuery does; they still
# filter the matches. A query made only of such terms ranks title matches first.
SAMPLE = 2000
FREQUENT = 0.25


class SQLiteFTS5Backend(SearchBackend):
    vendor = "sqlite"
    TERM_TABLE = FTS_TABLE
    TERM_KEY = "rowid"

    def match(self, query: ParsedQuery, *, mode: Mode, window: Window, ranked: bool) -> MatchSQL:
        where, params = self._where(fts_expression(query, mode), window)
        if not ranked:
            return MatchSQL(f"SELECT rowid AS id FROM {FTS_TABLE} WHERE {where}", params)  # noqa: S608
        units = self._ranked_units(query) if mode == Mode.ALL else query.units
        if not units:
            # Only very frequent terms: title matches first (recency orders the rest).
            title_where, title_params = self._where(fts_expression(query, mode), window, "title")
            return MatchSQL(
                f"SELECT rowid AS id, CASE WHEN +rowid IN (SELECT rowid FROM {FTS_TABLE} "  # noqa: S608
                f"WHERE {title_where}) THEN %s ELSE 1.0 END AS relevance "
                f"FROM {FTS_TABLE} WHERE {where}",
                [*title_params, self.ranking.title_weight, *params],
            )
        if units != query.units:
            # Rank on the telling terms; keep the exact matches through a subquery that reads
            # only this window.
            rank_where, rank_params = self._where(
                " AND ".join(fts_string(unit) for unit in units), window
            )
            where = f"{rank_where} AND +rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {where})"  # noqa: S608
            params = [*rank_params, *params]
        # bm25() is lower for better matches; negated, higher is better everywhere.
        return MatchSQL(
            f"SELECT rowid AS id, -bm25({FTS_TABLE}, %s, 1.0, 0.0) AS relevance "  # noqa: S608
            f"FROM {FTS_TABLE} WHERE {where}",
            [self.ranking.title_weight, *params],
        )

    @staticmethod
    def _where(
        expression: str, window: Window, columns: str = "title body"
    ) -> tuple[str, list[object]]:
        # Reader terms only ever match titles and bodies, never the section column.
        expression = f"{{{columns}}} : ({expression})"
        if window.section_id is not None:
            expression += f' AND section : "{section_token(window.section_id)}"'
        where = [f"{FTS_TABLE} MATCH %s"]
        params: list[object] = [expression]
        if window.low is not None:
            where.append("rowid >= %s")
            params.append(window.low)
        if window.high is not None:
            where.append("rowid < %s")
            params.append(window.high)
        return " AND ".join(where), params

    def _ranked_units(self, query: ParsedQuery) -> tuple[tuple[str, ...], ...]:
        """The query's units without very frequent terms; a phrase holding one is ranked by
        its other words. Empty when every term is very frequent."""
        frequent = self._frequent({word for unit in query.units for word in unit})
        if not frequent:
            return query.units
        units: list[tuple[str, ...]] = []
        for unit in query.units:
            kept = tuple(word for word in unit if word not in frequent)
            for part in [unit] if len(kept) == len(unit) else [(word,) for word in kept]:
                if part not in units:
                    units.append(part)
        return tuple(units)

    def _frequent(self, words: set[str]) -> set[str]:
        """The words found in more than FREQUENT of the newest SAMPLE articles."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT docno FROM akhbar_search_document ORDER BY docno DESC LIMIT 1 OFFSET %s",
                [SAMPLE - 1],
            )
            row = cursor.fetchone()
            if row is None:
                return {}
            found = set()
            for word in sorted(words):
                cursor.execute(
                    f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid >= %s",  # noqa: S608
                    [f"{{title body}} : {fts_string([word])}", row[0]],
                )
                if cursor.fetchone()[0] > SAMPLE * FREQUENT:
                    found.add(word)
            return found

    def insert_terms(self, cursor: CursorWrapper, rows: Sequence[TermRow]) -> None:
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, body, section) VALUES (%s, %s, %s, %s)",  # noqa: S608
            [
                (row.docno, " ".join(row.title), " ".join(row.body), section_token(row.section_id))
                for row in rows
            ],
        )

    def delete_terms(self, cursor: CursorWrapper, docnos: Sequence[int]) -> None:
        placeholders = ", ".join(["%s"] * len(docnos))
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})", list(docnos))  # noqa: S608

    def clear_terms(self, cursor: CursorWrapper) -> None:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608

    def optimize_terms(self, cursor: CursorWrapper) -> None:
        # Merge FTS5's b-tree segments into one: fewer segments to read per term.
        cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")  # noqa: S608
