"""Garbage collection by batch (akhbar.importers.collection)."""

import gc
import weakref

from akhbar.importers import collection
from akhbar.importers.collection import BatchCollector


class Node:
    """An object in a reference cycle: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_a_batchs_cycles_are_freed_when_it_is_done():
    with BatchCollector() as collector:
        node = Node()
        gone = weakref.ref(node)
        del node
        assert gone() is not None  # not collected before the batch is done
        collector.batch_done()
        assert gone() is None


def test_what_outlives_batches_is_freed_by_a_full_collection():
    with BatchCollector() as collector:
        node = Node()
        gone = weakref.ref(node)
        collector.batch_done()  # still alive: it moves to the oldest generation
        del node
        for _ in range(collection.FULL_EVERY - 2):
            collector.batch_done()
        assert gone() is not None
        collector.batch_done()
        assert gone() is None


def test_a_batch_that_allocates_far_more_than_usual_is_collected_as_it_goes():
    with BatchCollector():
        node = Node()
        gone = weakref.ref(node)
        del node
        keep = [[] for _ in range(collection.YOUNG_LIMIT + 1)]
        assert gone() is None
        assert keep


def test_the_collector_is_as_it_was_afterwards():
    before = gc.get_threshold()
    with BatchCollector():
        assert gc.get_threshold() != before
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
