"""Near-duplicate candidates stay few however many items share common phrasing."""

import pytest

from akhbar.importers import pipeline
from akhbar.importers.models import ImportedItem, NearDuplicateKey
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

COMMON, RARE = 7, 8


def test_a_common_band_key_reads_only_its_newest_items(home):
    page = make_article(make_section(home), "خبر عن افتتاح سوق شعبية في حمص")
    ImportedItem.objects.bulk_create(
        ImportedItem(source="jsonl", guid=f"g{number}", page=page, content_hash="x")
        for number in range(pipeline._ITEMS_PER_KEY + 6)
    )
    items = list(ImportedItem.objects.order_by("pk"))
    NearDuplicateKey.objects.bulk_create(NearDuplicateKey(item=item, key=COMMON) for item in items)
    NearDuplicateKey.objects.create(item=items[0], key=RARE)

    common: set[int] = set()
    by_key = pipeline._items_by_key({COMMON, RARE}, common)

    newest = {item.pk for item in items[-pipeline._ITEMS_PER_KEY :]}
    assert by_key[COMMON] == newest
    # The cap is per key: the oldest item is still found by a key few items share.
    assert by_key[RARE] == {items[0].pk}
    # Learned: the next lookup reads the common key's newest items only, with the same result.
    assert common == {COMMON}
    assert pipeline._items_by_key({COMMON, RARE}, common) == by_key


def test_many_keys_are_looked_up_in_several_queries(home):
    page = make_article(make_section(home), "خبر عن افتتاح سوق شعبية في حمص")
    item = ImportedItem.objects.create(source="jsonl", guid="g", page=page, content_hash="x")
    keys = range(1, 2 * pipeline._KEYS_PER_LIST + 2)
    NearDuplicateKey.objects.bulk_create(NearDuplicateKey(item=item, key=key) for key in keys)

    # Common keys (one sub-select each) and the others (IN lists) both span several queries.
    common = set(range(1, pipeline._KEYS_PER_QUERY + 2))
    by_key = pipeline._items_by_key({*keys, *range(10**9, 10**9 + pipeline._KEYS_PER_LIST)}, common)

    assert by_key == {key: {item.pk} for key in keys}
