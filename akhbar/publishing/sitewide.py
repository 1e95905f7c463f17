"""Changes every reader page shows: the site's settings, its menu, who may read what.

An article's change re-renders the pages that show it (akhbar.publishing.invalidation). A new
site name, a renamed, added or reordered section, a footer link, a date style or a section
made private changes every page, so these refresh the whole site: the page cache drops all
its pages at once, and the publish folder re-renders every path in background tasks that
urgent publishes still overtake. What every page shows is kept as a digest
(`SiteSnapshot`): a section edit that leaves the menu as it was, or several saves of one
settings form, refresh the site once or not at all.
"""

from __future__ import annotations

import hashlib
import json
import logging

from django.db import transaction
from wagtail.models import Page, PageViewRestriction, Site

from akhbar.news.home import forget_home_blocks
from akhbar.news.queries import forget_chrome
from akhbar.publishing.backends.base import get_backends
from akhbar.publishing.models import SiteSnapshot

logger = logging.getLogger(__name__)

SNAPSHOT_KEY = "site"


def connect() -> None:
    from akhbar.news.signals import chrome_changed

    chrome_changed.connect(site_changed, dispatch_uid="publishing-site-chrome")


def site_changed(sender=None, **kwargs) -> None:
    """Something every page may show changed: compare and refresh once it is committed."""
    transaction.on_commit(refresh_site)


def refresh_site(*, force: bool = False) -> None:
    """Refresh every page in every backend if what every page shows differs from the last
    time (the first time, with no digest kept yet, counts as a change), or if `force`d: a
    change the digest does not hold, such as a new file for the site's logo."""
    digest = site_digest()
    snapshot, created = SiteSnapshot.objects.get_or_create(
        key=SNAPSHOT_KEY, defaults={"digest": digest}
    )
    if not created:
        if snapshot.digest == digest and not force:
            return
        SiteSnapshot.objects.filter(key=SNAPSHOT_KEY).update(digest=digest)
    forget_chrome()
    forget_home_blocks()
    for name, backend in get_backends().items():
        try:
            backend.invalidate_site()
        except Exception:
            logger.exception("Publishing backend %s could not refresh the site", name)


def site_digest() -> str:
    """A digest of what every page shows besides articles: the sites, their settings and
    footer links, the live pages other than articles (the menu), and view restrictions."""
    from akhbar.core.models import FooterLink, SiteSettings
    from akhbar.news.models import ArticlePage

    shown = [
        list(Site.objects.order_by("pk").values()),
        list(SiteSettings.objects.order_by("pk").values()),
        list(FooterLink.objects.order_by("settings_id", "sort_order", "pk").values()),
        list(
            Page.objects.live()
            .not_type(ArticlePage)
            .order_by("path")
            .values_list("pk", "path", "title", "slug", "url_path", "show_in_menus")
        ),
        list(PageViewRestriction.objects.order_by("pk").values_list("page_id", "restriction_type")),
    ]
    return hashlib.sha256(json.dumps(shown, default=str).encode()).hexdigest()
