"""The per-record work of an import that needs no database, done where the records are read.

Reading the source, cleaning each body (`parse_body`), the content digest and the
near-duplicate fingerprint are about a fifth of a new article's cost, and depend on the
record alone.  With `workers=1` a child process forked from the importer reads and prepares
batch N+1 while the importer writes batch N on the other core.  The child never touches the
database: it inherited the importer's connection, which a forked process must not use.

Memory stays bounded: the child sends a batch through a pipe and blocks until the importer
takes it, so at most the batch being written, one waiting and one being prepared are held.
If the importer dies (killed, interrupted), the child's next send fails and it exits.
Records the importer already holds unchanged are only digested (see `prepare`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import islice
from multiprocessing.connection import Connection
from typing import TypeVar

from akhbar.arabic import normalize
from akhbar.importers import fingerprint
from akhbar.importers.html import ParsedBody, body_text, parse_body
from akhbar.importers.records import (
    ArticleRecord,
    Failure,
    Ignored,
    InvalidRecord,
    Kind,
    SectionRef,
)

T = TypeVar("T")
# Niceness the reading process adds to its own (see _send_all).
_NICER = 5


@dataclass(frozen=True)
class Prepared:
    """A record ready to be planned: as the import's options place it, its digest, its body
    cleaned and, for an article, its fingerprint and band keys.

    `parsed` is None when the item looked unchanged (see `prepare`); `signature` is None
    then, and when there is none to compute (matching is off, a page).  `error` is why
    cleaning refused the body; the importer reports it after checking for a duplicate.
    """

    record: ArticleRecord
    parsed: ParsedBody | None
    content_hash: str = ""
    signature: bytes | None = None
    band_keys: tuple[int, ...] = ()
    error: str = ""


Entry = Prepared | Failure | Ignored


class PrepareFailed(Exception):
    """The process reading the source stopped without saying why (killed, out of memory)."""


def prepare(
    record: ArticleRecord,
    *,
    section_map: Mapping[str, str],
    fingerprints: bool,
    unchanged: Container[int] = frozenset(),
) -> Prepared:
    """The record placed as `section_map` (normalized source section → ours) says,
    digested, cleaned and, when `fingerprints`, fingerprinted.

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
    return Prepared(record, parsed, content_hash, signature, keys)


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


def prepared_batches(
    items: Iterable[ArticleRecord | Failure | Ignored],
    *,
    size: int,
    section_map: Mapping[str, str],
    fingerprints: bool,
    unchanged: Container[int] = frozenset(),
    position: Callable[[], int] | None = None,
    workers: int = 0,
) -> Iterator[tuple[list[Entry], int]]:
    """Batches of `size` entries, records prepared (see `prepare`), each with the source's
    `position` once it was read (0 without one); in a child process when `workers` is 1."""

    def produce() -> Iterator[tuple[list[Entry], int]]:
        iterator = iter(items)
        while batch := list(islice(iterator, size)):
            entries: list[Entry] = [
                prepare(
                    entry,
                    section_map=section_map,
                    fingerprints=fingerprints,
                    unchanged=unchanged,
                )
                if isinstance(entry, ArticleRecord)
                else entry
                for entry in batch
            ]
            yield entries, position() if position is not None else 0

    return _in_child(produce) if workers > 0 else produce()


def _in_child(produce: Callable[[], Iterator[T]]) -> Iterator[T]:
    """What `produce` yields, produced in a forked child process one item ahead."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_send_all, args=(produce, sender, receiver), name="akhbar-import-reader"
    )
    child.daemon = True
    child.start()
    sender.close()
    try:
        while True:
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


def _send_all(produce: Callable[[], Iterator[T]], sender: Connection, receiver: Connection) -> None:
    """The child: send each item, then ("done", None); or the exception that stopped it."""
    receiver.close()
    # The writer is the bottleneck (the reader works about a quarter of the time): when the
    # cores are shared with other work, the reader yields to it rather than take its share.
    os.nice(_NICER)
    try:
        for value in produce():
            sender.send(("batch", value))
    except (BrokenPipeError, KeyboardInterrupt):
        return  # the importer is gone or being interrupted: nobody is listening
    except Exception as exc:  # noqa: BLE001 - handed to the importer, which raises it
        try:
            sender.send(("error", exc))
        except Exception:  # noqa: BLE001 - an exception that does not pickle
            sender.send(("error", PrepareFailed(f"{type(exc).__name__}: {exc}")))
    else:
        sender.send(("done", None))
    finally:
        sender.close()
