"""Every article and plain page as JSON Lines, in the format `akhbar import jsonl` reads, so
nobody is locked in: exporting and importing into an empty site reproduces the content."""

from __future__ import annotations

import html
import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Protocol, TypeVar

from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import expand_db_html
from wagtail.rich_text.rewriters import FIND_EMBED_TAG, extract_attrs

from akhbar.core.models import StandardPage
from akhbar.importers.html import blocks_to_html
from akhbar.importers.models import ImportedItem
from akhbar.importers.pipeline import batches
from akhbar.importers.records import (
    ArticleRecord,
    BodyFormat,
    ImageRef,
    InvalidRecord,
    Kind,
    SectionRef,
    Status,
    is_title_key,
)
from akhbar.importers.sources.jsonl import record_to_json
from akhbar.news.models import ArticlePage, SectionPage

logger = logging.getLogger(__name__)

_CHUNK = 500
P = TypeVar("P", bound=Page)


class Writer(Protocol):
    def write(self, text: str, /) -> object: ...


@dataclass(frozen=True)
class ExportReport:
    articles: int
    pages: int
    skipped: int


def export_jsonl(out: Writer) -> ExportReport:
    """Write every article, oldest first (so read-also targets come before the articles that
    link them), then every plain page, one JSON object per line."""
    written: Counter[Kind] = Counter()
    skipped = 0
    for record in _records():
        if record is None:
            skipped += 1
        else:
            out.write(json.dumps(record_to_json(record), ensure_ascii=False) + "\n")
            written[record.kind] += 1
    return ExportReport(written[Kind.ARTICLE], written[Kind.PAGE], skipped)


def _records() -> Iterator[ArticleRecord | None]:
    """Each article's record, then each plain page's, or None (logged) for one that cannot
    be imported again."""
    sections = {section.path: section for section in SectionPage.objects.all()}
    articles = ArticlePage.objects.select_related("lead_image").prefetch_related(
        "tagged_items__tag", "article_authors__author"
    )
    for page, guid, old_urls in chain(
        _oldest_first(articles), _oldest_first(StandardPage.objects.all())
    ):
        try:
            if isinstance(page, StandardPage):
                yield record_from_standard_page(page, guid=guid, old_urls=old_urls)
            else:
                section = sections.get(page.path[: -ArticlePage.steplen])
                yield record_from_article(page, section=section, guid=guid, old_urls=old_urls)
        except InvalidRecord as exc:
            logger.warning("Not exported: page %s (%s): %s", page.pk, page.title, exc)
            yield None


def _oldest_first(pages: QuerySet[P]) -> Iterator[tuple[P, str, list[str]]]:
    """Each page, a chunk at a time, with its guid (the one it was imported with, else
    `akhbar:<id>`) and its old addresses (the redirects to it)."""
    ids = list(
        pages.annotate(when=Coalesce("first_published_at", F("latest_revision_created_at")))
        .order_by("when", "pk")
        .values_list("pk", flat=True)
    )
    for chunk in batches(ids, _CHUNK):
        guids: dict[int, str] = {}
        for page_id, guid in (
            ImportedItem.objects.filter(page_id__in=chunk)
            .order_by("pk")
            .values_list("page_id", "guid")
        ):
            if not is_title_key(guid):
                guids.setdefault(page_id, guid)
        old_paths: dict[int, list[str]] = defaultdict(list)
        for page_id, path in (
            Redirect.objects.filter(redirect_page_id__in=chunk)
            .order_by("pk")
            .values_list("redirect_page_id", "old_path")
        ):
            old_paths[page_id].append(path)
        by_id = pages.in_bulk(chunk)
        for pk in chunk:
            if pk in by_id:  # else deleted since the list was read
                yield by_id[pk], guids.get(pk, f"akhbar:{pk}"), old_paths[pk]


def record_from_article(
    page: ArticlePage,
    *,
    section: SectionPage | None,
    guid: str,
    old_urls: Sequence[str] = (),
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


def record_from_standard_page(
    page: StandardPage, *, guid: str, old_urls: Sequence[str] = ()
) -> ArticleRecord:
    """The record a plain page would be imported from (`"kind": "page"`, no section)."""
    content = page if page.live else page.get_latest_revision_as_object()
    published = page.first_published_at or page.latest_revision_created_at
    if published is None:
        raise InvalidRecord("never saved with a date")
    return ArticleRecord(
        guid=guid,
        kind=Kind.PAGE,
        title=content.title,
        body=rich_text_to_html(content.body),
        body_format=BodyFormat.HTML,
        section=None,
        published=published,
        updated=page.last_published_at if page.live else None,
        status=Status.LIVE if page.live else Status.DRAFT,
        old_urls=tuple(old_urls),
    )


def rich_text_to_html(source: str) -> str:
    """Plain HTML for a rich text field: links to pages become their addresses (as on the
    site) and images a <figure> with the original file's address, which an import into a
    site with the same media library finds again (a rendition's address would not be)."""
    return expand_db_html(FIND_EMBED_TAG.sub(_original_image, source))


def _original_image(embed: re.Match[str]) -> str:
    """An image embed as a figure of its original file; other embeds as they were."""
    attrs = extract_attrs(embed[1])
    if attrs.get("embedtype") != "image":
        return embed[0]
    image_id = attrs.get("id", "")
    image = get_image_model().objects.filter(pk=image_id).first() if image_id.isdigit() else None
    if image is None:
        return ""
    alt = html.escape(attrs.get("alt", ""))
    return f'<figure><img src="{html.escape(image.file.url)}" alt="{alt}"></figure>'
