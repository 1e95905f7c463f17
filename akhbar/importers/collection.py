"""Garbage collection by batch while importing, instead of by allocation count.

A batch of new articles builds pages, tag and author links and StreamValues that refer to
each other: only the cycle collector frees them, and its automatic runs (one every 700
allocations, the oldest generation whenever enough objects survived) walked the same
objects again and again, Django's and Wagtail's included.  At 100,000 articles that was
24.6 s, 17% of the writing process's time (docs/importing.md, "Eleventh pass").

Inside `BatchCollector` the objects that exist when the import starts are frozen (never
walked again, and shared with the reading process forked from it), and each process says
when it has finished a batch: what the batch allocated is walked once then, and everything
every FULL_EVERY batches, for what outlives a batch (the articles handed to publishing, for
one).  The automatic collection is left only for a batch that allocates far more than
usual (YOUNG_LIMIT), so that garbage never piles up: a batch of 500 new articles leaves
about 15,000 objects in either process.

The collector's settings belong to the whole process: only a run that has the process to
itself uses this (a bulk run, see pipeline._collection), never one inside a web server.
"""

from __future__ import annotations

import gc
from types import TracebackType

# Batches between two collections of the oldest generation.
FULL_EVERY = 10
# Objects allocated (net) before the youngest generation is collected within a batch.
YOUNG_LIMIT = 50_000
# A count of collections the older generations never reach.
_NEVER = 1 << 30


class BatchCollector:
    """`with BatchCollector() as collector:` ... `collector.batch_done()` after each batch."""

    def __init__(self) -> None:
        self._batches = 0
        self._thresholds = gc.get_threshold()

    def __enter__(self) -> BatchCollector:
        gc.set_threshold(YOUNG_LIMIT, _NEVER, _NEVER)
        gc.collect()  # what is garbage now would never be freed once frozen
        gc.freeze()
        return self

    def batch_done(self) -> None:
        self._batches += 1
        gc.collect(2 if self._batches % FULL_EVERY == 0 else 1)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        gc.unfreeze()
        gc.set_threshold(*self._thresholds)
