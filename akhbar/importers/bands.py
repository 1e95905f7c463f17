"""The near-duplicate band keys of one import run's own items, held in memory.

Every new article is compared with the earlier items sharing the most of its band keys
(akhbar.importers.fingerprint).  Asking the database about the items the same run had just
written, and writing their 16 keys a batch at a time, was the largest cost of a long import
(a third of the time at 100,000 articles, see docs/importing.md): the keys are random, so
each batch dirtied pages all over the key index.  So a run matches its own items here,
asks the database only about the items imported before it, and stores its keys at the end,
sorted (`store_missing_keys`).

Compact, because a long run holds millions of keys (a dict of them cost 82 MB at 100,000
items): each key is filed in one of 65,536 byte strings by its low 16 bits, as the next 32
bits of the key and the item's position, 8 bytes in all; a look-up scans one short string
with `bytes.rfind`, in C.  Two keys equal in those 48 bits make a needless candidate, which
the comparison of the whole signatures turns down.
"""

from __future__ import annotations

import heapq
import struct
from array import array
from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction

from akhbar.importers import fingerprint
from akhbar.importers.models import (
    ITEMS_PER_KEY,
    NEAR_DUPLICATE_CANDIDATES,
    ImportedItem,
    NearDuplicateKey,
)

_BUCKET_BITS = 16
_ENTRY = struct.Struct(">II")  # the key's next 32 bits, the item's position
_PART = struct.Struct(">I")
# Items whose keys are sorted and written in one transaction (16 rows each).
_ITEMS_PER_WRITE = 10_000


class BandIndex:
    """Items by band key, each with the page it became and its signature."""

    def __init__(self) -> None:
        self._buckets: list[bytearray | None] = [None] * (1 << _BUCKET_BITS)
        self._pages = array("q")
        self._signatures: list[bytes] = []

    def __len__(self) -> int:
        return len(self._pages)

    def add(self, page_id: int, signature: bytes, keys: Iterable[int]) -> None:
        """File an item that became `page_id`; later items are the newer ones.

        An item added again (updated later in the run) keeps its earlier entry too, which
        still leads to the same page.
        """
        position = len(self._pages)
        self._pages.append(page_id)
        self._signatures.append(signature)
        for key in keys:
            bucket = key & ((1 << _BUCKET_BITS) - 1)
            entry = _ENTRY.pack((key >> _BUCKET_BITS) & 0xFFFFFFFF, position)
            if self._buckets[bucket] is None:
                self._buckets[bucket] = bytearray(entry)
            else:
                self._buckets[bucket] += entry  # type: ignore[operator]

    def sharing_most(self, keys: Iterable[int]) -> list[int]:
        """The positions of the items sharing the most of `keys`, newest first among
        equals: at most NEAR_DUPLICATE_CANDIDATES, among the newest ITEMS_PER_KEY holders
        of each key (what `NearDuplicateKey.objects.sharing_most` gives from the database).
        """
        shared: Counter[int] = Counter()
        for key in keys:
            shared.update(self._holders(key))
        best = heapq.nsmallest(
            NEAR_DUPLICATE_CANDIDATES, shared.items(), key=lambda held: (-held[1], -held[0])
        )
        return [position for position, _ in best]

    def page(self, position: int) -> int:
        return self._pages[position]

    def signature(self, position: int) -> bytes:
        return self._signatures[position]

    def _holders(self, key: int) -> list[int]:
        """The newest ITEMS_PER_KEY positions filed under `key`, newest first."""
        bucket = self._buckets[key & ((1 << _BUCKET_BITS) - 1)]
        if bucket is None:
            return []
        part = _PART.pack((key >> _BUCKET_BITS) & 0xFFFFFFFF)
        holders: list[int] = []
        end = len(bucket)
        while len(holders) < ITEMS_PER_KEY:
            at = bucket.rfind(part, 0, end)
            if at < 0:
                break
            if at % _ENTRY.size == 0:
                holders.append(_ENTRY.unpack_from(bucket, at)[1])
            # Next, a match that starts before this one (it may overlap it when unaligned).
            end = at + _PART.size - 1
        return holders


def store_missing_keys() -> None:
    """Write the band keys of every imported item that has a signature and no keys: a run's
    own items at its end, and those an interrupted run committed.

    Sorted by key, each leaf of the key index is written once per transaction instead of
    once per batch that touched it.
    """
    missing = ImportedItem.objects.exclude(signature=b"").filter(band_keys__isnull=True)
    ids = list(missing.order_by("pk").values_list("pk", flat=True))
    quote = connection.ops.quote_name
    table = quote(NearDuplicateKey._meta.db_table)
    statement = f"INSERT INTO {table} ({quote('key')}, {quote('item_id')}) VALUES (%s, %s)"  # noqa: S608
    for start in range(0, len(ids), _ITEMS_PER_WRITE):
        chunk = ids[start : start + _ITEMS_PER_WRITE]
        signatures = missing.filter(pk__range=(chunk[0], chunk[-1])).values_list("pk", "signature")
        rows = sorted(
            (key, pk)
            for pk, signature in signatures
            for key in fingerprint.band_keys(bytes(signature))
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(statement, rows)
