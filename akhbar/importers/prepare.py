"""The per-record work of an import that needs no database, done where the records are read.

Reading the source, cleaning each body (`parse_body`), the content digest, the
near-duplicate fingerprint and the matching of a run's own items (bands.RunMatcher), and
for most articles their blocks and search analysis (`Ahead`), depend on the record alone.
With `workers=1` a child process forked from the importer reads and prepares the next
batches while the importer writes one on the other core, working ahead for fewer articles
while the importer waits for it (`Pace`).  The child never touches the database: it
inherited the importer's connection, which a forked process must not use.

Memory stays bounded: the child sends batches through a pipe, at most _ITEMS_AHEAD of them
waiting to be sent, so the batch being written, the one being sent, those waiting and the
one being prepared are all that is held.  If the importer dies (killed, interrupted), the child's
next send fails and it exits.  Records the importer already holds unchanged are only
digested (see `prepare`).
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from itertools import islice
from multiprocessing.connection import Connection
from typing import Any, NamedTuple, TypeVar

from wagtail.blocks import StreamValue
from wagtail.fields import StreamField

from akhbar.arabic import normalize
from akhbar.importers import fingerprint
from akhbar.importers.bands import Alike, RunMatcher
from akhbar.importers.collection import BatchCollector
from akhbar.importers.html import (
    FactBox,
    Figure,
    Paragraph,
    ParsedBody,
    ReadAlso,
    body_text,
    linked_hrefs,
    parse_body,
    searchable_text,
    stream_data,
)
from akhbar.importers.links import old_site_path
from akhbar.importers.records import (
    ArticleRecord,
    Failure,
    Ignored,
    ImageRef,
    InvalidRecord,
    Kind,
    SectionRef,
)
from akhbar.importers.rows import json_text_of
from akhbar.search.analysis import Analysis
from akhbar.search.indexing import document_body

T = TypeVar("T")
# Items waiting to be sent while the reading process prepares the next (see _send_all).
_ITEMS_AHEAD = 1


@dataclass(frozen=True)
class Ahead:
    """What the importer would work out from a new article's body that needs no look-up (no
    image, no read-also line, no link: most wire copy), worked out here on the other core:
    its StreamField blocks and their JSON text, their text (`searchable_text`) and the
    reader index's analysis."""

    blocks: list[dict[str, Any]]
    body_text: str
    analysis: Analysis
    body_json: str  # the blocks as the article row and its revision store them


@dataclass(frozen=True)
class Prepared:
    """A record ready to be planned: as the import's options place it, its digest, its body
    cleaned and, for an article, its fingerprint and band keys.

    `parsed` is None when the item looked unchanged (see `prepare`), and has no blocks when
    `ahead` holds them as StreamField data.  `signature` is None for an unchanged item too,
    and when there is none to compute (matching is off, a page).  `error` is why cleaning
    refused the body; the importer reports it after checking for a duplicate.
    """

    record: ArticleRecord
    parsed: ParsedBody | None
    content_hash: str = ""
    signature: bytes | None = None
    band_keys: tuple[int, ...] = ()
    error: str = ""
    ahead: Ahead | None = None
    # Its place among the run's items and the earlier ones alike enough (RunMatcher).
    run_position: int | None = None
    alike: Alike = ()


Entry = Prepared | Failure | Ignored


class PrepareFailed(Exception):
    """The process reading the source stopped without saying why (killed, out of memory)."""


def prepare(
    record: ArticleRecord,
    *,
    section_map: Mapping[str, str],
    fingerprints: bool,
    unchanged: Container[int] = frozenset(),
    old_hosts: frozenset[str] = frozenset(),
    ahead: bool = True,
) -> Prepared:
    """The record placed as `section_map` (normalized source section → ours) says,
    digested, cleaned and, when `fingerprints`, fingerprinted, with what can be worked out
    `ahead` of the importer (see `work_ahead`) unless told not to.

    `unchanged` holds `hash((key, digest))` of the items imported before: such a record is
    neither cleaned nor fingerprinted, so that a re-run costs little more than reading.  A
    collision, or an item changed since, only leaves that work to the importer.
    """
    if record.kind is Kind.PAGE:
        record = replace(record, section=None)
    target = record.section and section_map.get(normalize(record.section.title))
    if target:
        record = replace(record, section=SectionRef(target))
    content_hash = record.content_hash()
    if hash((record.key, content_hash)) in unchanged:
        return Prepared(record, None, content_hash)
    try:
        parsed, signature, keys = prepared_body(record, fingerprints=fingerprints)
    except InvalidRecord as exc:
        return Prepared(record, None, content_hash, error=str(exc))
    worked = work_ahead(record, parsed, old_hosts=old_hosts) if ahead else None
    if worked is not None:
        # The blocks are in `ahead` as StreamField data; a batch waiting to be written holds
        # them once.
        parsed = replace(parsed, blocks=())
    return Prepared(record, parsed, content_hash, signature, keys, ahead=worked)


