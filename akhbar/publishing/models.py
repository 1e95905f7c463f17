"""What each published page showed when it was last rendered."""

from __future__ import annotations

from django.db import models


class RenderedPage(models.Model):
    """A reader path as last rendered by the publisher, with its validators."""

    path = models.CharField(max_length=1000, unique=True)
    rendered_at = models.DateTimeField()
    etag = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = "صفحة منشورة"
        verbose_name_plural = "الصفحات المنشورة"

    def __str__(self) -> str:
        return self.path


class RenderedPageArticle(models.Model):
    """One article shown on a rendered page: the index «which pages show article N»."""

    page = models.ForeignKey(RenderedPage, on_delete=models.CASCADE, related_name="articles")
    article_id = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "article_id"], name="unique_rendered_article")
        ]

    def __str__(self) -> str:
        return f"{self.page_id}: {self.article_id}"


class ArticleSnapshot(models.Model):
    """An article as it was last published: the `before` of its next change."""

    article_id = models.BigIntegerField(primary_key=True)
    state = models.JSONField()

    def __str__(self) -> str:
        return str(self.article_id)


class SiteSnapshot(models.Model):
    """A digest of what every page shows (akhbar.publishing.sitewide), as last published."""

    key = models.CharField(max_length=20, primary_key=True)
    digest = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.key
