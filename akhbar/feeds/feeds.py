"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the site and for each section, tag and author.

One `ArticleFeed` fills Django's feed generators; the format only picks the generator.
Items carry the dek as summary and, when the site settings say so, the full body.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.timezone import localtime
from wagtail.models import Site

from akhbar.core.models import SiteSettings
from akhbar.feeds.articles import SyndicatedArticle, article_list, site_zone, syndicate
from akhbar.feeds.conditional import respond, stamp_of
from akhbar.feeds.content import portable_body
from akhbar.feeds.scopes import Scope, scope_for
from akhbar.news.templatetags.news_tags import site_name


class RssFeed(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with the body in content:encoded beside the dek in description."""

    def rss_attributes(self) -> dict[str, str]:
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class AtomFeed(feedgenerator.Atom1Feed):
    """Atom 1.0 with the body as <content type="html"> beside the dek as <summary>."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class JsonFeed(feedgenerator.SyndicationFeed):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) from the same items."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding: str) -> None:
        outfile.write(json.dumps(self.document(), ensure_ascii=False, indent=1))

    def document(self) -> dict:
        feed = self.feed
        optional = {
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "authors": [{"name": feed["author_name"], "url": feed["author_link"]}],
        }
        return {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            **{key: value for key, value in optional.items() if value},
            "items": [self.item(item) for item in self.items],
        }

    @staticmethod
    def item(item: dict) -> dict:
        content = (
            {"content_html": item["content_html"]}
            if item.get("content_html")
            else {"content_text": item["description"]}
        )
        entry = {
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            **content,
            "summary": item["description"],
            "image": item.get("image_url"),
            "date_published": feedgenerator.rfc3339_date(item["pubdate"]),
            "date_modified": feedgenerator.rfc3339_date(item["updateddate"]),
            "authors": item.get("authors"),
            "tags": list(item["categories"]),
            "language": "ar",
            "attachments": [
                {"url": e.url, "mime_type": e.mime_type, "size_in_bytes": int(e.length)}
                for e in item["enclosures"]
            ],
        }
        return {key: value for key, value in entry.items() if value}


FORMATS: dict[str, type[feedgenerator.SyndicationFeed]] = {
    "rss": RssFeed,
    "atom": AtomFeed,
    "json": JsonFeed,
}
MIME_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


def feed_url(kind: str, fmt: str, slug: str = "") -> str:
    """The path of a feed: /feeds/rss.xml, /feeds/sections/<slug>/atom.xml, ..."""
    kwargs = {"fmt": fmt, **({"slug": slug} if kind != "site" else {})}
    return reverse(f"feeds:{kind}", kwargs=kwargs)


@dataclass(frozen=True)
class FeedLink:
    """A <link rel="alternate"> a page advertises."""

    title: str
    href: str
    mime_type: str


def alternate_links(
    request: HttpRequest, kind: str, slug: str = "", name: str = ""
) -> list[FeedLink]:
    """The three formats of one feed, titled the way feed readers list them."""
    title = f"{site_name({'request': request})}{f' | {name}' if name else ''}"
    return [
        FeedLink(
            f"{title} ({LABELS[fmt]})",
            request.build_absolute_uri(feed_url(kind, fmt, slug)),
            MIME_TYPES[fmt],
        )
        for fmt in FORMATS
    ]


class ArticleFeed(Feed):
    """The newest articles of a scope; built per request so it may keep the request."""

    language = "ar"

    def __init__(self, fmt: str, scope: Scope, request: HttpRequest, *, full_content: bool):
        self.feed_type = FORMATS[fmt]
        self.scope = scope
        self.request = request
        self.full_content = full_content
        self.zone: ZoneInfo = site_zone(request)
        self.site_name = site_name({"request": request})
        site = Site.find_for_request(request)
        self.host = site.hostname if site is not None else request.get_host().split(":")[0]

    def get_object(self, request: HttpRequest, *args, **kwargs) -> Scope:
        return self.scope

    def title(self, scope: Scope) -> str:
        return f"{self.site_name} | {scope.name}" if scope.name else self.site_name

    def link(self, scope: Scope) -> str:
        return scope.link

    def description(self, scope: Scope) -> str:
        return scope.description or self.title(scope)

    def author_name(self) -> str:
        # Atom wants an author for the feed when an entry (a wire story) names none.
        return self.site_name

    def author_link(self) -> str:
        return self.request.build_absolute_uri("/")

    def feed_copyright(self) -> str:
        return SiteSettings.for_request(self.request).copyright_notice

    def items(self, scope: Scope) -> list[SyndicatedArticle]:
        pages = article_list(scope.articles)
        if not self.full_content:
            pages = pages.defer_streamfields()
        return syndicate(pages[: settings.AKHBAR_FEEDS_ITEMS], self.request)

    def item_title(self, item: SyndicatedArticle) -> str:
        return item.title

    def item_link(self, item: SyndicatedArticle) -> str:
        return item.url

    def item_description(self, item: SyndicatedArticle) -> str:
        return item.dek or item.title

    def item_guid(self, item: SyndicatedArticle) -> str:
        # A tag: URI (RFC 4151) on the configured host name survives what changes a URL:
        # a new slug or section, or the same site reached under another host name.
        return f"tag:{self.host},{item.published_at:%Y-%m-%d}:article-{item.id}"

    def item_guid_is_permalink(self, item: SyndicatedArticle) -> bool:
        return False

    def item_pubdate(self, item: SyndicatedArticle) -> datetime:
        return self.local(item.published_at)

    def item_updateddate(self, item: SyndicatedArticle) -> datetime:
        return self.local(item.updated_at)

    def item_author_name(self, item: SyndicatedArticle) -> str | None:
        return "، ".join(author.name for author in item.authors) or None

    def item_author_link(self, item: SyndicatedArticle) -> str | None:
        return item.authors[0].url if len(item.authors) == 1 else None

    def item_categories(self, item: SyndicatedArticle) -> list[str]:
        names = [item.section.name] if item.section else []
        return names + [tag.name for tag in item.tags if tag.name not in names]

    def item_enclosures(self, item: SyndicatedArticle) -> list[feedgenerator.Enclosure]:
        image = item.image
        if image is None:
            return []
        return [feedgenerator.Enclosure(image.url, str(image.length), image.mime_type)]

    def item_extra_kwargs(self, item: SyndicatedArticle) -> dict:
        return {
            "content_html": portable_body(item.page, self.request) if self.full_content else "",
            "image_url": item.image.url if item.image else None,
            "authors": [{"name": author.name, "url": author.url} for author in item.authors],
        }

    def local(self, moment: datetime) -> datetime:
        """The site's wall-clock time with its UTC offset, to the second as RFC 822 allows."""
        return localtime(moment, self.zone).replace(microsecond=0)


def feed(request: HttpRequest, fmt: str, kind: str = "site", slug: str = "") -> HttpResponse:
    """Serve one feed, or 304 when neither its articles nor the full-text setting changed."""
    scope = scope_for(request, kind, slug)
    full_content = SiteSettings.for_request(request).feed_full_content
    shown = settings.AKHBAR_FEEDS_ITEMS
    stamp = stamp_of(scope.articles, fmt, kind, slug, full_content, shown=shown)
    return respond(
        request, stamp, lambda: ArticleFeed(fmt, scope, request, full_content=full_content)(request)
    )