def work_ahead(
    record: ArticleRecord, parsed: ParsedBody, *, old_hosts: frozenset[str]
) -> Ahead | None:
    """The `Ahead` of an article whose body needs no look-up (no link to the `old_hosts`,
    as `akhbar.importers.links.host_names` gives them); None for any other record.

    The tags are expected as the importer files them (one per folded name, as first spelt);
    when the site spells one otherwise, the analysis does not match and the importer
    analyzes the text itself.
    """
    if record.kind is not Kind.ARTICLE or not _needs_no_lookup(parsed, old_hosts):
        return None
    blocks = stream_data(parsed, find_article=_no_article, find_image=_no_image).blocks
    body = _body_field()
    # Each from a StreamValue of its own: reading the text binds blocks, which could
    # change how they encode.
    json_text = json_text_of(body, StreamValue(body.stream_block, blocks, is_lazy=True))
    text = searchable_text(StreamValue(body.stream_block, blocks, is_lazy=True))
    tags: dict[str, str] = {}
    for name in record.tags:
        tags.setdefault(normalize(name), name.strip())
    analysis = Analysis.of(record.title, document_body(record.dek, text), tuple(tags.values()))
    return Ahead(blocks, text, analysis, json_text)


def _needs_no_lookup(parsed: ParsedBody, old_hosts: frozenset[str]) -> bool:
    """No block whose data depends on the site: images, read-also lines, links to the old
    site (the importer points them at their pages)."""
    return not any(
        isinstance(block, Figure | ReadAlso)
        or (
            isinstance(block, Paragraph | FactBox)
            and bool(old_hosts)
            and any(old_site_path(href, old_hosts) for href in linked_hrefs(block.html))
        )
        for block in parsed.blocks
    )


def _no_article(href: str, title: str) -> None:
    raise AssertionError("a body without read-also lines looked one up")


def _no_image(ref: ImageRef) -> None:
    raise AssertionError("a body without images looked one up")


@cache
def _body_field() -> StreamField:
    from akhbar.news.models import ArticlePage

    return ArticlePage._meta.get_field("body")


def prepared_body(
    record: ArticleRecord, *, fingerprints: bool
) -> tuple[ParsedBody, bytes | None, tuple[int, ...]]:
    """The record's cleaned body and, for an article when `fingerprints`, the near-duplicate
    fingerprint of its title and body and its band keys; InvalidRecord when no text is left."""
    parsed = parse_body(record.body, record.body_format, source_name=record.source_name)
    if not fingerprints or record.kind is not Kind.ARTICLE:
        return parsed, None, ()
    signature = fingerprint.signature(f"{record.title}\n{body_text(parsed)}")
    return parsed, signature, tuple(fingerprint.band_keys(signature))


class PreparedBatch(NamedTuple):
    """A batch of entries, how far the source had been read after it, and whether the run's
    near-duplicate candidates start afresh with it (see `RunMatcher.restart_if_full`)."""

    entries: list[Entry]
    read: int
    restarted: bool = False


def prepared_batches(
    items: Iterable[ArticleRecord | Failure | Ignored],
    *,
    size: int,
    section_map: Mapping[str, str],
    similar: float,
    unchanged: Container[int] = frozenset(),
    old_hosts: frozenset[str] = frozenset(),
    position: Callable[[], int] | None = None,
    workers: int = 0,
) -> Iterator[PreparedBatch]:
    """Batches of `size` entries, records prepared (see `prepare`) and, when `similar` (the
    near-duplicate threshold, 0 for none), fingerprinted and offered the earlier items of
    the run alike enough; with the source's `position` once read (0 without one).  In a
    child process when `workers` is 1."""

    # Only a reading process trades work with the importer (and needs the shared memory).
    pace = Pace() if workers > 0 else None

    def produce() -> Iterator[PreparedBatch]:
        matcher = RunMatcher(similar)
        iterator = iter(items)
        while batch := list(islice(iterator, size)):
            restarted = matcher.restart_if_full()
            entries: list[Entry] = []
            for number, entry in enumerate(batch):
                if isinstance(entry, ArticleRecord):
                    entry = prepare(
                        entry,
                        section_map=section_map,
                        fingerprints=similar > 0,
                        unchanged=unchanged,
                        old_hosts=old_hosts,
                        ahead=pace is None or pace.works_ahead(number),
                    )
                    if entry.band_keys:
                        run_position, alike = matcher.file(entry.signature or b"", entry.band_keys)
                        entry = replace(entry, run_position=run_position, alike=alike)
                entries.append(entry)
            yield PreparedBatch(entries, position() if position is not None else 0, restarted)

    return produce() if pace is None else _in_child(produce, pace)


