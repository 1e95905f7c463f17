"""Near-duplicate signatures hash shingles with xxh3 instead of blake2b (akhbar.importers.
fingerprint), and the two do not compare: each imported article's signature is computed
again from its page's title and body, and the band keys of the old ones are dropped, for the
next import to store again (bands.store_missing_keys).

The text is the page's searchable text, which leaves out the read-also cards an import's
signature counts: a few words of hundreds, well inside what a near-duplicate may differ by.
"""

from django.db import migrations

from akhbar.importers.fingerprint import signature
from akhbar.importers.html import searchable_text
from akhbar.importers.pipeline import batches

CHUNK = 500


def compute_again(apps, schema_editor):
    ImportedItem = apps.get_model("importers", "ImportedItem")
    ArticlePage = apps.get_model("news", "ArticlePage")
    apps.get_model("importers", "NearDuplicateKey").objects.all().delete()
    items = ImportedItem.objects.exclude(signature=b"").only("pk", "page_id").order_by("pk")
    for chunk in batches(items.iterator(chunk_size=CHUNK), CHUNK):
        _sign(ArticlePage, ImportedItem, chunk)


def _sign(ArticlePage, ImportedItem, items):
    pages = ArticlePage.objects.in_bulk({item.page_id for item in items})
    for item in items:
        page = pages.get(item.page_id)
        item.signature = signature(f"{page.title}\n{searchable_text(page.body)}") if page else b""
    ImportedItem.objects.bulk_update(items, ["signature"])


def forget(apps, schema_editor):
    """The older code cannot compare these signatures: its imports match by id and URL."""
    apps.get_model("importers", "NearDuplicateKey").objects.all().delete()
    apps.get_model("importers", "ImportedItem").objects.update(signature=b"")


class Migration(migrations.Migration):
    dependencies = [
        ("importers", "0003_near_duplicate_key_item"),
        ("news", "0005_article_source_url_index"),
    ]

    operations = [migrations.RunPython(compute_again, forget)]
