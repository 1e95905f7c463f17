"""The one pipeline every source feeds: records in, Wagtail pages out, a report back.

New articles are written in bulk, a batch at a time, as the same rows Wagtail's own
`add_child()` + `save_revision().publish()` writes (page, revision, log entries, tags,
authors), followed by the search and reference indexing and the `page_published` signal
those calls would have triggered.  The per-article Wagtail path costs about 140 ms here
(treebeard look-ups, three saves, index tasks after each save), hours for a 100,000-article
migration; see docs/importing.md for the measurements.  Changed articles go through
Wagtail's revision and publish API, which is slower but rare.

Each batch is one transaction: a crash never leaves half an article, and a re-run skips what
the committed batches already imported (ImportedItem remembers each item's page and digest).
What needs no database (reading the source, cleaning bodies, digests, fingerprints) is done
by akhbar.importers.prepare, by default in a child process one batch ahead of the writing.
"""

from __future__ import annotations

import logging
import uuid
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from modelsearch.backends import get_search_backends_with_name
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import (
    COMMENTS_RELATION_NAME,
    Page,
    PageLogEntry,
    ReferenceIndex,
    Revision,
    Site,
)
from wagtail.signals import page_published

from akhbar.arabic import normalize, slugify_ar
from akhbar.core.models import HomePage, SiteSettings, StandardPage
from akhbar.importers import fingerprint
from akhbar.importers.bands import Alike, store_missing_keys
from akhbar.importers.collection import BatchCollector
from akhbar.importers.html import (
    ParsedBody,
    ReadAlso,
    StreamData,
    link_pages,
    parse_body,
    rich_text,
    searchable_text,
    stream_data,
)
from akhbar.importers.images import ImageRefused, import_image
from akhbar.importers.links import host_names, old_site_path
from akhbar.importers.models import ImportedItem, NearDuplicateKey
from akhbar.importers.prepare import Ahead, Prepared, prepared_batches, prepared_body
from akhbar.importers.records import (
    ArticleRecord,
    BodyFormat,
    Failure,
    Ignored,
    ImageRef,
    ImportReport,
    InvalidRecord,
    Kind,
    SectionRef,
    Status,
)
from akhbar.importers.rows import (
    EncodedStream,
    insert,
    json_text_of,
    reference_rows,
    revision_content,
    select_in,
    unsaved,
)
from akhbar.news.models import ArticleAuthor, ArticlePage, ArticleTag, Author, SectionPage
from akhbar.news.paths import quote_path
from akhbar.publishing import signals as publishing
from akhbar.publishing.invalidation import ArticleState, page_path
from akhbar.publishing.models import ArticleSnapshot
from akhbar.search import indexing as search_indexing

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Enough to show what went wrong without holding every failure of a broken file in memory.
MAX_FAILURES_KEPT = 1000
# New and changed articles handed to akhbar.publishing together: the lists, feeds and
# neighbours they affect are worked out once for all of them rather than once a batch.
PUBLISH_EVERY = 5000
# New and changed items whose near-duplicate keys are stored together (bands.py), while the
# reading process works: stored at the end of the run, they took 12 s with nothing else to
# do (docs/importing.md, "Twelfth pass").
KEYS_STORED_EVERY = 10_000
_MAX_SLUG = 200


@dataclass(frozen=True)
class ImportOptions:
    """How to run an import; `source` names the guid namespace ("jsonl", "blogger" ...)."""

    source: str
    dry_run: bool = False
    batch_size: int = 0
    section_map: Mapping[str, str] = field(default_factory=dict)
    # What the source knows of the old site (see Source): its host names, its tag and
    # section listing addresses, and where its images are on this machine.
    old_hosts: frozenset[str] = frozenset()
    tag_paths: tuple[str, ...] = ()
    section_paths: tuple[str, ...] = ()
    local_image: Callable[[str], Path | None] | None = None
    # Child processes that read and prepare records (akhbar.importers.prepare); 0: in-process.
    workers: int = 0


class ImportSiteError(Exception):
    """The site has no home page to import under."""


def import_site() -> Site:
    """The default site, whose HomePage new sections go under."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None or not isinstance(site.root_page.specific, HomePage):
        raise ImportSiteError("The default site has no HomePage at its root; run `akhbar migrate`.")
    return site


def site_time_zone(site: Site) -> ZoneInfo:
    """The zone naive source dates are read in: the site's own setting."""
    return ZoneInfo(SiteSettings.for_site(site).time_zone or settings.TIME_ZONE)


def run_import(
    items: Iterable[ArticleRecord | Failure | Ignored],
    options: ImportOptions,
    *,
    site: Site | None = None,
    progress: Callable[[ImportReport, int], None] | None = None,
    position: Callable[[], int] | None = None,
) -> ImportReport:
    """Import records (and count the failures a source already found) batch by batch.

    After each batch `progress` gets the report so far and how far the source had read
    (`position()`, asked where the records are read: in the reading process, if any).
    """
    with _page_cache(settings.AKHBAR_IMPORT_CACHE_MB), _collection(options) as batch_done:
        importer = _Importer(options, site or import_site())
        return importer.run(items, progress, position, batch_done=batch_done)


@contextmanager
def _collection(options: ImportOptions) -> Iterator[Callable[[], None]]:
    """What to call after each batch: garbage collection by batch (BatchCollector) for a
    run with a reading process, a bulk one; nothing for one in-process, such as the API's
    single article in a web server's thread, where the process's collector is not the
    import's to change."""
    if options.workers == 0:
        yield lambda: None
        return
    with BatchCollector() as collector:
        yield collector.batch_done


