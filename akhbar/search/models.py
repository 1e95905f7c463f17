"""What the search index stores about each live article, shared by both backends.

The terms themselves live in a backend table next to this one (SQLite: the FTS5 table
`akhbar_search_fts`; PostgreSQL: `akhbar_search_vector`), created by this app's
migrations only on their own database engine.
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    """One indexed article: what a result shows and what filters and ranking read.

    The primary key is the page id. There is no foreign key to the page on purpose: the index
    is derived data that `akhbar search rebuild` can always recreate, and the benchmark fills
    it without pages.
    """

    id = models.IntegerField("رقم الصفحة", primary_key=True)
    # The key of the backend's term table: the publication time with the page id in its low
    # bits (backends/base.py, docno()), so term rows sort by date without reading this table.
    docno = models.BigIntegerField("مفتاح الفهرس", unique=True)
    published_ts = models.BigIntegerField("وقت النشر (ثوان منذ 1970)")
    section_id = models.IntegerField("القسم", null=True, db_index=True)
    section_title = models.CharField("اسم القسم", max_length=255, blank=True)
    url = models.CharField("الرابط", max_length=1000)
    title = models.TextField("العنوان")
    body = models.TextField("النص", blank=True)

    class Meta:
        db_table = "akhbar_search_document"
        verbose_name = "مستند بحث"
        verbose_name_plural = "مستندات البحث"

    def __str__(self) -> str:
        return self.title
