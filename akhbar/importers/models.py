"""What the importers remember between runs."""

from django.db import models


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


class NearDuplicateKey(models.Model):
    """One LSH band of an item's signature: items sharing a key are compared in full, so a
    lookup among 100,000 items reads a handful of rows (akhbar.importers.fingerprint)."""

    item = models.ForeignKey(ImportedItem, on_delete=models.CASCADE, related_name="band_keys")
    key = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = "مفتاح تشابه"
        verbose_name_plural = "مفاتيح التشابه"

    def __str__(self) -> str:
        return f"{self.item_id}: {self.key}"