@contextmanager
def _page_cache(megabytes: int) -> Iterator[None]:
    """On SQLite, keep `megabytes` of the database in memory while importing.

    SQLite's default is 2 MB.  Each batch inserts into a dozen indexes (tree paths, search
    terms, near-duplicate keys ...) spread over the whole file, and with 2 MB it read most of
    their pages back from the operating system on every batch.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-1024 * int(megabytes)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


class _Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    SKIP = "skip"


@dataclass
class _Item:
    """A record on its way through one batch."""

    record: ArticleRecord
    parsed: ParsedBody | None  # None until cleaned (see Prepared)
    content_hash: str
    signature: bytes | None = None  # None: not fingerprinted (see Prepared)
    band_keys: tuple[int, ...] = ()
    ahead: Ahead | None = None
    run_position: int | None = None
    alike: Alike = ()
    action: _Action = _Action.CREATE
    page_id: int | None = None
    imported_id: int | None = None
    # A near-duplicate of an item of the same batch that is being created: updates its page.
    twin_of: _Item | None = None
    # Matched by wording, not identity: the story stays in the section it is in here.
    keeps_section: bool = False
    remote_images: int = 0
    images_imported: int = 0
    image_problems: list[Failure] = field(default_factory=list)
    links_rewritten: int = 0
    old_links: int = 0  # links to the old site not (yet) pointing at a page here

    def reset(self) -> None:
        """Forget what a rolled-back attempt did."""
        self.remote_images = self.images_imported = self.links_rewritten = self.old_links = 0
        self.image_problems = []
        if self.action is _Action.CREATE or self.twin_of is not None:
            self.page_id = None


@dataclass
class _New:
    """A record that becomes a new article, with what it links to."""

    item: _Item
    section: SectionPage
    tag_ids: list[int]
    author_ids: list[int]


class _Names:
    """Tags or authors by normalized name, so «أحمد» and «احمد» are one author."""

    def __init__(self, model: type[Tag] | type[Author], *, created: int = 0) -> None:
        self.model = model
        self.known = {normalize(name): pk for pk, name in model.objects.values_list("pk", "name")}
        self.slugs = _TakenSlugs(model.objects.values_list("slug", flat=True))
        self.created = created

    def ids(self, names: Iterable[str], *, create: bool) -> list[int]:
        """Their ids, creating the missing ones (a dry run only counts them, as id 0)."""
        ids: list[int] = []
        for name in names:
            key = normalize(name)
            if key not in self.known:
                self.created += 1
                self.known[key] = self._create(name.strip()) if create else 0
            if self.known[key] not in ids:
                ids.append(self.known[key])
        return ids

    def _create(self, name: str) -> int:
        fallback = self.model._meta.model_name or "item"
        slug = self.slugs.claim(slugify_ar(name) or fallback)
        return self.model.objects.create(name=name, slug=slug).pk


class _Importer:
    def __init__(self, options: ImportOptions, site: Site) -> None:
        self.options = options
        self.site = site
        self.home = site.root_page.specific
        self.batch_size = options.batch_size or settings.AKHBAR_IMPORT_BATCH_SIZE
        self.section_map = {normalize(name): target for name, target in options.section_map.items()}
        self.log_uuid = uuid.uuid4()
        self.counts = dict.fromkeys(_Action, 0)
        self.failed = 0
        self.failures: list[Failure] = []
        self.ignored: Counter[str] = Counter()
        self.new_sections: list[str] = []
        self.remote_images = 0
        self.images_imported = 0
        self.image_problems: list[Failure] = []
        self.near_duplicates = 0
        self.near_duplicate_notes: list[Failure] = []
        self.links_rewritten = 0
        self.links_left = 0
        self._old_hosts = host_names(options.old_hosts)
        # Pages whose bodies still link to the old site: fixed at the end of the run, when
        # the items imported after them exist.
        self._pending_links: set[int] = set()
        # Articles published and not yet handed to akhbar.publishing (see _publish).
        self._published: dict[int, ArticleState | None] = {}
        self._similar = settings.AKHBAR_IMPORT_NEAR_DUPLICATE_PERCENT / 100
        # The pages this run's items became, by run position: the reading process matches
        # them (bands.RunMatcher); the database is asked about older items only, if any.
        self._run_pages = array("q")
        # Items up to this id are asked of the database (None: no keys stored to ask): those
        # imported before the run, or before the reading process started its matching afresh.
        self._stored_up_to: int | None = None
        # Where the next `store_missing_keys` starts, and the items written when it last ran.
        self._keys_after = 0
        self._keyed_at = 0
        self._seen: dict[str, str] = {}
        self._article_type = ContentType.objects.get_for_model(ArticlePage)
        self._page_type = ContentType.objects.get_for_model(Page)
        self._standard_type = ContentType.objects.get_for_model(StandardPage)
        self._load()

    def _load(self) -> None:
        """Read what records are matched against; again after a rolled-back batch."""
        sections = SectionPage.objects.child_of(self.home).order_by("path")
        self._sections = {normalize(section.title): section for section in sections}
        self._sections_by_slug = {section.slug: section for section in sections}
        self._home_slugs = _TakenSlugs(self.home.get_children().values_list("slug", flat=True))
        previous = getattr(self, "_tags", None), getattr(self, "_authors", None)
        self._tags = _Names(Tag, created=previous[0].created if previous[0] else 0)
        self._authors = _Names(Author, created=previous[1].created if previous[1] else 0)
        self._child_slugs: dict[int, _TakenSlugs] = {}
        self._titles: dict[str, int] | None = None
        # Images a rolled-back batch imported are gone with it, and so are listing redirects.
        self._images: dict[str, int | None] = {}
        self._listed_tags: set[int] = set()
        self._listed: set[str] = set()

    # The run

    def run(
        self,
        items: Iterable[ArticleRecord | Failure | Ignored],
        progress: Callable[[ImportReport, int], None] | None,
        position: Callable[[], int] | None,
        *,
        batch_done: Callable[[], None],
    ) -> ImportReport:
        if not self.options.dry_run:
            # What an interrupted run committed and did not finish.
            self._publish_left_unpublished()
            store_missing_keys()
        self._keys_after = _last_item_id()
        if self._similar and NearDuplicateKey.objects.exists():
            self._stored_up_to = self._keys_after
        prepared = prepared_batches(
            items,
            size=self.batch_size,
            section_map=self.section_map,
            similar=self._similar,
            unchanged=self._imported_digests(),
            old_hosts=self._old_hosts,
            position=position,
            workers=self.options.workers,
        )
        for batch, read, restarted in prepared:
            if restarted:
                self._forget_run_pages()
            records = []
            for entry in batch:
                if isinstance(entry, Failure):
                    self._fail(entry.location, entry.reason)
                elif isinstance(entry, Ignored):
                    self.ignored[entry.reason] += 1
                else:
                    records.append(entry)
            planned = self._plan(records)
            if self.options.dry_run:
                for item in planned:
                    self.counts[item.action] += 1
            else:
                self._write(planned)
                self._store_keys_every(KEYS_STORED_EVERY)
            batch_done()
            if progress is not None:
                progress(self.report(), read)
        self._fix_pending_links()
        self._publish()
        if not self.options.dry_run:
            self._store_keys_every(1)
        return self.report()

    def _imported_digests(self) -> set[int]:
        """`hash((guid, digest))` of every item of this source imported before: what the
        reader need not clean nor fingerprint (a small int each, not the guids themselves)."""
        items = ImportedItem.objects.filter(source=self.options.source)
        return {hash(pair) for pair in items.values_list("guid", "content_hash").iterator()}

    def report(self) -> ImportReport:
        return ImportReport(
            created=self.counts[_Action.CREATE],
            updated=self.counts[_Action.UPDATE],
            skipped=self.counts[_Action.SKIP],
            failed=self.failed,
            failures=tuple(self.failures),
            new_sections=tuple(self.new_sections),
            new_tags=self._tags.created,
            new_authors=self._authors.created,
            ignored=tuple(self.ignored.most_common()),
            near_duplicates=self.near_duplicates,
            near_duplicate_notes=tuple(self.near_duplicate_notes),
            images_imported=self.images_imported,
            image_problems=tuple(self.image_problems),
            remote_images=self.remote_images,
            links_rewritten=self.links_rewritten,
            links_left=self.links_left,
            dry_run=self.options.dry_run,
        )

    def _fail(self, location: str, reason: str) -> None:
        self.failed += 1
        if len(self.failures) < MAX_FAILURES_KEPT:
            self.failures.append(Failure(location, reason))
        logger.info("Not imported: %s: %s", location, reason)

    def _write(self, planned: list[_Item]) -> None:
        """Write a batch in one transaction; if it fails, find the culprit record by record."""
        try:
            with transaction.atomic(), publishing.collected() as published:
                self._apply(planned)
        except Exception:
            # Whatever broke the batch, retrying its records one by one names the culprit.
            logger.warning("A batch failed; importing its records one at a time", exc_info=True)
        else:
            self._done(planned, published)
            return
        self._load()
        for item in planned:
            item.reset()
            try:
                with transaction.atomic(), publishing.collected() as published:
                    self._apply([item])
            except Exception as exc:
                logger.exception("Could not import %s", item.record.location)
                self._fail(item.record.location, f"{type(exc).__name__}: {exc}")
                item.reset()
                self._load()
            else:
                self._done([item], published)

    def _done(self, items: list[_Item], published: Mapping[int, ArticleState | None]) -> None:
        """Count a committed batch, note the pages its new and changed items became, and
        hand what it published to akhbar.publishing every PUBLISH_EVERY articles."""
        for item in items:
            self.counts[item.action] += 1
            if item.run_position is not None and item.action is not _Action.SKIP:
                self._run_page(item.run_position, item.page_id or 0)
            self.remote_images += item.remote_images
            self.images_imported += item.images_imported
            self.links_rewritten += item.links_rewritten
            for problem in item.image_problems:
                _keep(self.image_problems, problem)
            if item.old_links:
                if item.page_id is not None:
                    self._pending_links.add(item.page_id)
                else:
                    self.links_left += item.old_links
        self._published.update(published)
        if len(self._published) >= PUBLISH_EVERY:
            self._publish()

    def _publish(self) -> None:
        """Hand the articles the run published since the last time to akhbar.publishing.

        A run killed before leaves them live without their pages and lists refreshed (nor
        an ArticleSnapshot, the mark of a handed-over article): the next run hands them over
        first (`_publish_left_unpublished`).
        """
        if self._published:
            _hand_over(self._published)
            self._published = {}

    def _publish_left_unpublished(self) -> None:
        """Hand over the live imported articles an interrupted run did not (see `_publish`)."""
        handed_over = ArticleSnapshot.objects.values("article_id")
        left = (
            ImportedItem.objects.filter(page__live=True, page__content_type=self._article_type)
            .exclude(page_id__in=handed_over)
            .values_list("page_id", flat=True)
        )
        for chunk in batches(list(left), PUBLISH_EVERY):
            _hand_over(dict.fromkeys(chunk))  # states read back

    def _run_page(self, position: int, page_id: int) -> None:
        if len(self._run_pages) <= position:
            self._run_pages.extend([0] * (position + 1 - len(self._run_pages)))
        self._run_pages[position] = page_id

    def _store_keys_every(self, items: int) -> None:
        """Store the near-duplicate keys of the items written since they were last stored,
        if there are `items` of them or more."""
        written = self.counts[_Action.CREATE] + self.counts[_Action.UPDATE]
        if written - self._keyed_at >= items:
            self._keys_after = store_missing_keys(self._keys_after)
            self._keyed_at = written

    def _forget_run_pages(self) -> None:
        """The reading process starts the run's candidates afresh (bands.RunMatcher): the
        items written so far go to the database, where the rest of the run finds them."""
        if not self.options.dry_run:
            self._store_keys_every(1)
            self._stored_up_to = _last_item_id()
        self._run_pages = array("q")

    # Planning: what each record will do, read-only (all a dry run does)

    def _plan(self, records: list[Prepared]) -> list[_Item]:
        items = [item for item in map(self._item, records) if item is not None]
        known = {
            guid: (pk, page_id, digest)
            for pk, guid, page_id, digest in ImportedItem.objects.filter(
                source=self.options.source, guid__in=[item.record.key for item in items]
            ).values_list("pk", "guid", "page_id", "content_hash")
        }
        for item in items:
            if item.record.key in known:
                item.imported_id, item.page_id, digest = known[item.record.key]
                item.action = _Action.SKIP if digest == item.content_hash else _Action.UPDATE
        items = self._complete(items)
        unmatched = [item for item in items if item.imported_id is None]
        # Then by address, by title and time, and by wording: each only for what is left.
        self._match_urls(unmatched)
        articles = [i for i in unmatched if i.page_id is None and i.record.kind is Kind.ARTICLE]
        self._match_title_and_date(articles)
        self._match_near_duplicates([item for item in articles if item.page_id is None], items)
        if self.options.dry_run:
            for item in items:
                if item.action is not _Action.SKIP:
                    self._count_new(item.record)
        return items

    def _item(self, prepared: Prepared) -> _Item | None:
        """A prepared record on its way, unless it repeats an earlier one or has no body."""
        record = prepared.record
        first = self._seen.get(record.key)
        if first is not None:
            what = f"guid {record.guid!r}" if record.guid else "title and publication time"
            self._fail(record.location, f"duplicate {what} (first on {first})")
            return None
        self._seen[record.key] = record.location or "an earlier record"
        if prepared.error:
            self._fail(record.location, prepared.error)
            return None
        return _Item(
            record,
            prepared.parsed,
            prepared.content_hash,
            prepared.signature,
            prepared.band_keys,
            prepared.ahead,
            prepared.run_position,
            prepared.alike,
        )

    def _complete(self, items: list[_Item]) -> list[_Item]:
        """The items, those the reader took for unchanged but that are not (a collision of
        its digests, or an item changed since it started) cleaned and fingerprinted here; an
        unchanged item is skipped as it is, one whose body has no text left fails."""
        completed = []
        for item in items:
            if item.parsed is None and item.action is not _Action.SKIP:
                try:
                    item.parsed, item.signature, item.band_keys = prepared_body(
                        item.record, fingerprints=bool(self._similar)
                    )
                except InvalidRecord as exc:
                    self._fail(item.record.location, str(exc))
                    continue
            completed.append(item)
        return completed

    def _match_urls(self, items: list[_Item]) -> None:
        """Adopt the page of the same kind whose old address (a redirect) or attributed
        source address is one of the record's: the same story from another export."""
        wanted: dict[str, list[_Item]] = defaultdict(list)
        for item in items:
            record = item.record
            for url in {*record.old_urls, record.source_url} - {""}:
                wanted[Redirect.normalise_path(url)].append(item)
                if url.startswith("http"):
                    wanted[url].append(item)
        if not wanted:
            return
        found = dict(
            Redirect.get_for_site(self.site)
            .filter(old_path__in=list(wanted), redirect_page__isnull=False)
            .values_list("old_path", "redirect_page_id")
        )
        found.update(
            ArticlePage.objects.filter(source_url__in=list(wanted)).values_list("source_url", "pk")
        )
        kinds = dict(Page.objects.filter(pk__in=found.values()).values_list("pk", "content_type"))
        for address, page_id in found.items():
            for item in wanted[address]:
                page_type = self._article_type if item.record.kind is Kind.ARTICLE else None
                if item.page_id is None and kinds.get(page_id) == (
                    page_type.pk if page_type else self._standard_type.pk
                ):
                    item.page_id, item.action = page_id, _Action.UPDATE

    def _match_near_duplicates(self, items: list[_Item], batch: list[_Item]) -> None:
        """Update the page of an earlier item (this run's or any source's) whose wording is
        the record's lightly rewritten, instead of creating a twin.

        The run's own items come as the reading process found them alike (`_Item.alike`):
        written by an earlier batch, or earlier in this `batch`; a page is preferred to an
        item of the batch yet to be created.
        """
        keyed = [item for item in items if item.band_keys]
        if not keyed:
            return
        stored = self._stored_candidates([item.band_keys for item in keyed])
        in_batch = {item.run_position: item for item in batch if item.run_position is not None}
        for item, older in zip(keyed, stored, strict=True):
            best: tuple[float, int | None, _Item | None] = (self._similar, None, None)
            for page_id, signature in older:
                score = fingerprint.similarity(item.signature, signature)
                if score >= best[0]:
                    best = (score, page_id, None)
            twins = []
            for position, score in item.alike:
                page_id, twin = self._run_item(position, in_batch)
                if page_id is not None and score >= best[0]:
                    best = (score, page_id, None)
                elif twin is not None:
                    twins.append((score, twin))
            for score, twin in twins:
                if best[1] is None and score >= best[0]:
                    best = (score, None, twin)
            score, page_id, twin = best
            if page_id is None and twin is None:
                continue
            if twin is None:
                # Matches are rare: the title for the report is read for them only.
                title = Page.objects.filter(pk=page_id).values_list("title", flat=True).get()
            else:
                title = twin.record.title
            item.action = _Action.UPDATE
            item.page_id = page_id
            item.twin_of = twin
            item.keeps_section = True
            self.near_duplicates += 1
            _keep(
                self.near_duplicate_notes,
                Failure(
                    item.record.location,
                    f"matched as near-duplicate of «{title}» ({score:.0%} alike)",
                ),
            )

    def _run_item(
        self, position: int, in_batch: Mapping[int, _Item]
    ) -> tuple[int | None, _Item | None]:
        """The page an earlier item of the run became, or the item of this batch that will
        create it; (None, None) for an item that was not imported (it failed)."""
        if position < len(self._run_pages):
            return self._run_pages[position] or None, None
        other = in_batch.get(position)
        if other is None:
            return None, None
        other = other.twin_of or other
        return (other.page_id, None) if other.page_id is not None else (None, other)

    def _stored_candidates(self, keyed: list[tuple[int, ...]]) -> list[list[tuple[int, bytes]]]:
        """For each item's band keys, the (page, signature) of the items imported before this
        run that share the most of them; none asked for when the site has no keys stored."""
        if self._stored_up_to is None:
            return [[] for _ in keyed]
        candidates = [
            NearDuplicateKey.objects.sharing_most(keys, up_to=self._stored_up_to) for keys in keyed
        ]
        stored = {
            pk: (page_id, bytes(signature))
            for pk, page_id, signature in ImportedItem.objects.filter(
                pk__in={pk for pks in candidates for pk in pks}
            ).values_list("pk", "page_id", "signature")
        }
        return [[stored[pk] for pk in pks] for pks in candidates]

    def _match_title_and_date(self, items: list[_Item]) -> None:
        """Adopt existing articles with the same title and publication time that no other
        item of this source has claimed (e.g. an export imported into its own site)."""
        if not items:
            return
        candidates: dict[tuple, list[int]] = defaultdict(list)
        # By date first: first_published_at is indexed, the title is not.
        for pk, title, published in ArticlePage.objects.filter(
            first_published_at__in={item.record.published for item in items}
        ).values_list("pk", "title", "first_published_at"):
            candidates[title, published].append(pk)
        claimed = set(
            ImportedItem.objects.filter(
                source=self.options.source,
                page_id__in=[pk for pks in candidates.values() for pk in pks],
            ).values_list("page_id", flat=True)
        )
        for item in items:
            for pk in candidates.get((item.record.title, item.record.published), ()):
                if pk not in claimed:
                    claimed.add(pk)
                    item.page_id, item.action = pk, _Action.UPDATE
                    break

    # Sections, tags and authors: matched by their normalized name, created when missing

    def _find_section(self, ref: SectionRef) -> SectionPage | None:
        found = (
            self._sections.get(normalize(ref.title))
            or self._sections_by_slug.get(ref.slug)
            or self._sections_by_slug.get(ref.title)
        )
        if found is None and ref.title not in self.new_sections:
            self.new_sections.append(ref.title)
        return found

    def _count_new(self, record: ArticleRecord) -> None:
        """What a dry run reports: the sections, tags and authors a real run would add."""
        if record.section is not None:
            self._find_section(record.section)
        self._tags.ids(record.tags, create=False)
        self._authors.ids(record.authors, create=False)

    def _section(self, ref: SectionRef) -> SectionPage:
        section = self._find_section(ref)
        if section is not None:
            return section
        base = slugify(ref.slug, allow_unicode=True) or slugify_ar(ref.title) or "section"
        section = SectionPage(
            title=ref.title, slug=self._home_slugs.claim(base), show_in_menus=True
        )
        self.home.add_child(instance=section)
        section.save_revision().publish()
        self._sections[normalize(ref.title)] = section
        self._sections_by_slug[section.slug] = section
        return section

    # Writing a batch

    def _apply(self, items: list[_Item]) -> None:
        creates: list[_New] = []
        twins: list[_New] = []
        for item in items:
            if item.action is _Action.SKIP:
                continue
            if item.record.kind is Kind.PAGE:
                self._write_page(item)
                continue
            assert item.record.section is not None  # noqa: S101 - records check it
            section = self._section(item.record.section)
            tags = self._tags.ids(item.record.tags, create=True)
            authors = self._authors.ids(item.record.authors, create=True)
            if item.action is _Action.CREATE:
                creates.append(_New(item, section, tags, authors))
            elif item.twin_of is not None:
                twins.append(_New(item, section, tags, authors))
            else:
                self._update(item, section, tags, authors)
        if creates:
            self._create(creates)
        for twin in twins:
            twin.item.page_id = twin.item.twin_of.page_id
            self._update(twin.item, twin.section, twin.tag_ids, twin.author_ids)
        self._remember(items)
        self._redirect(items)
        self._redirect_listings([*creates, *twins], items)

    def _create(self, entries: list[_New]) -> None:
        """Write new articles as the rows add_child(), save_revision() and publish() write."""
        by_section: dict[int, list[_New]] = defaultdict(list)
        for entry in entries:
            by_section[entry.section.pk].append(entry)
        entries = [entry for group in by_section.values() for entry in group]
        pages = [page for group in by_section.values() for page in self._new_pages(group)]
        insert(Page, pages)
        ids = dict(select_in(Page, ("path", "id"), "path", [page.path for page in pages]))
        for page, entry in zip(pages, entries, strict=True):
            page.id = page.page_ptr_id = entry.item.page_id = ids[page.path]
            page._state.adding = False
            if self._titles is not None:
                self._titles[normalize(page.title)] = page.pk
        for page, entry in zip(pages, entries, strict=True):
            page.body = self._stream(entry.item)
        insert(ArticlePage, pages, local=True)
        self._link(pages, entries)

        for page in pages:
            # Nothing to read from the database: an empty relation serializes without a query.
            setattr(page, COMMENTS_RELATION_NAME, [])
        revisions = [
            unsaved(
                Revision,
                {
                    "content_type_id": self._article_type.pk,
                    "base_content_type_id": self._page_type.pk,
                    "object_id": str(page.pk),
                    "created_at": page.latest_revision_created_at,
                    "object_str": page.title,
                    "content": revision_content(page),
                },
            )
            for page in pages
        ]
        insert(Revision, revisions)
        revision_ids = dict(
            select_in(
                Revision,
                ("object_id", "id"),
                "object_id",
                [str(page.pk) for page in pages],
                base_content_type_id=self._page_type.pk,
            )
        )
        for page, revision in zip(pages, revisions, strict=True):
            revision.pk = page.latest_revision_id = revision_ids[str(page.pk)]
            page.live_revision_id = revision.pk if page.live else None
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Page._meta.db_table} SET latest_revision_id = %s,"  # noqa: S608 - names
                " live_revision_id = %s WHERE id = %s",
                [(page.latest_revision_id, page.live_revision_id, page.pk) for page in pages],
            )
        self._log_created(pages, revisions)
        # Inside the transaction, as Wagtail's publish() sends it.
        for page, revision in zip(pages, revisions, strict=True):
            if page.live:
                page_published.send(sender=ArticlePage, instance=page, revision=revision)
        _index(pages, [entry.section for entry in entries], [entry.item.ahead for entry in entries])

    def _link(self, pages: list[ArticlePage], entries: list[_New]) -> None:
        """Tags and authors: rows, then their ids (revisions and the reference index name them)."""
        for page, entry in zip(pages, entries, strict=True):
            page.tagged_items = [unsaved(ArticleTag, {"tag_id": pk}) for pk in entry.tag_ids]
            page.article_authors = [
                unsaved(ArticleAuthor, {"author_id": pk, "sort_order": order})
                for order, pk in enumerate(entry.author_ids)
            ]
        for model, relation, parent, target in (
            (ArticleTag, "tagged_items", "content_object_id", "tag_id"),
            (ArticleAuthor, "article_authors", "page_id", "author_id"),
        ):
            links = [link for page in pages for link in getattr(page, relation).all()]
            insert(model, links)
            ids = {
                (page_id, target_id): pk
                for pk, page_id, target_id in select_in(
                    model, ("id", parent, target), parent, [page.pk for page in pages]
                )
            }
            for link in links:
                link.pk = ids[getattr(link, parent), getattr(link, target)]
                link._state.adding = False

    def _new_pages(self, group: list[_New]) -> list[ArticlePage]:
        """Unsaved pages placed after the section's last child, as treebeard would."""
        section = group[0].section
        depth = section.depth + 1
        # A path range, which SQLite answers from the path index: path__startswith is a LIKE
        # that scans every page, on each batch.
        children = Page.objects.filter(
            path__range=Page._get_children_path_interval(section.path), depth=depth
        )
        last = children.order_by("-path").values_list("path", flat=True).first()
        step = Page._str2int(last[-Page.steplen :]) if last else 0
        if section.pk not in self._child_slugs:
            self._child_slugs[section.pk] = _TakenSlugs(children.values_list("slug", flat=True))
        taken = self._child_slugs[section.pk]
        pages = []
        for entry in group:
            record = entry.item.record
            step += 1
            slug = taken.claim(slugify_ar(record.title) or "article")
            live = record.status == Status.LIVE
            changed = record.updated or record.published
            pages.append(
                unsaved(
                    ArticlePage,
                    {
                        "title": record.title,
                        "draft_title": record.title,
                        "slug": slug,
                        "path": Page._get_path(section.path, depth, step),
                        "depth": depth,
                        "numchild": 0,
                        "url_path": f"{section.url_path}{slug}/",
                        "content_type_id": self._article_type.pk,
                        "locale_id": section.locale_id,
                        "live": live,
                        "has_unpublished_changes": not live,
                        "first_published_at": record.published if live else None,
                        "last_published_at": changed if live else None,
                        "latest_revision_created_at": changed,
                        **self._fields(entry.item),
                    },
                )
            )
        Page.objects.filter(pk=section.pk).update(numchild=F("numchild") + len(group))
        return pages

    def _fields(self, item: _Item) -> dict[str, Any]:
        """The ArticlePage fields of a record besides the tree, dates and body; the source
        named in the body («وفقاً لـ ...») when the record names none."""
        record, parsed = item.record, item.parsed
        image = record.lead_image
        explicit = bool(record.source_name)
        return {
            "dek": record.dek,
            "source_name": record.source_name if explicit else parsed.source_name,
            "source_url": record.source_url if explicit else parsed.source_url,
            "lead_image_id": self._image_finder(item)(image) if image else None,
            "lead_image_caption": image.caption if image else "",
            "lead_image_credit": image.credit if image else "",
        }

    def _stream(self, item: _Item) -> list[dict] | EncodedStream:
        if item.ahead is not None:
            data = StreamData(item.ahead.blocks, remote_images=())
        else:
            data = stream_data(
                item.parsed,
                find_article=self._article_finder(item),
                find_image=self._image_finder(item),
                find_link=self._link_finder(item),
            )
        lead = item.record.lead_image
        missing = [*data.remote_images]
        if lead is not None and self._image_finder(item)(lead) is None:
            missing.append(lead)
        # Local files that were refused are reported as problems, not as remote images.
        item.remote_images = sum(ref.src not in self._images for ref in missing)
        if item.ahead is not None:
            body = ArticlePage._meta.get_field("body")
            return EncodedStream(body.stream_block, data.blocks, item.ahead.body_json)
        return data.blocks

    def _write_page(self, item: _Item) -> None:
        """A plain page (Kind.PAGE) under the home page, through Wagtail's own API: pages
        are few."""
        record = item.record
        body, remote = rich_text(
            item.parsed,
            find_article=self._article_finder(item),
            find_image=self._image_finder(item),
            find_link=self._link_finder(item),
        )
        item.remote_images = sum(ref.src not in self._images for ref in remote)
        if item.page_id is None:
            page = StandardPage(
                title=record.title,
                slug=self._home_slugs.claim(slugify_ar(record.title) or "page"),
                body=body,
                live=False,
            )
            self.home.add_child(instance=page)
            item.page_id = page.pk
        else:
            page = StandardPage.objects.get(pk=item.page_id)
            page.title, page.body = record.title, body
        revision = page.save_revision()
        if record.status == Status.LIVE:
            _publish_as_dated(page, revision, record)
        else:
            if page.live:
                page.unpublish()
            # A draft is dated by its revision: the source's date, as new draft articles are.
            changed = record.updated or record.published
            Revision.objects.filter(pk=revision.pk).update(created_at=changed)
            StandardPage.objects.filter(pk=page.pk).update(latest_revision_created_at=changed)

    def _log_created(self, pages: list[ArticlePage], revisions: list[Revision]) -> None:
        """The history entries add_child() and publish() would have written."""
        now = timezone.now()
        entries = []
        for page, revision in zip(pages, revisions, strict=True):
            actions = ["wagtail.create", "wagtail.publish"] if page.live else ["wagtail.create"]
            entries.extend(
                {
                    "content_type_id": self._article_type.pk,
                    "page_id": page.pk,
                    "label": page.title,
                    "action": action,
                    "timestamp": now,
                    "uuid": self.log_uuid,
                    "revision_id": revision.pk if action == "wagtail.publish" else None,
                    "content_changed": True,
                    "data": {},
                }
                for action in actions
            )
        insert(PageLogEntry, entries)

    def _update(
        self, item: _Item, section: SectionPage, tag_ids: list[int], author_ids: list[int]
    ) -> None:
        """Change an existing article through Wagtail's revision and publish API."""
        record = item.record
        page = ArticlePage.objects.get(pk=item.page_id)
        if not item.keeps_section and page.get_parent().pk != section.pk:
            page.move(section, pos="last-child")
            page = ArticlePage.objects.get(pk=item.page_id)
            # New pages of this batch are placed after it, under a slug it does not hold.
            self._child_slugs.pop(section.pk, None)
        page.title = record.title
        page.body = self._stream(item)
        for name, value in self._fields(item).items():
            setattr(page, name, value)
        page.tagged_items = [ArticleTag(tag_id=pk) for pk in tag_ids]
        page.article_authors = [
            ArticleAuthor(author_id=pk, sort_order=order) for order, pk in enumerate(author_ids)
        ]
        revision = page.save_revision()
        if record.status == Status.LIVE:
            _publish_as_dated(page, revision, record)
        elif page.live:
            page.unpublish()

    def _remember(self, items: list[_Item]) -> None:
        now = timezone.now()
        new = []
        changed: list[int] = []
        for item in items:
            if item.imported_id is None:
                new.append(
                    {
                        "source": self.options.source,
                        "guid": item.record.key,
                        "page_id": item.page_id,
                        "content_hash": item.content_hash,
                        "signature": item.signature or b"",
                        "imported_at": now,
                    }
                )
            elif item.action is _Action.UPDATE:
                ImportedItem.objects.filter(pk=item.imported_id).update(
                    content_hash=item.content_hash,
                    signature=item.signature or b"",
                    imported_at=now,
                )
                changed.append(item.imported_id)
        insert(ImportedItem, new)
        # Their new keys are stored with the new items' (`_store_keys_every`).
        NearDuplicateKey.objects.filter(item_id__in=changed).delete()
        self._keys_after = min([self._keys_after, *(pk - 1 for pk in changed)])

    def _redirect(self, items: list[_Item]) -> None:
        """301 redirects from the addresses an article had on the old site."""
        redirects = []
        now = timezone.now()
        for item in items:
            if item.action is _Action.SKIP:
                continue
            for url in item.record.old_urls:
                path = Redirect.normalise_path(url)
                if len(path) > Redirect._meta.get_field("old_path").max_length:
                    logger.warning(
                        "%s: old address too long to redirect: %s", item.record.location, url
                    )
                    continue
                redirects.append(
                    {
                        "old_path": path,
                        "site_id": self.site.pk,
                        "redirect_page_id": item.page_id,
                        "is_permanent": True,
                        "created_at": now,
                    }
                )
        insert(Redirect, redirects, ignore_conflicts=True)

    def _redirect_listings(self, entries: list[_New], items: list[_Item]) -> None:
        """301 redirects from the old site's tag and section listings (Source.tag_paths,
        section_paths) to ours, for the tags and sections this batch used."""
        if not (self.options.tag_paths or self.options.section_paths):
            return
        targets: dict[str, dict[str, str | int]] = {}
        # A tag's or section's listings are redirected the first time the run uses them.
        tag_ids = {pk for entry in entries for pk in entry.tag_ids} - self._listed_tags
        self._listed_tags |= tag_ids
        for name, slug in Tag.objects.filter(pk__in=tag_ids).values_list("name", "slug"):
            link = reverse("news:tag", kwargs={"slug": slug})
            for path in _listing_paths(self.options.tag_paths, name, slug):
                targets[path] = {"redirect_link": link}
        for section in {entry.section.pk: entry.section for entry in entries}.values():
            names = {normalize(name) for name in self.section_map} | {normalize(section.title)}
            titles = {i.record.section.title for i in items if i.record.section} | {section.title}
            for title in titles:
                if normalize(title) in names or title == section.title:
                    for path in _listing_paths(self.options.section_paths, title, section.slug):
                        targets[path] = {"redirect_page_id": section.pk}
        new = {path: target for path, target in targets.items() if path not in self._listed}
        self._listed.update(new)
        Redirect.objects.bulk_create(
            [
                Redirect(old_path=path, site=self.site, is_permanent=True, **target)
                for path, target in new.items()
                if len(path) <= Redirect._meta.get_field("old_path").max_length
            ],
            ignore_conflicts=True,
        )

    def _fix_pending_links(self) -> None:
        """The last pass: bodies that linked to old addresses of items imported later in the
        run now point at their pages; what still links to the old site is counted."""
        for page_id in sorted(self._pending_links):
            page = Page.objects.get(pk=page_id).specific
            counts = _Item(ArticleRecord.__new__(ArticleRecord), ParsedBody(()), "")
            find_link = self._link_finder(counts)
            if isinstance(page, StandardPage):
                page.body = link_pages(page.body, find_link)
            else:
                page.body = [self._relinked(block, find_link) for block in page.body.raw_data]
            with transaction.atomic():
                type(page).objects.filter(pk=page.pk).update(body=page.body)
                revision = page.latest_revision
                if revision is not None:
                    revision.content = {
                        **revision.content,
                        "body": json_text_of(type(page)._meta.get_field("body"), page.body),
                    }
                    revision.save(update_fields=["content"])
                ReferenceIndex.create_or_update_for_object(page)
            self.links_rewritten += counts.links_rewritten
            self.links_left += counts.old_links
            if page.live and isinstance(page, ArticlePage):
                self._published.setdefault(page.pk, None)  # its page shows the new links
        self._pending_links.clear()

    def _relinked(self, block: dict[str, Any], find_link: Callable[[str], int | None]) -> dict:
        """A stored block with its old-site links resolved; a «إقرأ أيضاً» line whose target
        now exists becomes a read-also card."""
        value = block["value"]
        if block["type"] == "paragraph":
            parsed = parse_body(value, BodyFormat.HTML)
            if len(parsed.blocks) == 1 and isinstance(line := parsed.blocks[0], ReadAlso):
                page_id = find_link(line.href)
                if page_id is not None:
                    return {
                        **block,
                        "type": "read_also",
                        "value": {"article": page_id, "label": line.label},
                    }
            return {**block, "value": link_pages(value, find_link)}
        if block["type"] == "fact_box":
            return {**block, "value": {**value, "body": link_pages(value["body"], find_link)}}
        return block

    # Looking up what bodies link to

    def _link_finder(self, item: _Item) -> Callable[[str], int | None]:
        """The page a link to the old site now stands for, counted on the item: rewritten,
        or (for the last pass) still pointing at the old site."""

        def find(href: str) -> int | None:
            page_id = self._old_page(href)
            if page_id is not None:
                item.links_rewritten += 1
            elif self._old_hosts and old_site_path(href, self._old_hosts) is not None:
                item.old_links += 1
            return page_id

        return find

    def _article_finder(self, item: _Item) -> Callable[[str, str], int | None]:
        """_find_article, counting a read-also line to the old site as a rewritten link."""

        def find(href: str, title: str) -> int | None:
            page_id = self._find_article(href, title)
            if page_id is not None and href and old_site_path(href, self._old_hosts):
                item.links_rewritten += 1
            return page_id

        return find

    def _old_page(self, href: str) -> int | None:
        """Our page for an address on the old site that an imported item had."""
        if not self._old_hosts:
            return None
        path = old_site_path(href, self._old_hosts)
        if path is None:
            return None
        return (
            Redirect.get_for_site(self.site)
            .filter(old_path=path, redirect_page__isnull=False)
            .values_list("redirect_page_id", flat=True)
            .first()
        )

    def _image_finder(self, item: _Item) -> Callable[[ImageRef], int | None]:
        """Images for the item's body and lead: in our library already, or a local file the
        source resolved, imported once (problems are reported, the article still imports)."""

        def find(ref: ImageRef) -> int | None:
            found = self._find_image(ref)
            if found is not None or self.options.dry_run:
                return found
            path = ref.path or (self.options.local_image and self.options.local_image(ref.src))
            if not path:
                return None
            if ref.src not in self._images:
                try:
                    self._images[ref.src], new = import_image(
                        Path(path),
                        title=ref.alt or ref.caption or item.record.title,
                        alt=ref.alt,
                        caption=ref.caption,
                        credit=ref.credit,
                    )
                    item.images_imported += new
                except ImageRefused as exc:
                    self._images[ref.src] = None
                    item.image_problems.append(Failure(item.record.location, f"image {exc}"))
            return self._images[ref.src]

        return find

    def _find_article(self, href: str, title: str) -> int | None:
        """Our article a read-also line points at: by address (ours, or an old one with a
        redirect), else by title as search matches it (spelling variants meet).  Articles
        of the batch being written count: their rows are already in the transaction."""
        if href:
            found = self._old_page(href)
            if found:
                return found
            parts = urlsplit(href)
            path = unquote(parts.path).strip("/")
            if path and (not parts.netloc or parts.netloc == self.site.hostname):
                # The slug is indexed, the url_path is not.
                url_path = f"{self.home.url_path}{path}/"
                found = self._article_id(slug=path.rsplit("/", 1)[-1], url_path=url_path)
                if found:
                    return found
            redirected = Redirect.objects.filter(old_path=Redirect.normalise_path(href))
            found = self._article_id(pk__in=redirected.values("redirect_page"))
            if found:
                return found
        if not title:
            return None
        if self._titles is None:
            # Loaded once, on the first title to look up: a scan per lookup would not scale.
            articles = Page.objects.filter(content_type=self._article_type)
            self._titles = {
                normalize(name): pk
                for pk, name in articles.order_by("first_published_at").values_list("pk", "title")
            }
        return self._titles.get(normalize(title))

    def _article_id(self, **lookup: object) -> int | None:
        # Page, not ArticlePage: the batch's own articles have no ArticlePage row yet.
        return (
            Page.objects.filter(content_type=self._article_type, **lookup)
            .order_by("-first_published_at")
            .values_list("pk", flat=True)
            .first()
        )

    def _find_image(self, ref: ImageRef) -> int | None:
        """An image of our library the reference points at (its /media/ address)."""
        path = unquote(urlsplit(ref.src).path)
        if not path.startswith(settings.MEDIA_URL):
            return None
        name = path.removeprefix(settings.MEDIA_URL)
        if name not in self._images:
            self._images[name] = (
                get_image_model().objects.filter(file=name).values_list("pk", flat=True).first()
            )
        return self._images[name]