class Pace:
    """For how many of each ten articles the reading process works ahead (`work_ahead`).

    That work is the importer's otherwise, so the two processes can trade it: the importer
    notes when it finds no batch waiting for it (`importer_waits`), and at each batch the
    reader leaves it a tenth more of the work if it did, or takes a tenth back if it did not
    (`adjust`).  WordPress imports, whose XML the reader parses, were bound by the reading
    process (docs/importing.md, "Eleventh pass").  Either way the rows written are the same.
    """

    TENTHS = 10

    def __init__(self) -> None:
        self.tenths = self.TENTHS
        # Set by the importer, cleared by the reader: shared memory, for two processes.
        self._waited = multiprocessing.get_context("fork").RawValue("b", 0)

    def works_ahead(self, number: int) -> bool:
        """Whether to work ahead for the batch's `number`th record."""
        return number % self.TENTHS < self.tenths

    def importer_waits(self) -> None:
        self._waited.value = 1

    def adjust(self) -> None:
        waited, self._waited.value = self._waited.value, 0
        self.tenths = max(0, self.tenths - 1) if waited else min(self.TENTHS, self.tenths + 1)


def _in_child(produce: Callable[[], Iterator[T]], pace: Pace) -> Iterator[T]:
    """What `produce` yields, produced in a forked child process ahead of its use, with
    `pace` told each time nothing was ready."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_send_all, args=(produce, pace, sender, receiver), name="akhbar-import-reader"
    )
    child.daemon = True
    child.start()
    sender.close()
    try:
        while True:
            if not receiver.poll():
                pace.importer_waits()
            try:
                kind, value = receiver.recv()
            except EOFError:
                raise PrepareFailed(
                    "The process reading the input stopped unexpectedly; nothing after the"
                    " batches already written was imported. Run the import again to continue."
                ) from None
            if kind == "done":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()


def _send_all(
    produce: Callable[[], Iterator[T]], pace: Pace, sender: Connection, receiver: Connection
) -> None:
    """The child: send each item, then ("done", None); or the exception that stopped it.

    A thread sends one item while _ITEMS_AHEAD more wait and the child prepares the next:
    the two processes' work per batch varies, and with only one batch ahead the writer
    waited for the reader a fifteenth of the time (docs/importing.md, "Ninth pass").  Each
    batch waiting costs about 10 MB.
    """
    receiver.close()
    ready: queue.Queue[tuple[str, object]] = queue.Queue(maxsize=_ITEMS_AHEAD)
    thread = threading.Thread(target=_send_from, args=(ready, sender), daemon=True)
    thread.start()
    last: tuple[str, object] = ("done", None)
    try:
        with BatchCollector() as collector:
            for value in produce():
                pace.adjust()
                if not _hand(ready, ("batch", value), thread):
                    return  # the importer is gone: nobody is listening
                collector.batch_done()
    except KeyboardInterrupt:
        return  # the importer is being interrupted too
    except Exception as exc:  # noqa: BLE001 - handed to the importer, which raises it
        last = ("error", exc)
    if _hand(ready, last, thread):
        thread.join()  # the last message sent before the child exits


def _hand(ready: queue.Queue, message: tuple[str, object], sender: threading.Thread) -> bool:
    """Queue a message for the sending thread; False once that thread has stopped."""
    while sender.is_alive():
        try:
            ready.put(message, timeout=1)
        except queue.Full:
            continue
        return True
    return False


def _send_from(ready: queue.Queue, sender: Connection) -> None:
    """The child's sending thread, until the last message or a closed pipe."""
    try:
        while True:
            kind, value = ready.get()
            try:
                sender.send((kind, value))
            except BrokenPipeError:
                return  # the importer is gone
            except Exception as exc:  # noqa: BLE001 - what does not pickle is sent as text
                failed = value if kind == "error" else exc
                sender.send(("error", PrepareFailed(f"{type(failed).__name__}: {failed}")))
                return
            if kind != "batch":
                return
    finally:
        sender.close()
