"""Drop the cached reader chrome when what every page shows changes outside the page tree:
a view restriction, a site, its settings or footer links. (Publishing, unpublishing and
moving pages drop it too, in akhbar.publishing.signals.) Each request keeps what it read
of the chrome for its own later reads."""

from __future__ import annotations

from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from wagtail.models import PageViewRestriction, Site

from akhbar.news.queries import forget_chrome, remember_chrome, stop_remembering_chrome

#: Sent when a site, its settings, a footer link or a view restriction was saved or deleted:
#: what every reader page shows may have changed (akhbar.publishing.sitewide listens).
chrome_changed = Signal()


def connect() -> None:
    from akhbar.core.models import FooterLink, SiteSettings

    for model in (PageViewRestriction, Site, SiteSettings, FooterLink):
        uid = f"news-chrome-{model._meta.label_lower}"
        post_save.connect(saved, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}-deleted")
    request_started.connect(remember_chrome, dispatch_uid="news-chrome-request-started")
    request_finished.connect(stop_remembering_chrome, dispatch_uid="news-chrome-request-finished")


def saved(sender, instance, created: bool, **kwargs) -> None:
    from akhbar.core.models import SiteSettings

    # The first render of a site creates its settings with the defaults pages already used.
    if not (created and isinstance(instance, SiteSettings)):
        changed(sender)


def changed(sender, **kwargs) -> None:
    """A section or article went private or public, or the site or its settings changed:
    lists, the menu and the routes must follow at once.

    Now for this transaction's own renders, and again on commit for a render elsewhere that
    cached the old values in between.
    """
    forget_chrome()
    transaction.on_commit(forget_chrome)
    chrome_changed.send(sender)
