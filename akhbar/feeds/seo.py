"""What a page's <head> tells search engines, social networks and feed readers about it.

`head_meta` reads the template context of any reader page (a Wagtail page, a tag, author
or archive list) and returns one `HeadMeta`; `components/seo_head.html` only prints it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.templatetags.static import static
from taggit.models import Tag
from wagtail.models import Page, Site

from akhbar.core.models import HomePage, SiteSettings
from akhbar.feeds import structured_data as ld
from akhbar.feeds.articles import SyndicatedArticle, site_zone, syndicate
from akhbar.feeds.feeds import FeedLink, alternate_links
from akhbar.feeds.images import LOGO_SHARE_FILTER, SharedImage, rendition, shared_image
from akhbar.feeds.scopes import Scope, author_scope, section_scope, tag_scope
from akhbar.news.models import ArticlePage, Author, SectionPage
from akhbar.news.templatetags.news_tags import site_name

LOGO_FILTER = "max-600x60|format-png"
# Used until the editors upload a logo in the site settings (the SVG's viewBox is 64×64).
FALLBACK_LOGO = ("akhbar/img/favicon.svg", 64, 64)
SEARCH_PATH = "/search/"


@dataclass(frozen=True)
class HeadMeta:
    """Everything seo_head.html prints; empty values print nothing."""

    title: str
    description: str
    site_name: str
    canonical: str = ""
    og_type: str = "website"
    image: SharedImage | None = None
    published: str = ""
    modified: str = ""
    section: str = ""
    tags: tuple[str, ...] = ()
    twitter_site: str = ""
    feeds: list[FeedLink] = field(default_factory=list)
    json_ld: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Site:
    """The per-request values every page needs, looked up once."""

    request: HttpRequest
    name: str
    settings: SiteSettings
    home_url: str
    publisher: ld.Publisher

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)


def head_meta(context) -> HeadMeta | None:
    """The head of the page rendered with `context`; None outside a request."""
    request = context.get("request")
    if request is None:
        return None
    site = _site(request, context.get("site_settings"))
    page, tag, author = context.get("page"), context.get("tag"), context.get("author")
    listing = _list_url(context)
    if isinstance(page, ArticlePage):
        return _article(site, page)
    if isinstance(page, SectionPage):
        return _list(site, section_scope(page, request), page.title, listing, page=page)
    if isinstance(page, HomePage):
        return _home(site, page)
    if isinstance(page, Page):
        return _list(site, None, page.seo_title or page.title, listing, page=page)
    if isinstance(tag, Tag):
        return _list(site, tag_scope(tag), tag.name, listing)
    if isinstance(author, Author):
        return replace(_list(site, author_scope(author), author.name, listing), og_type="profile")
    # Archive days, months and years are real lists; a 404 or search page gets no canonical.
    canonical = listing if "period" in context else ""
    return HeadMeta(
        title=site.name,
        description=site.settings.tagline,
        site_name=site.name,
        canonical=canonical,
        image=_logo_image(site),
        twitter_site=_twitter_handle(site.settings.x_url),
        feeds=alternate_links(request, "site"),
    )


def _site(request: HttpRequest, settings: SiteSettings | None) -> _Site:
    settings = settings or SiteSettings.for_request(request)
    name = site_name({"request": request})
    wagtail_site = Site.find_for_request(request)
    home = wagtail_site.root_page.get_url(request) if wagtail_site is not None else "/"
    home_url = request.build_absolute_uri(home or "/")
    small = rendition(settings.logo, LOGO_FILTER)
    if small is not None:
        logo = ld.Logo(request.build_absolute_uri(small.url), small.width, small.height)
    else:
        path, width, height = FALLBACK_LOGO
        logo = ld.Logo(request.build_absolute_uri(static(path)), width, height)
    return _Site(request, name, settings, home_url, ld.Publisher(name, home_url, logo))


def _list_url(context) -> str:
    """This list's own address: the path, plus ?page=N beyond the first page."""
    request = context["request"]
    page_obj = context.get("page_obj")
    number = getattr(page_obj, "number", 1)
    suffix = f"?page={number}" if number > 1 else ""
    return request.build_absolute_uri(request.path) + suffix


def _article(site: _Site, page: ArticlePage) -> HeadMeta:
    request = site.request
    article: SyndicatedArticle = syndicate([page], request)[0]
    description = page.search_description or page.dek or site.settings.tagline
    image = article.image
    if page.social_image is not None:
        image = shared_image(page.social_image, request, alt=page.title) or image
    zone = site_zone(request)
    crumbs = [(site.name, site.home_url)]
    if article.section is not None:
        crumbs.append((article.section.name, article.section.url))
    crumbs.append((page.title, article.url))
    data = ld.news_article(
        article,
        canonical=article.url,
        description=description,
        image=image,
        publisher=site.publisher,
        zone=zone,
    )
    feeds = []
    if article.section is not None:
        feeds = alternate_links(request, "section", article.section.slug, article.section.name)
    return HeadMeta(
        title=page.title,
        description=description,
        site_name=site.name,
        canonical=article.url,
        og_type="article",
        image=image or _logo_image(site),
        published=ld.iso(article.published_at, zone),
        modified=ld.iso(article.updated_at, zone),
        section=article.section.name if article.section else "",
        tags=tuple(tag.name for tag in article.tags),
        twitter_site=_twitter_handle(site.settings.x_url),
        feeds=[*feeds, *alternate_links(request, "site")],
        json_ld=[ld.script_json(data), ld.script_json(ld.breadcrumb_list(crumbs))],
    )


def _home(site: _Site, page: HomePage) -> HeadMeta:
    data = ld.website(
        name=site.name,
        url=site.home_url,
        search_url=site.absolute(SEARCH_PATH),
        publisher=site.publisher,
    )
    return HeadMeta(
        title=site.name,
        description=page.search_description or site.settings.tagline,
        site_name=site.name,
        canonical=site.home_url,
        image=_logo_image(site),
        twitter_site=_twitter_handle(site.settings.x_url),
        feeds=alternate_links(site.request, "site"),
        json_ld=[ld.script_json(data)],
    )


def _list(
    site: _Site, scope: Scope | None, title: str, canonical: str, *, page: Page | None = None
) -> HeadMeta:
    """A section, tag, author or plain page; the first three advertise their own feeds."""
    request = site.request
    description = (page.search_description if page else "") or (scope.description if scope else "")
    feeds = alternate_links(request, scope.kind, scope.slug, scope.name) if scope else []
    json_ld = []
    if page is not None:
        crumbs = [(site.name, site.home_url), (page.title, site.absolute(page.get_url(request)))]
        json_ld.append(ld.script_json(ld.breadcrumb_list(crumbs)))
    return HeadMeta(
        title=title,
        description=description or site.settings.tagline,
        site_name=site.name,
        canonical=canonical,
        image=_logo_image(site),
        twitter_site=_twitter_handle(site.settings.x_url),
        feeds=[*feeds, *alternate_links(request, "site")],
        json_ld=json_ld,
    )


def _logo_image(site: _Site) -> SharedImage | None:
    return shared_image(site.settings.logo, site.request, alt=site.name, spec=LOGO_SHARE_FILTER)


def _twitter_handle(x_url: str) -> str:
    """@name from the site's X profile address, for twitter:site."""
    path = urlsplit(x_url).path.strip("/")
    return f"@{path.split('/')[0]}" if path else ""
