"""The search interface and everything both backends share.

A backend only stores the analyzed terms of a document and turns a ParsedQuery into SQL
meaning "these documents match, with this relevance". Documents, filters, recency, ordering,
paging, counting and the candidate cap are written once here, so SQLite FTS5 and PostgreSQL
give the same results for the same query.

Term rows are keyed by a *docno*: the publication time in seconds shifted left by DOCNO_BITS,
with the page id in the low bits. Ordering by docno is ordering by date, so "newest first",
date ranges and the age used for recency are all read from the term table alone, without a
join per match; that keeps a search over a million articles within a few milliseconds.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from itertools import islice
from typing import Any, ClassVar

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from akhbar.search.analysis import Analysis, document_terms
from akhbar.search.models import SearchDocument
from akhbar.search.query import ParsedQuery

logger = logging.getLogger(__name__)

DOCUMENT_TABLE = SearchDocument._meta.db_table
DOCUMENT_COLUMNS = (
    "id",
    "docno",
    "published_ts",
    "section_id",
    "section_title",
    "url",
    "title",
    "body",
)
# 2^20 ids per second of publication time; up to year 10,000 the docno fits in 63 bits.
DOCNO_BITS = 20
DOCNO_SECOND = 1 << DOCNO_BITS


class Sort(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"


class Mode(StrEnum):
    """How the units of a query combine: every one must match, or any one may (and those
    matching every one are ranked first)."""

    ALL = "all"
    ANY = "any"


@dataclass(frozen=True)
class Document:
    """An article as the index sees it: the text to analyze and what a result shows."""

    id: int
    title: str
    body: str
    url: str
    published: datetime
    section_id: int | None = None
    section_title: str = ""
    # Indexed with the body but never shown in a snippet (tags).
    keywords: tuple[str, ...] = ()
    # Terms its caller worked out ahead (the importer's reading process): used when they are
    # of this document's texts.
    ahead: Analysis | None = field(default=None, compare=False, repr=False)

    def analyzed(self) -> tuple[list[str], list[str]]:
        """The title's and the body's terms, bounded the same way for both backends."""
        if self.ahead is not None:
            found = self.ahead.terms_for(self.title, self.body, self.keywords)
            if found is not None:
                return found
        return document_terms(self.title, self.body, self.keywords)


@dataclass(frozen=True)
class TermRow:
    """What a backend stores for one document."""

    docno: int
    section_id: int | None
    title: list[str]
    body: list[str]


@dataclass(frozen=True)
class SearchFilters:
    """Narrowing a search: one section, and a half-open time range [start, end)."""

    section_id: int | None = None
    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True)
class Window:
    """Where matches may come from, in docno terms: one section and docnos in [low, high)."""

    section_id: int | None = None
    low: int | None = None
    high: int | None = None


@dataclass(frozen=True)
class SearchHit:
    """One result: the stored document and its score (0.0 when sorted by date)."""

    id: int
    title: str
    url: str
    published: datetime
    section_id: int | None
    section_title: str
    body: str
    score: float


@dataclass(frozen=True)
class Ranking:
    """The knobs of the ranking formula; docs/search.md explains each and how it was measured.

    score = relevance × phrase × (1 + recency_boost / (1 + age_days / recency_days))

    relevance is the backend's text score (bm25 or ts_rank_cd) with the title weighted
    `title_weight` times the body; phrase is 1 + phrase_boost when the query's unquoted words
    stand together in the document, else 1; recency multiplies by at most 1 + recency_boost,
    for a story published now, fading to half that bonus after `recency_days`.

    A search reaches at most the newest `max_results` matching articles (0: no limit): counts
    stop there, as Elasticsearch's do by default. The relevance ranking reads the newest
    `max_ranked` of them (more for deeper pages), so a word found in a third of a million
    articles costs about as much as a rare one.
    """

    title_weight: float = 4.0
    phrase_boost: float = 0.5
    recency_boost: float = 0.25
    recency_days: float = 30.0
    max_results: int = 5_000
    max_ranked: int = 2_500

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Ranking:
        values = {}
        for name, kind in (
            ("title_weight", float),
            ("phrase_boost", float),
            ("recency_boost", float),
            ("recency_days", float),
            ("max_results", int),
            ("max_ranked", int),
        ):
            if name.upper() in params:
                values[name] = kind(params[name.upper()])
        return cls(**values)


@dataclass(frozen=True)
class MatchSQL:
    """A backend's answer to "which documents match": SQL selecting `id` (the docno) and,
    when ranked, `relevance` (higher is better)."""

    sql: str
    params: list[Any] = field(default_factory=list)


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def to_timestamp(value: datetime) -> int:
    return int(value.timestamp())


def docno(published: datetime, page_id: int) -> int:
    """The term-table key of a document: sorts by publication time, then page id."""
    return (to_timestamp(published) << DOCNO_BITS) | (page_id & (DOCNO_SECOND - 1))


def _placeholders(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values))


class SearchBackend(ABC):
    """Full-text search over SearchDocument plus one backend-specific term table."""

    #: The Django database vendor this backend works with.
    vendor: ClassVar[str]
    #: The backend's term table and its column holding SearchDocument.docno.
    TERM_TABLE: ClassVar[str]
    TERM_KEY: ClassVar[str]

    def __init__(self, params: Mapping[str, Any] | None = None, *, using: str = DEFAULT_DB_ALIAS):
        self.params = dict(params or {})
        self.using = using
        self.ranking = Ranking.from_params(self.params)

    @property
    def connection(self):
        return connections[self.using]

    # Writing ---------------------------------------------------------------------------------

    def index(self, documents: Iterable[Document], *, batch_size: int = 500) -> int:
        """Insert or replace documents; returns how many were written."""
        written = 0
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            for batch in batched(documents, batch_size):
                self._delete(cursor, [document.id for document in batch])
                numbers = self._docnos(cursor, batch)
                cursor.executemany(
                    f"INSERT INTO {DOCUMENT_TABLE} ({', '.join(DOCUMENT_COLUMNS)}) "  # noqa: S608
                    f"VALUES ({_placeholders(DOCUMENT_COLUMNS)})",
                    [
                        (
                            document.id,
                            number,
                            to_timestamp(document.published),
                            document.section_id,
                            document.section_title[:255],
                            document.url[:1000],
                            document.title,
                            document.body,
                        )
                        for document, number in zip(batch, numbers, strict=True)
                    ],
                )
                # In docno order: FTS5 writes a new segment whenever a rowid goes backwards.
                rows = [
                    TermRow(number, document.section_id, *document.analyzed())
                    for document, number in zip(batch, numbers, strict=True)
                ]
                self.insert_terms(cursor, sorted(rows, key=lambda row: row.docno))
                written += len(batch)
        return written

    def delete(self, ids: Iterable[int]) -> None:
        """Remove documents by page id; unknown ids are ignored."""
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            for batch in batched(ids, 500):
                self._delete(cursor, batch)

    def clear(self) -> None:
        """Empty the index (before a rebuild)."""
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            self.clear_terms(cursor)
            cursor.execute(f"DELETE FROM {DOCUMENT_TABLE}")  # noqa: S608

    def drop_orphan_terms(self) -> None:
        """Delete term rows whose document is gone, as `flush` leaves them: it empties only
        the tables of Django models, and the term table is the backend's own."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {self.TERM_TABLE} WHERE {self.TERM_KEY} "  # noqa: S608
                f"NOT IN (SELECT docno FROM {DOCUMENT_TABLE})"
            )

    def optimize(self) -> None:
        """Compact the index after bulk writes (a rebuild); incremental writes never need it."""
        with self.connection.cursor() as cursor:
            self.optimize_terms(cursor)

    def _delete(self, cursor: CursorWrapper, ids: Sequence[int]) -> None:
        if not ids:
            return
        cursor.execute(
            f"SELECT docno FROM {DOCUMENT_TABLE} WHERE id IN ({_placeholders(ids)})",  # noqa: S608
            list(ids),
        )
        numbers = [row[0] for row in cursor.fetchall()]
        if numbers:
            self.delete_terms(cursor, numbers)
            cursor.execute(
                f"DELETE FROM {DOCUMENT_TABLE} WHERE id IN ({_placeholders(ids)})",  # noqa: S608
                list(ids),
            )

    def _docnos(self, cursor: CursorWrapper, batch: Sequence[Document]) -> list[int]:
        """Docnos for a batch; two articles published in the same second with page ids equal
        in their low 20 bits would collide, and the later one moves up by one."""

        def taken(numbers: Sequence[int]) -> set[int]:
            cursor.execute(
                f"SELECT docno FROM {DOCUMENT_TABLE} "  # noqa: S608
                f"WHERE docno IN ({_placeholders(numbers)})",
                list(numbers),
            )
            return {row[0] for row in cursor.fetchall()}

        wanted = [docno(document.published, document.id) for document in batch]
        used = taken(wanted)
        numbers = []
        for number in wanted:
            while number in used:
                number += 1
                used |= taken([number])
            used.add(number)
            numbers.append(number)
        return numbers

    # Reading ---------------------------------------------------------------------------------

    def count(
        self,
        query: ParsedQuery,
        *,
        filters: SearchFilters | None = None,
        mode: Mode = Mode.ALL,
        up_to: int | None = None,
    ) -> int:
        """How many documents match, counting no further than `up_to`; 0 for an empty query.

        With a limit the newest matches are counted first, which FTS5 does by reading its
        lists backwards and stopping there.
        """
        if not query:
            return 0
        match = self.match(query, mode=mode, window=self._window(filters), ranked=False)
        sql, params = f"SELECT COUNT(*) FROM ({match.sql}) m", match.params  # noqa: S608
        if up_to:
            sql = (
                f"SELECT COUNT(*) FROM (SELECT m.id FROM ({match.sql}) m "  # noqa: S608
                "ORDER BY m.id DESC LIMIT %s) c"
            )
            params = [*match.params, up_to]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.fetchone()[0])

    def newest(
        self,
        query: ParsedQuery,
        *,
        filters: SearchFilters | None = None,
        mode: Mode = Mode.ALL,
        limit: int,
    ) -> list[int]:
        """The docnos of the newest `limit` matches, newest first: one backwards pass that
        gives the capped count and where the ranked matches start."""
        if not query:
            return []
        match = self.match(query, mode=mode, window=self._window(filters), ranked=False)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT m.id FROM ({match.sql}) m ORDER BY m.id DESC LIMIT %s",  # noqa: S608
                [*match.params, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def search(
        self,
        query: ParsedQuery,
        *,
        filters: SearchFilters | None = None,
        sort: Sort = Sort.RELEVANCE,
        mode: Mode = Mode.ALL,
        limit: int = 10,
        offset: int = 0,
        now: datetime | None = None,
        floor: int | None = None,
    ) -> list[SearchHit]:
        """One page of matching documents, best (or newest) first; newer first among equals.

        In ANY mode, documents that contain every unit of the query come first whatever the
        sort; the others follow. By relevance, only matches with a docno from `floor` up are
        ranked (0: all); without a floor it is found here from `ranking.max_ranked`.
        """
        if not query or limit <= 0:
            return []
        by_relevance = sort == Sort.RELEVANCE
        window = self._window(filters)
        if by_relevance and floor is None and self.ranking.max_ranked:
            floor = self._floor(query, mode, window, max(self.ranking.max_ranked, offset + limit))
        if by_relevance and floor:
            window = replace(window, low=max(floor, window.low or 0))
        match = self.match(query, mode=mode, window=window, ranked=by_relevance)
        columns = ["m.id AS id"]
        params: list[Any] = []  # in the order of the placeholders: columns, then FROM
        order = []
        if mode == Mode.ANY and len(query.units) > 1:
            every = self.match(query, mode=Mode.ALL, window=window, ranked=False)
            columns.append(f"CASE WHEN m.id IN ({every.sql}) THEN 1 ELSE 0 END AS tier")
            params.extend(every.params)
            order.append("tier DESC")
        if by_relevance:
            score, score_params = self._score(query, window, now or timezone.now())
            columns.append(f"{score} AS score")
            params.extend(score_params)
            order.append("score DESC")
        order.append("id DESC")
        sql = (
            f"SELECT {', '.join(columns)} FROM ({match.sql}) m "  # noqa: S608
            f"ORDER BY {', '.join(order)} LIMIT %s OFFSET %s"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*params, *match.params, int(limit), int(offset)])
            ranked = [(row[0], float(row[-1]) if by_relevance else 0.0) for row in cursor]
            return self._hits(cursor, ranked)

    def _window(self, filters: SearchFilters | None) -> Window:
        filters = filters or SearchFilters()
        return Window(
            section_id=filters.section_id,
            low=to_timestamp(filters.start) << DOCNO_BITS if filters.start else None,
            high=to_timestamp(filters.end) << DOCNO_BITS if filters.end else None,
        )

    def _floor(self, query: ParsedQuery, mode: Mode, window: Window, newest: int) -> int | None:
        """The docno of the `newest`-th newest match; None when there are fewer."""
        match = self.match(query, mode=mode, window=window, ranked=False)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT m.id FROM ({match.sql}) m ORDER BY m.id DESC LIMIT 1 OFFSET %s",  # noqa: S608
                [*match.params, newest - 1],
            )
            row = cursor.fetchone()
        return None if row is None else row[0]

    def _score(self, query: ParsedQuery, window: Window, now: datetime) -> tuple[str, list[Any]]:
        """relevance × phrase bonus × recency, as SQL over `m` (the matches).

        The phrase bonus rewards documents where the reader's unquoted words stand together
        and in order («رئيس الوزراء» over a text with رئيس here and وزراء there). The age comes
        from the docno, so no match needs the document table.
        """
        ranking = self.ranking
        sql = "m.relevance"
        params: list[Any] = []
        if len(query.terms) > 1 and ranking.phrase_boost:
            together = self.match(
                ParsedQuery(phrases=(query.terms,)), mode=Mode.ALL, window=window, ranked=False
            )
            sql += f" * (CASE WHEN m.id IN ({together.sql}) THEN %s ELSE 1.0 END)"
            params.extend([*together.params, 1.0 + ranking.phrase_boost])
        # × (1 + boost × scale / (scale + age)); a date in the future counts as age 0.
        published = f"(m.id / {DOCNO_SECOND})"
        scale = ranking.recency_days * 86400.0
        sql += (
            f" * (1.0 + %s * %s / (%s + CASE WHEN {published} < %s "
            f"THEN %s - {published} ELSE 0 END))"
        )
        now_ts = to_timestamp(now)
        params.extend([ranking.recency_boost, scale, scale, now_ts, now_ts])
        return sql, params

    def _hits(self, cursor: CursorWrapper, ranked: list[tuple[int, float]]) -> list[SearchHit]:
        if not ranked:
            return []
        numbers = [number for number, _ in ranked]
        cursor.execute(
            f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM {DOCUMENT_TABLE} "  # noqa: S608
            f"WHERE docno IN ({_placeholders(numbers)})",
            numbers,
        )
        rows = {row[1]: row for row in cursor.fetchall()}
        return [
            SearchHit(
                id=row[0],
                published=datetime.fromtimestamp(row[2], tz=UTC),
                section_id=row[3],
                section_title=row[4],
                url=row[5],
                title=row[6],
                body=row[7],
                score=score,
            )
            for number, score in ranked
            if (row := rows.get(number))
        ]

    # What each backend provides ----------------------------------------------------------------

    @abstractmethod
    def match(self, query: ParsedQuery, *, mode: Mode, window: Window, ranked: bool) -> MatchSQL:
        """SQL selecting the docno (`id`) of every document in `window` matching `query`, and
        its `relevance` when `ranked`. Every term must reach the database quoted as a term."""

    @abstractmethod
    def insert_terms(self, cursor: CursorWrapper, rows: Sequence[TermRow]) -> None:
        """Store the terms of documents just inserted into the document table."""

    @abstractmethod
    def delete_terms(self, cursor: CursorWrapper, docnos: Sequence[int]) -> None: ...

    @abstractmethod
    def clear_terms(self, cursor: CursorWrapper) -> None: ...

    @abstractmethod
    def optimize_terms(self, cursor: CursorWrapper) -> None:
        """Merge or analyze the term table after many writes."""
