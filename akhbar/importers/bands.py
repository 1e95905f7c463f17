"""The near-duplicate candidates of one import run's own items, found in memory.

Every new article is compared with the earlier items sharing the most of its band keys
(akhbar.importers.fingerprint).  Asking the database about the items the same run had just
written, and writing their 16 keys a batch at a time, was the largest single cost of a long
import (docs/importing.md, "Eighth pass"): the keys are random, so each batch dirtied pages
all over the key index.  So a run matches its own items here, in the process that reads
and prepares the records (`RunMatcher`, on the other core: "Ninth pass"), the importer asks
the database only about the items imported before the run, and stores the run's keys as it
goes, ten thousand items at a time, sorted (`store_missing_keys`).

Compact, because a long run holds millions of keys (a dict of them cost 82 MB at 100,000
items): each key is filed in one of 65,536 buckets by its low 16 bits, the rest of the key
and the item's position in two sorted arrays.  A look-up is a binary search and a slice, in
C: the holders of a key common in news phrasing (up to ITEMS_PER_KEY) are counted without a
Python step each.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain
from operator import itemgetter

from django.db import connection, transaction

from akhbar.importers import fingerprint
from akhbar.importers.models import (
    ITEMS_PER_KEY,
    NEAR_DUPLICATE_CANDIDATES,
    ImportedItem,
    NearDuplicateKey,
)

# Items a run holds in memory (about 55 MB at 100,000), then starts afresh: see RunMatcher.
RUN_BANDS_IN_MEMORY = 100_000
_BUCKET_BITS = 16
_BUCKET_MASK = (1 << _BUCKET_BITS) - 1
# Items whose keys are sorted and written in one transaction (16 rows each).
_ITEMS_PER_WRITE = 10_000
_MOST_SHARED_NEWEST = itemgetter(1, 0)  # (keys shared, position): the newest among equals

Alike = tuple[tuple[int, float], ...]
"""Earlier items of the run alike enough: (run position, estimated similarity)."""


class BandIndex:
    """Items by band key, each with its signature, by their position (order of filing)."""

    def __init__(self) -> None:
        # Per bucket: the keys without their bucket bits, sorted, and each one's item.
        self._keys: list[array | None] = [None] * (1 << _BUCKET_BITS)
        self._holders: list[array | None] = [None] * (1 << _BUCKET_BITS)
        self._signatures: list[bytes] = []

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, signature: bytes, keys: Iterable[int]) -> int:
        """File an item, newer than those filed before; returns its position."""
        position = len(self._signatures)
        self._signatures.append(signature)
        for key in keys:
            bucket, rest = key & _BUCKET_MASK, key >> _BUCKET_BITS
            stored = self._keys[bucket]
            if stored is None:
                self._keys[bucket] = array("Q", (rest,))
                self._holders[bucket] = array("I", (position,))
            else:
                # After its equals: a key's holders stay oldest first.
                at = bisect_right(stored, rest)
                stored.insert(at, rest)
                self._holders[bucket].insert(at, position)  # type: ignore[union-attr]
        return position

    def sharing_most(self, keys: Iterable[int]) -> list[int]:
        """The positions of the items sharing the most of `keys`, newest first among
        equals: at most NEAR_DUPLICATE_CANDIDATES, among the newest ITEMS_PER_KEY holders
        of each key (what `NearDuplicateKey.objects.sharing_most` gives from the database).
        """
        shared = Counter(chain.from_iterable(map(self._newest_holders, keys)))
        # sorted() with a C key makes no Python call per item, unlike heapq.nlargest.
        best = sorted(shared.items(), key=_MOST_SHARED_NEWEST, reverse=True)
        return [position for position, _ in best[:NEAR_DUPLICATE_CANDIDATES]]

    def signature(self, position: int) -> bytes:
        return self._signatures[position]

    def _newest_holders(self, key: int) -> Sequence[int]:
        stored = self._keys[key & _BUCKET_MASK]
        if stored is None:
            return ()
        rest = key >> _BUCKET_BITS
        first = bisect_left(stored, rest)
        end = bisect_right(stored, rest, first)
        return self._holders[key & _BUCKET_MASK][max(first, end - ITEMS_PER_KEY) : end]  # type: ignore[index]


class RunMatcher:
    """The reading process's half of matching a run's items: it files each new article by
    its band keys and offers the importer the earlier ones alike enough, by their position in
    the run; the importer knows which of them became which page, and decides.

    Memory stays bounded however long the run: holding RUN_BANDS_IN_MEMORY items, it starts
    afresh at the next batch (`restart_if_full`), and the importer stores the keys of what
    it wrote so far, where it finds those items from then on.
    """

    def __init__(self, similar: float) -> None:
        self.similar = similar
        self._index = BandIndex()

    def file(self, signature: bytes, keys: Sequence[int]) -> tuple[int, Alike]:
        """File an item: its position, and the earlier items at least `similar` alike, in
        the order the importer weighs them (the most keys shared first)."""
        alike = tuple(
            (position, score)
            for position in self._index.sharing_most(keys)
            if (score := fingerprint.similarity(signature, self._index.signature(position)))
            >= self.similar
        )
        return self._index.add(signature, keys), alike

    def restart_if_full(self) -> bool:
        """Forget the items filed so far if they are RUN_BANDS_IN_MEMORY or more; True then,
        and positions count from 0 again."""
        if len(self._index) < RUN_BANDS_IN_MEMORY:
            return False
        self._index = BandIndex()
        return True


def store_missing_keys(after: int = 0) -> int:
    """Write the band keys of every imported item after the id `after` that has a signature
    and no keys: those an interrupted run committed, a run's new and changed items as it goes
    (pipeline.KEYS_STORED_EVERY), and its last ones at its end.  Returns the highest id
    written for, or `after`: where the next call can start.

    Sorted by key, each leaf of the key index is written once per transaction instead of
    once per batch that touched it.
    """
    missing = ImportedItem.objects.exclude(signature=b"").filter(
        pk__gt=after, band_keys__isnull=True
    )
    ids = list(missing.order_by("pk").values_list("pk", flat=True))
    quote = connection.ops.quote_name
    table = quote(NearDuplicateKey._meta.db_table)
    statement = f"INSERT INTO {table} ({quote('key')}, {quote('item_id')}) VALUES (%s, %s)"  # noqa: S608
    for start in range(0, len(ids), _ITEMS_PER_WRITE):
        chunk = ids[start : start + _ITEMS_PER_WRITE]
        with transaction.atomic(), connection.cursor() as cursor:
            # Read again inside the transaction: another run may have written some since.
            signatures = missing.filter(pk__range=(chunk[0], chunk[-1]))
            rows = sorted(
                (key, pk)
                for pk, signature in signatures.values_list("pk", "signature")
                for key in fingerprint.band_keys(bytes(signature))
            )
            cursor.executemany(statement, rows)
    return ids[-1] if ids else after
