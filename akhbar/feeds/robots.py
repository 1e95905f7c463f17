"""robots.txt: everything readers see may be crawled; the sitemaps say where it is."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

# The admin is private and the API is for apps, not for search results.
DISALLOWED = ("/admin/", "/api/")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in DISALLOWED),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('feeds:sitemap_index'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('feeds:news_sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
