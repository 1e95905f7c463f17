"""What the importers remember between runs."""

from collections.abc import Sequence

from django.db import connection, models

# Stored items compared with a new one on all their bins, those sharing the most band keys
# first: a true near-duplicate shares several of 16 bands, while common phrasing makes many
# articles share one, and comparing them all would grow with the size of the site.
NEAR_DUPLICATE_CANDIDATES = 8
# Holders read per band key, the newest first.  A key held by more items stands for common
# phrasing (hundreds of items at 5,000 articles, growing with the site), not for one story;
# reading them all made each batch of a long import slower than the last.
ITEMS_PER_KEY = 64


class ImportedItem(models.Model):
    """Which page an item of a source became, and a digest of what it said last time.

    Re-running an import finds its pages here (so it updates instead of duplicating) and
    skips items whose digest is unchanged without loading their pages.
    """

    source = models.CharField("المصدر", max_length=40)
    guid = models.CharField("المعرّف في المصدر", max_length=1000)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="الصفحة",
        on_delete=models.CASCADE,
        related_name="imported_items",
    )
    content_hash = models.CharField("بصمة المحتوى", max_length=64)
    # akhbar.importers.fingerprint.signature of the text: near-duplicates of later imports
    # (the same wire story lightly rewritten) update this page instead of creating a twin.
    signature = models.BinaryField("بصمة النص", max_length=192, blank=True, default=b"")
    imported_at = models.DateTimeField("آخر استيراد", auto_now=True)

    class Meta:
        verbose_name = "عنصر مستورد"
        verbose_name_plural = "العناصر المستوردة"
        constraints = [
            models.UniqueConstraint(fields=["source", "guid"], name="unique_imported_source_guid")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.guid} → {self.page_id}"


class NearDuplicateKeyManager(models.Manager["NearDuplicateKey"]):
    def sharing_most(self, keys: Sequence[int], *, up_to: int | None = None) -> list[int]:
        """The imported items sharing the most of these band keys, newest first among equals:
        at most NEAR_DUPLICATE_CANDIDATES, among the newest ITEMS_PER_KEY holders of each key
        (of those whose id is `up_to` or less, when given).

        One statement, counted by the database from the (key, item) index: reading every
        holder into Python grew with the site (120,000 rows a batch at 100,000 articles).
        """
        if not keys:
            return []
        quote = connection.ops.quote_name
        table, item = quote(self.model._meta.db_table), quote("item_id")
        below = "" if up_to is None else f" AND {item} <= %s"
        newest = (
            f"SELECT {item} FROM (SELECT {item} FROM {table} WHERE {quote('key')} = %s{below}"  # noqa: S608
            f" ORDER BY {item} DESC LIMIT {ITEMS_PER_KEY}) AS k{{}}"
        )
        held = " UNION ALL ".join(newest.format(number) for number in range(len(keys)))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {item} FROM ({held}) AS held GROUP BY {item}"  # noqa: S608 - names
                f" ORDER BY COUNT(*) DESC, {item} DESC LIMIT {NEAR_DUPLICATE_CANDIDATES}",
                list(keys) if up_to is None else [value for key in keys for value in (key, up_to)],
            )
            return [pk for (pk,) in cursor.fetchall()]


class NearDuplicateKey(models.Model):
    """One LSH band of an item's signature: items sharing a key are compared in full, so a
    lookup among 100,000 items reads a handful of rows (akhbar.importers.fingerprint)."""

    item = models.ForeignKey(ImportedItem, on_delete=models.CASCADE, related_name="band_keys")
    key = models.BigIntegerField()

    objects = NearDuplicateKeyManager()

    class Meta:
        verbose_name = "مفتاح تشابه"
        verbose_name_plural = "مفاتيح التشابه"
        # Holds what `sharing_most` reads: a key's holders, newest first, without the rows.
        indexes = [models.Index(fields=["key", "item"], name="near_duplicate_key_item")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.key}"
