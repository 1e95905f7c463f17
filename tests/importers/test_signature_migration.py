"""Migration 0004: the signatures of the earlier hash are computed again, their keys dropped."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from akhbar.importers import fingerprint
from akhbar.importers.html import searchable_text
from akhbar.importers.models import ImportedItem, NearDuplicateKey
from tests.factories import make_article, make_section

BEFORE = [("importers", "0003_near_duplicate_key_item")]
AFTER = [("importers", "0004_xxh3_signatures")]
OLD_SIGNATURE = bytes(range(192))


# Migrations run outside a test's transaction; the pages migrations made are restored.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_signatures_are_computed_again_from_the_pages(home):
    article = make_article(
        make_section(home),
        "افتتاح معرض الكتاب في طرابلس بمشاركة دور نشر عربية",
        paragraphs=["يستمر المعرض عشرة أيام.", "وتقام على هامشه ندوات وأمسيات شعرية."],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Item = old.get_model("importers", "ImportedItem")
    signed = Item.objects.create(
        source="wordpress", guid="1", page_id=article.pk, content_hash="x", signature=OLD_SIGNATURE
    )
    Item.objects.create(source="wordpress", guid="2", page_id=article.pk, content_hash="y")
    old.get_model("importers", "NearDuplicateKey").objects.create(item=signed, key=12345)

    MigrationExecutor(connection).migrate(AFTER)

    expected = fingerprint.signature(f"{article.title}\n{searchable_text(article.body)}")
    assert len(expected) == len(OLD_SIGNATURE)
    assert signatures() == {"1": expected, "2": b""}  # an item without one stays without
    assert not NearDuplicateKey.objects.exists()  # the next import stores them again

    # Back: the older code cannot compare them, and matches by id and URL only.
    MigrationExecutor(connection).migrate(BEFORE)
    assert signatures() == {"1": b"", "2": b""}
    MigrationExecutor(connection).migrate(AFTER)


def signatures() -> dict[str, bytes]:
    return {
        guid: bytes(value) for guid, value in ImportedItem.objects.values_list("guid", "signature")
    }
