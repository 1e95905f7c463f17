"""What a feed covers: the whole site, one section, one tag or one author."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.text import Truncator
from taggit.models import Tag
from wagtail.models import Site

from akhbar.core.models import SiteSettings
from akhbar.feeds.articles import filter_articles, tag_url
from akhbar.news.models import ArticlePage, Author, SectionPage
from akhbar.news.queries import live_articles, live_sections, tag_articles, writer_articles


@dataclass(frozen=True)
class Scope:
    """A feed's subject: its name, its HTML page and its articles, newest first (unsliced).

    The articles are found when first asked for: page heads build a scope for its name and
    feed links only, and planning a tag's or writer's list costs two counts.
    """

    kind: str
    slug: str
    name: str
    description: str
    link: str
    find_articles: Callable[[], QuerySet[ArticlePage]]

    @cached_property
    def articles(self) -> QuerySet[ArticlePage]:
        return self.find_articles()


def site_scope(request: HttpRequest) -> Scope:
    site = Site.find_for_request(request)
    link = site.root_page.get_url(request) if site is not None else "/"
    tagline = SiteSettings.for_request(request).tagline
    return Scope("site", "", "", tagline, link or "/", live_articles)


def section_scope(section: SectionPage, request: HttpRequest) -> Scope:
    return Scope(
        "section",
        section.slug,
        section.title,
        section.search_description or section.intro,
        section.get_url(request),
        lambda: filter_articles(live_articles(), section=section),
    )


def tag_scope(tag: Tag) -> Scope:
    return Scope(
        "tag",
        tag.slug,
        tag.name,
        f"أخبار عن {tag.name}",
        tag_url(tag.slug),
        lambda: tag_articles(tag.pk, rows=settings.AKHBAR_FEEDS_ITEMS),
    )


def author_scope(author: Author) -> Scope:
    return Scope(
        "author",
        author.slug,
        author.name,
        Truncator(author.bio).words(30) or author.role or f"أخبار بقلم {author.name}",
        author.get_absolute_url(),
        lambda: writer_articles(author.pk, rows=settings.AKHBAR_FEEDS_ITEMS),
    )


def scope_for(request: HttpRequest, kind: str, slug: str = "") -> Scope:
    """The scope a feed URL names; an unknown section, tag or author is a 404."""
    if kind == "section":
        sections = live_sections()
        site = Site.find_for_request(request)
        if site is not None:
            sections = sections.descendant_of(site.root_page)
        return section_scope(get_object_or_404(sections, slug=slug), request)
    if kind == "tag":
        return tag_scope(get_object_or_404(Tag, slug=slug))
    if kind == "author":
        return author_scope(get_object_or_404(Author, slug=slug))
    return site_scope(request)
