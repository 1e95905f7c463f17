"""Reader routing: an article's page in one query, with the site and sections from the cache.

Wagtail's own route asks the database for the site, the home page (twice: as a plain page,
then as the specific one), the section (twice) and the article. Here the site and its home
page come from the cached chrome (`default_site`), the section from the cached menu
(`site_sections`), and the article costs one query. Wagtail's `serve` then runs as always,
with its before-serve hooks (view restrictions, passwords): it finds the route and the site
where it keeps them on the request. Whatever this does not recognise goes to Wagtail's route
unchanged: the home page, sections, plain pages, drafts, private sections, redirects, 404s.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from akhbar.core.models import SiteSettings
from akhbar.news.queries import (
    default_site,
    restricted_paths,
    site_root_paths,
    site_sections,
    site_settings,
)


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's serve view, given the site and an article's route found the cheap way."""
    prime_site(request)
    route = article_route(request, path)
    if route is not None:
        request._wagtail_route_for_request = route
    return wagtail_views.serve(request, path)


def prime_site(request: HttpRequest) -> None:
    """Give Wagtail the request's site and site root paths from the chrome, where
    `Site.find_for_request` and page URLs look for them first; only when one default site
    answers every host (else Wagtail matches the host)."""
    if not hasattr(request, "_wagtail_site"):
        site = default_site()
        if site is not None:
            request._wagtail_site = site
            request._wagtail_cached_site_root_paths = site_root_paths()


def request_settings(request: HttpRequest) -> SiteSettings:
    """`SiteSettings.for_request`, the settings and footer links coming from the cache."""
    attribute = SiteSettings.get_cache_attr_name()
    if not hasattr(request, attribute):
        prime_site(request)
        site = Site.find_for_request(request)
        if site is not None:
            found = site_settings(site)
            found._request = request  # as for_request sets it, for the settings' page URLs
            setattr(request, attribute, found)
    return SiteSettings.for_request(request)


def article_route(request: HttpRequest, path: str) -> RouteResult | None:
    """The route of a live article at /section/article/ under a live, public section of the
    cached site; None for any other path, left to Wagtail."""
    site = getattr(request, "_wagtail_site", None)
    slugs = [component for component in path.split("/") if component]
    if site is None or len(slugs) != 2:
        return None
    home = site.root_page
    children = (
        section
        for section in site_sections()
        if section.path[: -section.steplen] == home.path and section.slug == slugs[0]
    )
    section = next(children, None)
    if section is None:
        return None
    article = section.child_article(slugs[1])
    # The URL path kept on the article row is the truth: a section renamed since the menu
    # was cached (by another process) no longer routes under its old slug.
    if article is None or not article.live or article.url_path != f"{home.url_path}{path}":
        return None
    article._cached_parent_obj = section  # treebeard's get_parent() reads it
    article.known_public = is_public([home, section, article])
    return article.route(request, [])


def is_public(lineage: list[Page]) -> bool:
    """True when no view restriction applies to the last page of `lineage`, a page and all
    its ancestors below the tree's root: none of them is private (the cached private paths)
    and none is an alias, whose source page's restrictions would apply."""
    page = lineage[-1]
    return (
        lineage[0].depth == 2
        and not any(ancestor.alias_of_id for ancestor in lineage)
        and not any(page.path.startswith(path) for path in restricted_paths())
    )
