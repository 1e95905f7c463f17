"""Signal handlers that keep the index following the content; connected in AppConfig.ready().

They only note which pages changed; the index is brought up to date once the transaction
that changed them commits (see indexing.schedule), from what the database then says.
"""

from __future__ import annotations

from django.db import connections
from django.db.models.signals import post_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from akhbar.news.models import ArticlePage, SectionPage
from akhbar.search import indexing


def article_changed(sender, instance: ArticlePage, **kwargs) -> None:
    """Published, republished after an edit, unpublished or deleted."""
    indexing.schedule([instance.pk])


def section_published(sender, instance: SectionPage, **kwargs) -> None:
    """A renamed section or a new slug changes what its articles show and link to."""
    indexing.schedule_section(instance.pk)


def page_moved(sender, instance: Page, **kwargs) -> None:
    """A moved article changes section and URL; a moved section changes its articles' URLs."""
    indexing.schedule(
        ArticlePage.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True)
    )


def drop_orphan_terms(sender, using: str, **kwargs) -> None:
    """After migrate or flush, delete term rows whose SearchDocument no longer exists."""
    from akhbar.search.backends import get_backend
    from akhbar.search.backends.base import DOCUMENT_TABLE

    if DOCUMENT_TABLE in connections[using].introspection.table_names():
        get_backend(using).drop_orphan_terms()


def connect() -> None:
    page_published.connect(article_changed, sender=ArticlePage, dispatch_uid="akhbar_search_pub")
    page_unpublished.connect(
        article_changed, sender=ArticlePage, dispatch_uid="akhbar_search_unpub"
    )
    post_delete.connect(article_changed, sender=ArticlePage, dispatch_uid="akhbar_search_delete")
    page_published.connect(
        section_published, sender=SectionPage, dispatch_uid="akhbar_search_section"
    )
    post_page_move.connect(page_moved, dispatch_uid="akhbar_search_move")
