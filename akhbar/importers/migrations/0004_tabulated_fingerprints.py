"""Work the stored near-duplicate fingerprints out again for the tabulated shingle hash.

Signatures of the first scheme (a blake2b digest of each shingle) never compare with those
of akhbar/importers/fingerprint.py now, so every stored signature is recomputed from its
article's title and body as they are stored, and its band keys with it.  The body's text is
read from the stored blocks the way the importer reads a cleaned body: paragraphs, headings,
lists, quotes and fact boxes (a read-also line's title is not stored with the article, and is
left out).  Items of plain pages have no signature and keep none.
"""

import html
import json
import re
from collections.abc import Iterator

from django.db import migrations

from akhbar.importers import fingerprint

_TAG = re.compile(r"<[^>]*>")
_ITEMS_PER_STEP = 1000


def _markup_text(markup: str) -> str:
    return html.unescape(_TAG.sub(" ", markup or ""))


def _block_texts(blocks: list[dict]) -> Iterator[str]:
    for block in blocks:
        kind, value = block.get("type"), block.get("value")
        if kind == "paragraph":
            yield _markup_text(value)
        elif kind == "heading":
            yield value or ""
        elif kind == "bullets":
            yield from (item["value"] if isinstance(item, dict) else item for item in value or ())
        elif kind == "quote":
            yield (value or {}).get("text", "")
        elif kind == "fact_box":
            yield _markup_text((value or {}).get("body", ""))


def recompute(apps, schema_editor):
    ImportedItem = apps.get_model("importers", "ImportedItem")
    NearDuplicateKey = apps.get_model("importers", "NearDuplicateKey")
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    items = list(ImportedItem.objects.exclude(signature=b"").values_list("pk", "page_id"))
    for start in range(0, len(items), _ITEMS_PER_STEP):
        chunk = dict(items[start : start + _ITEMS_PER_STEP])
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT page.{quote('id')}, page.{quote('title')}, article.{quote('body')}"  # noqa: S608
                f" FROM {quote('wagtailcore_page')} page JOIN {quote('news_articlepage')} article"
                f" ON article.{quote('page_ptr_id')} = page.{quote('id')}"
                f" WHERE page.{quote('id')} IN ({', '.join(['%s'] * len(chunk))})",
                list(set(chunk.values())),
            )
            articles = {
                pk: (title, json.loads(body) if isinstance(body, str) else body)
                for pk, title, body in cursor.fetchall()
            }
        updated, keys = [], []
        for pk, page_id in chunk.items():
            title, blocks = articles.get(page_id, ("", []))
            text = "\n".join([title, *_block_texts(blocks or [])])
            signature = fingerprint.signature(text)
            updated.append(ImportedItem(pk=pk, signature=signature))
            keys.extend(
                NearDuplicateKey(item_id=pk, key=key) for key in fingerprint.band_keys(signature)
            )
        ImportedItem.objects.bulk_update(updated, ["signature"])
        NearDuplicateKey.objects.filter(item_id__in=list(chunk)).delete()
        NearDuplicateKey.objects.bulk_create(keys)


class Migration(migrations.Migration):
    dependencies = [
        ("importers", "0003_near_duplicate_key_item"),
        ("news", "0005_article_source_url_index"),
    ]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
