"""Wire stories posted to the API, written by the importers' pipeline under newsroom rules.

The pipeline (akhbar.importers) already creates or updates an article by (source, guid)
and skips an unchanged one; this module adds what an open endpoint needs on top: the
section must exist, and the token's account must be allowed to do what the story asks
(Wagtail's page permissions, which the newsroom roles grant: a writer makes drafts).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import HttpError
from wagtail.models import Page, Site

from akhbar.api.schemas import ArticleIn, IngestOut
from akhbar.importers.models import ImportedItem
from akhbar.importers.pipeline import ImportOptions, run_import
from akhbar.importers.records import (
    ArticleRecord,
    BodyFormat,
    ImportReport,
    InvalidRecord,
    SectionRef,
    Status,
)
from akhbar.news.models import ArticlePage, SectionPage

# The guid namespace of stories posted to the API (importers use "jsonl", "blogger" ...).
SOURCE = "api"


def upsert(payload: ArticleIn, *, user, request: HttpRequest) -> IngestOut:
    """Create or update the story with `payload.guid`; raise HttpError 403/404/422."""
    site = Site.find_for_request(request)
    section = SectionPage.objects.child_of(site.root_page).filter(slug=payload.section).first()
    if section is None:
        raise HttpError(404, f"No section with the slug {payload.section!r}.")
    known = ImportedItem.objects.filter(source=SOURCE, guid=payload.guid).first()
    page = ArticlePage.objects.filter(pk=known.page_id).first() if known else None
    publish = payload.status == "published"
    check_permission(user, section, page, publish=publish)
    report = run_import([record(payload, section)], ImportOptions(source=SOURCE), site=site)
    if report.failed:
        raise HttpError(422, str(report.failures[0]))
    page_id = ImportedItem.objects.get(source=SOURCE, guid=payload.guid).page_id
    if report.created:
        # The pipeline writes rows in bulk with no owner; the owner is who may edit a draft.
        Page.objects.filter(pk=page_id, owner__isnull=True).update(owner=user)
    article = ArticlePage.objects.get(pk=page_id)
    return IngestOut(
        id=page_id,
        guid=payload.guid,
        status="published" if article.live else "draft",
        result=outcome(report),
        url=request.build_absolute_uri(article.get_url(request)) if article.live else None,
    )


def record(payload: ArticleIn, section: SectionPage) -> ArticleRecord:
    """The pipeline's record for a payload; the same payload always gives the same record."""
    try:
        return ArticleRecord(
            title=payload.title,
            body=payload.body,
            body_format=BodyFormat(payload.body_format),
            section=SectionRef(section.title, section.slug),
            published=payload.published_at,
            updated=payload.updated_at,
            guid=payload.guid,
            dek=payload.dek,
            tags=tuple(payload.tags),
            authors=tuple(payload.authors),
            source_name=payload.source_name,
            source_url=payload.source_url,
            status=Status.LIVE if payload.status == "published" else Status.DRAFT,
            location=f"guid {payload.guid!r}",
        )
    except InvalidRecord as exc:
        raise HttpError(422, str(exc)) from exc


def check_permission(
    user, section: SectionPage, page: ArticlePage | None, *, publish: bool
) -> None:
    """Refuse (403) what the account could not do in the admin either."""
    target = section.permissions_for_user(user)
    if page is None:
        if not target.can_add_subpage():
            raise HttpError(403, "This account may not add articles to this section.")
        if publish and not target.can_publish_subpage():
            raise HttpError(403, "This account may only create drafts; send status=draft.")
        return
    allowed = page.permissions_for_user(user)
    if not allowed.can_edit():
        raise HttpError(403, "This account may not edit this article.")
    if publish and not allowed.can_publish():
        raise HttpError(403, "This account may not publish; send status=draft.")
    if not publish and page.live and not allowed.can_unpublish():
        raise HttpError(403, "The article is published; this account may not unpublish it.")
    if page.get_parent().pk != section.pk and not target.can_add_subpage():
        raise HttpError(403, "This account may not move articles to this section.")


def outcome(report: ImportReport) -> str:
    if report.created:
        return "created"
    return "updated" if report.updated else "unchanged"
