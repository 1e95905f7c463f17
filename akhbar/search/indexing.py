"""Keep the search index equal to the live articles: schedule, index, refresh, rebuild.

Every change goes through `index_pages`, which asks the database which of the given pages
are live, public, original (not aliases) article pages and indexes exactly those, removing
the rest. Signal handlers therefore never need to know why a page changed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence

from django.db import transaction
from django.db.models import QuerySet
from wagtail.models import Page

from akhbar.news.models import ArticlePage, SectionPage
from akhbar.search.analysis import Analysis
from akhbar.search.backends import get_backend
from akhbar.search.backends.base import Document, batched
from akhbar.search.models import SearchDocument

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

_pending = threading.local()


def schedule(page_ids: Iterable[int]) -> None:
    """Index these pages once the current transaction commits (at once outside of one).

    After the commit, because the index must see the transaction's final state: the demo and
    the importer publish an article and then set its historical first_published_at. Batched,
    so a transaction publishing 500 articles is indexed in one pass. Robust, so an indexing
    failure is logged and never undoes a publication; `akhbar search rebuild` repairs.
    """
    _pending.__dict__.setdefault("pages", set()).update(page_ids)
    transaction.on_commit(_flush, robust=True)


def schedule_section(section_id: int) -> None:
    """Refresh a section's articles (title, URLs) once the current transaction commits."""
    _pending.__dict__.setdefault("sections", set()).add(section_id)
    transaction.on_commit(_flush, robust=True)


def _flush() -> None:
    # A rolled-back transaction leaves its ids here; index_pages reads the database's truth,
    # so indexing them with the next commit is harmless.
    pages = _pending.__dict__.pop("pages", set())
    sections = _pending.__dict__.pop("sections", set())
    if pages:
        index_pages(pages)
    # One hook per scheduled page: all but the first find nothing to do, and must cost nothing.
    if sections:
        for section in SectionPage.objects.filter(pk__in=sections):
            refresh_section(section)


def indexable_articles() -> QuerySet[ArticlePage]:
    """Articles readers can see: live, public, not an alias; what the index must contain."""
    return (
        ArticlePage.objects.live()
        .public()
        .filter(alias_of__isnull=True)
        .prefetch_related("tags")
        .order_by("pk")
    )


def _sections_by_path(pages: Iterable[Page]) -> dict[str, SectionPage]:
    parent_paths = {page.path[: -Page.steplen] for page in pages}
    return {section.path: section for section in SectionPage.objects.filter(path__in=parent_paths)}


def document_for(page: ArticlePage, section: SectionPage | None) -> Document | None:
    """The index document of a live article; None when it has no URL on any site."""
    parts = page.get_url_parts()
    if parts is None:
        return None
    return article_document(page, section, url=parts[2], body_text=page.body_text())


def article_document(
    page: ArticlePage,
    section: SectionPage | None,
    *,
    url: str,
    body_text: str,
    ahead: Analysis | None = None,
) -> Document | None:
    """The document of an article served at `url` whose body reads `body_text` (as
    `ArticlePage.body_text()` gives it), with terms worked out `ahead` if any; None when it
    was never published."""
    published = page.first_published_at or page.last_published_at or page.latest_revision_created_at
    if published is None:
        return None
    return Document(
        id=page.pk,
        title=page.title,
        body=document_body(page.dek, body_text),
        url=url,
        published=published,
        section_id=section.pk if section else None,
        section_title=section.title if section else "",
        keywords=tuple(tag.name for tag in page.tags.all()),
        ahead=ahead,
    )


def document_body(dek: str, body_text: str) -> str:
    """The text an article's document holds: its dek and its body."""
    return "\n\n".join(part for part in (dek, body_text) if part)


def _documents(pages: list[ArticlePage]) -> list[Document]:
    sections = _sections_by_path(pages)
    documents = []
    for page in pages:
        document = document_for(page, sections.get(page.path[: -Page.steplen]))
        if document is None:
            logger.debug("Article %s has no URL on any site; not indexed.", page.pk)
        else:
            documents.append(document)
    return documents


def index_pages(page_ids: Iterable[int]) -> int:
    """Bring these pages' index entries up to date; returns how many are indexed now."""
    ids = sorted(set(page_ids))
    indexed = 0
    backend = get_backend()
    with transaction.atomic():
        for batch in batched(ids, 200):
            documents = _documents(list(indexable_articles().filter(pk__in=batch)))
            backend.delete(set(batch) - {document.id for document in documents})
            indexed += backend.index(documents)
    return indexed


def index_articles(documents: Sequence[Document]) -> int:
    """Index documents the caller built from articles in memory, in its transaction: the
    importer's new ones (see `article_document`).

    Documents of articles readers cannot see (drafts, private sections) are left out, and the
    articles' pending schedule is dropped: the importer sends `page_published` for them, and
    they are indexed here.
    """
    ids = [document.id for document in documents]
    indexable = set(indexable_articles().filter(pk__in=ids).values_list("pk", flat=True))
    _pending.__dict__.get("pages", set()).difference_update(ids)
    return get_backend().index([document for document in documents if document.id in indexable])


def refresh_section(section: SectionPage) -> int:
    """After a section is republished: re-index its articles if its title or URL changed.

    Only the section's name and its articles' URLs can change here, so an unchanged section
    costs one small query and no re-analysis.
    """
    documents = SearchDocument.objects.filter(section_id=section.pk)
    stored = documents.values_list("section_title", "url").first()
    if stored is None:
        return 0
    parts = section.get_url_parts()
    prefix = parts[2] if parts else ""
    title, url = stored
    if title == section.title and prefix and url.startswith(prefix):
        return 0
    return index_pages(documents.values_list("id", flat=True))


def rebuild(*, progress: Progress | None = None, batch_size: int = 200) -> int:
    """Empty the index and index every live article again, in batches; returns the count."""
    backend = get_backend()
    # Oldest first: the term table's keys then only grow, which is what FTS5 writes fastest.
    ids = list(
        indexable_articles().order_by("first_published_at", "pk").values_list("pk", flat=True)
    )
    done = 0
    with transaction.atomic():
        backend.clear()
        if progress:
            progress(0, len(ids))
        for batch in batched(ids, batch_size):
            pages = list(indexable_articles().filter(pk__in=batch))
            backend.index(_documents(pages))
            done += len(batch)
            if progress:
                progress(done, len(ids))
    backend.optimize()
    return SearchDocument.objects.count()