def _hand_over(published: Mapping[int, ArticleState | None]) -> None:
    """Hand published articles to akhbar.publishing, their snapshots in one transaction."""
    with transaction.atomic():
        publishing.articles_changed(published)


def _publish_as_dated(page: Page, revision: Revision, record: ArticleRecord) -> None:
    """Publish a page's revision through Wagtail, then date it as the source did, not now."""
    revision.publish()
    type(page).objects.filter(pk=page.pk).update(
        first_published_at=record.published,
        last_published_at=record.updated or record.published,
    )


def _index(
    pages: list[ArticlePage], sections: list[SectionPage], aheads: list[Ahead | None]
) -> None:
    """What Wagtail's post_save handlers do for new pages, the admin's search index and the
    reference index (which the admin uses to show where an author or image is used), and what
    akhbar.search and akhbar.publishing do after `page_published`: the reader index and the
    paths to refresh.  All from the pages in memory, and what the reading process worked out
    `aheads` (see akhbar.importers.prepare.Ahead)."""
    tags = Tag.objects.in_bulk({link.tag_id for page in pages for link in page.tagged_items.all()})
    for page in pages:
        for link in page.tagged_items.all():
            link.tag = tags[link.tag_id]
    # Each section once: page_path() resolves a URL, and a batch's entries share a few sections.
    section_urls = {pk: page_path(section) for pk, section in {s.pk: s for s in sections}.items()}
    urls = [
        _child_url(section_urls[section.pk], page.slug)
        for page, section in zip(pages, sections, strict=True)
    ]
    search_indexing.index_articles(
        [
            document
            for page, section, url, ahead in zip(pages, sections, urls, aheads, strict=True)
            if url is not None
            and (
                document := search_indexing.article_document(
                    page,
                    section,
                    url=url,
                    body_text=ahead.body_text if ahead else searchable_text(page.body),
                    ahead=ahead.analysis if ahead else None,
                )
            )
        ]
    )
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.add_bulk(ArticlePage, pages)
        except Exception:
            # Same policy as modelsearch's own signal handler: external services may fail
            # without losing the import, the database backend may not.
            if not backend.catch_indexing_errors:
                raise
            logger.exception("Could not index imported articles in the %r backend", name)
    insert(ReferenceIndex, [reference for page in pages for reference in reference_rows(page)])
    authors = Author.objects.in_bulk(
        {link.author_id for page in pages for link in page.article_authors.all()}
    )
    publishing.articles_published(
        ArticleState(
            pk=page.pk,
            url=url,
            live=True,
            tree_path=page.path,
            section_url=section_urls[section.pk],
            section_slug=section.slug,
            tag_slugs=tuple(sorted(link.tag.slug for link in page.tagged_items.all())),
            author_slugs=tuple(
                sorted(authors[link.author_id].slug for link in page.article_authors.all())
            ),
            first_published_at=page.first_published_at,
            on_ticker=page.is_on_ticker(),
        )
        for page, section, url in zip(pages, sections, urls, strict=True)
        if page.live
    )


