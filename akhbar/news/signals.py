"""Drop the cached reader chrome when a page's view restriction is added, changed or removed."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction

from akhbar.news.queries import forget_chrome


def connect() -> None:
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="news-privacy")
    post_delete.connect(
        restriction_changed, sender=PageViewRestriction, dispatch_uid="news-privacy-gone"
    )


def restriction_changed(sender, **kwargs) -> None:
    """A section or article went private or public: lists and the menu must follow at once.

    Now for this transaction's own renders, and again on commit for a render elsewhere that
    cached the old paths in between.
    """
    forget_chrome()
    transaction.on_commit(forget_chrome)
