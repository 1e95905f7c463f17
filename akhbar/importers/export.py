"""Every article as JSON Lines, in the format `akhbar import jsonl` reads, so nobody is
locked in: exporting and importing into an empty site reproduces the content."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from django.db.models import F
from django.db.models.functions import Coalesce
from wagtail.contrib.redirects.models import Redirect

from akhbar.importers.html import blocks_to_html
from akhbar.importers.models import ImportedItem
from akhbar.importers.pipeline import batches
from akhbar.importers.records import (
    ArticleRecord,
    BodyFormat,
    ImageRef,
    InvalidRecord,
    SectionRef,
    Status,
    is_title_key,
)
from akhbar.importers.sources.jsonl import record_to_json
from akhbar.news.models import ArticlePage, SectionPage

logger = logging.getLogger(__name__)

_CHUNK = 500


class Writer(Protocol):
    def write(self, text: str, /) -> object: ...


@dataclass(frozen=True)
class ExportReport:
    written: int
    skipped: int


def export_jsonl(out: Writer) -> ExportReport:
    """Write every article, oldest first (so read-also targets come before the articles that
    link them), one JSON object per line."""
    written = skipped = 0
    for record in _records():
        if record is None:
            skipped += 1
        else:
            out.write(json.dumps(record_to_json(record), ensure_ascii=False) + "\n")
            written += 1
    return ExportReport(written, skipped)


def _records() -> Iterator[ArticleRecord | None]:
    """Each article's record, or None (logged) for one that cannot be imported again."""
    sections = {section.path: section for section in SectionPage.objects.all()}
    ids = list(
        ArticlePage.objects.annotate(
            when=Coalesce("first_published_at", F("latest_revision_created_at"))
        )
        .order_by("when", "pk")
        .values_list("pk", flat=True)
    )
    for chunk in batches(ids, _CHUNK):
        pages = ArticlePage.objects.filter(pk__in=chunk).select_related("lead_image")
        pages = pages.prefetch_related("tagged_items__tag", "article_authors__author")
        by_id = {page.pk: page for page in pages}
        guids: dict[int, str] = {}
        for page_id, guid in (
            ImportedItem.objects.filter(page_id__in=chunk)
            .order_by("pk")
            .values_list("page_id", "guid")
        ):
            if not is_title_key(guid):
                guids.setdefault(page_id, guid)
        old_paths: dict[int, list[str]] = {}
        for page_id, path in (
            Redirect.objects.filter(redirect_page_id__in=chunk)
            .order_by("pk")
            .values_list("redirect_page_id", "old_path")
        ):
            old_paths.setdefault(page_id, []).append(path)
        for pk in chunk:
            page = by_id[pk]
            section = sections.get(page.path[: -ArticlePage.steplen])
            try:
                yield record_from_page(
                    page,
                    section=section,
                    guid=guids.get(pk, f"akhbar:{pk}"),
                    old_urls=old_paths.get(pk, ()),
                )
            except InvalidRecord as exc:
                logger.warning("Not exported: article %s (%s): %s", pk, page.title, exc)
                yield None


def record_from_page(
    page: ArticlePage,
    *,
    section: SectionPage | None,
    guid: str,
    old_urls: tuple[str, ...] | list[str] = (),
) -> ArticleRecord:
    """The record an article would be imported from; drafts as their latest revision."""
    if section is None:
        raise InvalidRecord("not inside a section")
    content = page if page.live else page.get_latest_revision_as_object()
    published = page.first_published_at or page.latest_revision_created_at
    if published is None:
        raise InvalidRecord("never saved with a date")
    image = content.lead_image
    return ArticleRecord(
        guid=guid,
        title=content.title,
        body=blocks_to_html(content.body),
        body_format=BodyFormat.HTML,
        section=SectionRef(section.title, section.slug),
        published=published,
        updated=page.last_published_at if page.live else None,
        dek=content.dek,
        tags=tuple(item.tag.name for item in content.tagged_items.all()),
        authors=tuple(link.author.name for link in content.article_authors.all()),
        source_name=content.source_name,
        source_url=content.source_url,
        status=Status.LIVE if page.live else Status.DRAFT,
        lead_image=ImageRef(
            src=image.file.url,
            alt=image.description or "",
            caption=content.lead_image_caption,
            credit=content.lead_image_credit,
        )
        if image
        else None,
        old_urls=tuple(old_urls),
    )