def _child_url(parent_url: str | None, slug: str) -> str | None:
    """The path a new child page is served at: its parent's and its slug, quoted as Django's
    `reverse()` quotes the whole, without its cost per page."""
    if parent_url is None:
        return None
    return f"{parent_url}{quote_path(slug)}/"


class _TakenSlugs:
    """The slugs taken under one parent page, held as their hashes: the strings of the
    100,000 articles of a long import cost 24 MB.  Two slugs of the same 64-bit hash (less
    than one chance in a billion in such an import) would only give one a number it did not
    need."""

    def __init__(self, slugs: Iterable[str]) -> None:
        self._hashes = set(map(hash, slugs))

    def claim(self, base: str) -> str:
        """`base` cut to length, or with the first number that makes it free; now taken."""
        base = base[:_MAX_SLUG].strip("-") or "item"
        slug, number = base, 1
        while hash(slug) in self._hashes:
            number += 1
            slug = f"{base}-{number}"
        self._hashes.add(hash(slug))
        return slug


def _last_item_id() -> int:
    return ImportedItem.objects.aggregate(last=Max("pk"))["last"] or 0


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of `size` items (the last one shorter); itertools.batched needs Python 3.12."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _listing_paths(patterns: Sequence[str], name: str, slug: str) -> set[str]:
    """The old listing addresses of a tag or section: {name} as is, {slug} as ours and as
    WordPress makes it (the name lowercased, spaces as hyphens)."""
    slugs = {slug, slugify(name, allow_unicode=True)} - {""}
    return {
        Redirect.normalise_path(pattern.format(name=name, slug=old_slug))
        for pattern in patterns
        for old_slug in slugs
    }


def _keep(kept: list[Failure], entry: Failure) -> None:
    """Add to a report's list, up to MAX_FAILURES_KEPT."""
    if len(kept) < MAX_FAILURES_KEPT:
        kept.append(entry)
