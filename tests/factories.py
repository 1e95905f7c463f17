"""Builders for test content: our own Arabic sentences, real Wagtail pages and revisions."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone
from wagtail.models import Page, Site

from akhbar.core.models import HomePage
from akhbar.news.models import ArticleAuthor, ArticlePage, Author, SectionPage

_counter = itertools.count(1)


def make_home(*, title: str = "أخبار الاختبار") -> HomePage:
    """A HomePage that is the root of the default site (replacing Wagtail's welcome page)."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=title, slug=f"home-{next(_counter)}"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home, "site_name": title},
    )
    return home


def make_section(home: HomePage, title: str = "سياسة", *, slug: str | None = None) -> SectionPage:
    section = home.add_child(
        instance=SectionPage(
            title=title, slug=slug or f"section-{next(_counter)}", show_in_menus=True
        )
    )
    section.save_revision().publish()
    return section


def make_author(name: str = "سلمى الحلبي", *, slug: str | None = None) -> Author:
    return Author.objects.create(name=name, slug=slug or f"author-{next(_counter)}")


def make_article(
    section: SectionPage,
    title: str | None = None,
    *,
    dek: str = "موجز قصير عن الخبر.",
    paragraphs: Iterable[str] = ("فقرة أولى من نص الخبر كتبها فريق الاختبار.",),
    tags: Iterable[str] = (),
    authors: Iterable[Author] = (),
    published_at: datetime | None = None,
    live: bool = True,
    **fields,
) -> ArticlePage:
    """A saved article under `section`, published at `published_at` unless live=False."""
    number = next(_counter)
    article = ArticlePage(
        title=title or f"خبر تجريبي رقم {number}",
        slug=f"article-{number}",
        dek=dek,
        body=[("paragraph", f"<p>{text}</p>") for text in paragraphs],
        live=False,
        **fields,
    )
    for tag in tags:
        article.tags.add(tag)
    for order, author in enumerate(authors):
        article.article_authors.add(ArticleAuthor(author=author, sort_order=order))
    section.add_child(instance=article)
    revision = article.save_revision()
    if not live:
        return article
    revision.publish()
    when = published_at or timezone.now()
    ArticlePage.objects.filter(pk=article.pk).update(
        first_published_at=when, last_published_at=when
    )
    article.refresh_from_db()
    return article
