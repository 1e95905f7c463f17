"""Near-duplicate candidates stay few however many items share common phrasing."""

import pytest

from akhbar.importers.bands import BandIndex
from akhbar.importers.fingerprint import BANDS
from akhbar.importers.models import (
    ITEMS_PER_KEY,
    NEAR_DUPLICATE_CANDIDATES,
    ImportedItem,
    NearDuplicateKey,
)
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

COMMON, RARE_A, RARE_B = 7, 8, 9


@pytest.fixture
def items(home) -> list[ImportedItem]:
    page = make_article(make_section(home), "خبر عن افتتاح سوق شعبية في حمص")
    ImportedItem.objects.bulk_create(
        ImportedItem(source="jsonl", guid=f"g{number}", page=page, content_hash="x")
        for number in range(ITEMS_PER_KEY + 6)
    )
    return list(ImportedItem.objects.order_by("pk"))


def hold(key: int, *holders: ImportedItem) -> None:
    NearDuplicateKey.objects.bulk_create(NearDuplicateKey(item=item, key=key) for item in holders)


def test_items_sharing_most_keys_come_first_newest_among_equals(items):
    hold(COMMON, *items)
    hold(RARE_A, items[0], items[1])
    hold(RARE_B, items[0], items[-1])

    found = NearDuplicateKey.objects.sharing_most([COMMON, RARE_A, RARE_B])

    # Two keys each: the newest holder of the common key, then the oldest item, which the
    # common key's cap leaves out but its two rare keys find.
    assert found[:2] == [items[-1].pk, items[0].pk]
    # Then one key each, newest first, up to the limit.
    assert found[2:] == [item.pk for item in reversed(items[1 - NEAR_DUPLICATE_CANDIDATES : -1])]
    # Held by both the common key and a rare one, but older than the common key's newest
    # ITEMS_PER_KEY holders: counted for the rare key only, so ranked below the limit.
    assert items[1].pk not in found


def test_all_bands_of_an_item_in_one_lookup(items):
    keys = list(range(100, 100 + BANDS))
    hold(keys[0], items[0])
    for key in keys[5:8]:
        hold(key, items[1])
    hold(10**12, items[2])  # a key the item does not have

    assert NearDuplicateKey.objects.sharing_most(keys) == [items[1].pk, items[0].pk]
    assert NearDuplicateKey.objects.sharing_most([]) == []


def test_items_after_a_given_one_are_left_out(items):
    """What an import run stored of its own items is not asked again (`up_to`)."""
    hold(COMMON, *items)
    hold(RARE_A, items[2], items[3])

    found = NearDuplicateKey.objects.sharing_most([COMMON, RARE_A], up_to=items[2].pk)

    assert found == [items[2].pk, items[1].pk, items[0].pk]


def test_a_run_finds_its_own_items_in_memory_as_the_database_would(items):
    """BandIndex, which holds an import run's own items, ranks as `sharing_most` does."""
    hold(COMMON, *items)
    hold(RARE_A, items[0], items[1])
    hold(RARE_B, items[0], items[-1])
    index = BandIndex()
    for item in items:  # oldest first, as a run files them
        index.add(b"", item.band_keys.values_list("key", flat=True))

    keys = [COMMON, RARE_A, RARE_B, 10**12]
    assert [items[at].pk for at in index.sharing_most(keys)] == (
        NearDuplicateKey.objects.sharing_most(keys)
    )


def test_keys_filed_in_one_bucket_stay_apart():
    index = BandIndex()
    held = (0xABCDEF12 << 16) | 5
    assert index.add(b"sig", [held]) == 0
    assert index.add(b"other", [(0xABCDEF13 << 16) | 5]) == 1  # the same bucket (low 16 bits)
    assert index.sharing_most([held]) == [0]
    assert index.sharing_most([(0xABCDEF11 << 16) | 5, 6]) == []
    assert index.signature(0) == b"sig"
