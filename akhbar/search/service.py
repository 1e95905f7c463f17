"""What the search page and the API share: reading parameters and running the search.

Request parameters are read leniently: an unknown section, a date that does not parse or a
sort that does not exist is ignored, never an error. The search itself asks for every word
and, when fewer than FILL articles have them all, goes on with articles that have some of
them (see docs/search.md for why).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from functools import cached_property

from django.utils import timezone
from django.utils.safestring import SafeString

from akhbar.arabic import normalize, to_digits
from akhbar.news.models import SectionPage
from akhbar.search.backends import get_backend
from akhbar.search.backends.base import Mode, SearchBackend, SearchFilters, SearchHit, Sort
from akhbar.search.highlight import highlight, snippet
from akhbar.search.query import ParsedQuery, clean_text, parse_query


@dataclass(frozen=True)
class SearchRequest:
    """A search as the reader asked for it, with everything unusable already dropped."""

    query: ParsedQuery = field(default_factory=ParsedQuery)
    section: SectionPage | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: Sort = Sort.RELEVANCE
    time_zone: tzinfo | None = None

    @property
    def filters(self) -> SearchFilters:
        zone = self.time_zone or timezone.get_current_timezone()
        start = datetime.combine(self.date_from, time.min, zone) if self.date_from else None
        end = None
        if self.date_to and self.date_to < date.max:
            end = datetime.combine(self.date_to + timedelta(days=1), time.min, zone)
        return SearchFilters(
            section_id=self.section.pk if self.section else None, start=start, end=end
        )


def parse_date(value: object) -> date | None:
    """`2026-01-12` (any digits, e.g. ٢٠٢٦-٠١-١٢) as a date; anything else is None."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(to_digits(clean_text(value, limit=32), "western"))
    except ValueError:
        return None


def find_section(value: object) -> SectionPage | None:
    """A live section by id, slug or title (spelling-insensitive); None when none matches."""
    text = clean_text(value, limit=255) if isinstance(value, str) else ""
    if not text:
        return None
    sections = list(SectionPage.objects.live().order_by("path"))
    for section in sections:
        if text in (str(section.pk), section.slug):
            return section
    wanted = normalize(text)
    return next((s for s in sections if normalize(s.title) == wanted), None)


def parse_request(
    *,
    q: object = "",
    section: object = "",
    date_from: object = "",
    date_to: object = "",
    sort: object = "",
    time_zone: tzinfo | None = None,
) -> SearchRequest:
    """Build a SearchRequest from raw parameters; never raises."""
    start, end = parse_date(date_from), parse_date(date_to)
    if start and end and start > end:
        start, end = end, start
    return SearchRequest(
        query=parse_query(q),
        section=find_section(section),
        date_from=start,
        date_to=end,
        sort=Sort.NEWEST if sort == Sort.NEWEST else Sort.RELEVANCE,
        time_zone=time_zone,
    )


@dataclass(frozen=True)
class Result:
    """A hit ready to show: its title and snippet with the matched words marked."""

    hit: SearchHit
    title_html: SafeString
    snippet_html: SafeString


# Fewer articles than this with every word: fill up with articles that have some of them.
FILL = 10


class SearchResults:
    """The matches of a request as a lazy sequence: Django's Paginator (or an offset and
    limit) slices it, and each slice is one database query.

    Articles must contain every word and phrase of the query. When fewer than FILL do, the
    results go on with articles containing some of them, so a long query with one word too
    many still finds what it is about; the complete matches stay on top.
    """

    def __init__(
        self,
        request: SearchRequest,
        *,
        backend: SearchBackend | None = None,
        now: datetime | None = None,
    ):
        self.request = request
        self.backend = backend or get_backend()
        self.now = now or timezone.now()

    def _scan(self, mode: Mode) -> tuple[int, list[int]]:
        """(count, docnos of the newest matches) in one pass; all docnos up to max_results."""
        query, filters = self.request.query, self.request.filters
        limit = self.backend.ranking.max_results
        if not limit:
            return self.backend.count(query, filters=filters, mode=mode), []
        newest = self.backend.newest(query, filters=filters, mode=mode, limit=limit)
        return len(newest), newest

    @cached_property
    def _counted(self) -> tuple[Mode, int, int, list[int]]:
        if not self.request.query:
            return Mode.ALL, 0, 0, []
        every, newest = self._scan(Mode.ALL)
        if every >= FILL or len(self.request.query.units) < 2:
            return Mode.ALL, every, every, newest
        some, newest = self._scan(Mode.ANY)
        return Mode.ANY, every, some, newest

    def _floor(self, stop: int) -> int:
        """Where the ranked matches start (see Ranking.max_ranked), from the counting pass;
        0 ranks them all."""
        newest, ranked = self._counted[3], self.backend.ranking.max_ranked
        if not ranked or len(newest) < ranked:
            return 0
        return newest[min(len(newest), max(ranked, stop)) - 1]

    @property
    def mode(self) -> Mode:
        """ALL when enough articles have every word; otherwise ANY, all-word matches first."""
        return self._counted[0]

    @property
    def complete(self) -> int:
        """How many of the results contain every word (and phrase) of the query."""
        return self._counted[1]

    def count(self) -> int:
        """Matching articles, counted up to the backend's `max_results` (see `capped`)."""
        return self._counted[2]

    @property
    def capped(self) -> bool:
        """True when there are at least `max_results` matches: the count is a lower bound."""
        limit = self.backend.ranking.max_results
        return bool(limit) and self.count() >= limit

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[Result]:
        if not isinstance(key, slice):
            raise TypeError("SearchResults can only be sliced.")
        offset = max(0, key.start or 0)
        stop = self.count() if key.stop is None else key.stop
        if stop <= offset or not self.count():
            return []
        hits = self.backend.search(
            self.request.query,
            filters=self.request.filters,
            sort=self.request.sort,
            mode=self.mode,
            limit=stop - offset,
            offset=offset,
            now=self.now,
            floor=self._floor(stop) if self.request.sort == Sort.RELEVANCE else None,
        )
        stems = self.request.query.stems
        return [Result(hit, highlight(hit.title, stems), snippet(hit.body, stems)) for hit in hits]
