"""Pages that show an image follow its edits: a replaced file, a new focal point or alt text.

Wagtail deletes an image's renditions when its file is replaced, so a published page naming
them would show a broken image; a new focal point or description changes the crop or the
alt text pages print. Wagtail's reference index tells which pages and writers show the image
(lead and body images, writers' photos); the site logo, which it does not index, is on every
page.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex


def connect() -> None:
    post_save.connect(image_saved, sender=get_image_model(), dispatch_uid="publishing-image")


def image_saved(sender, instance, created: bool, **kwargs) -> None:
    # A new image is shown nowhere yet.
    if not created:
        transaction.on_commit(lambda: image_changed(instance))


def image_changed(image) -> None:
    """Refresh the pages that show `image`: its pages and writers' pages, the articles of
    those writers (their bylines), and the pages recorded showing those articles (cards).
    Lists that only link them (neighbours, sitemaps, feeds) stay as they are."""
    from akhbar.core.models import SiteSettings
    from akhbar.news.models import ArticleAuthor, ArticlePage, Author
    from akhbar.publishing.invalidation import article_states, page_path, showing
    from akhbar.publishing.signals import forget_blocks, refresh
    from akhbar.publishing.sitewide import refresh_site

    if SiteSettings.objects.filter(logo=image).exists():
        refresh_site(force=True)
        return
    page_type = ContentType.objects.get_for_model(Page)
    references = ReferenceIndex.get_references_to(image).values_list(
        "base_content_type_id", "content_type_id", "object_id"
    )
    pages, writers = set(), set()
    for base_type, content_type, object_id in references.distinct():
        if base_type == page_type.pk:
            pages.add(int(object_id))
        elif ContentType.objects.get_for_id(content_type).model_class() is Author:
            writers.add(int(object_id))
    bylines = ArticleAuthor.objects.filter(author_id__in=writers).values_list("page_id", flat=True)
    live = Page.objects.live().filter(pk__in=pages | set(bylines))
    articles = article_states(list(live.type(ArticlePage).values_list("pk", flat=True)))
    forget_blocks(articles.values())
    paths = showing(set(articles)) | {state.url for state in articles.values() if state.url}
    paths |= {path for page in live.not_type(ArticlePage) if (path := page_path(page))}
    paths |= {writer.get_absolute_url() for writer in Author.objects.filter(pk__in=writers)}
    refresh(paths)
