from django.urls import path, re_path, register_converter

from akhbar.api.errors import not_found as api_not_found
from akhbar.feeds import robots, sitemaps
from akhbar.feeds.feeds import feed

app_name = "feeds"


class FeedFormatConverter:
    """`rss.xml`, `atom.xml` or `feed.json` in the URL; the view sees rss, atom or json."""

    regex = r"rss\.xml|atom\.xml|feed\.json"
    files = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"}

    def to_python(self, value: str) -> str:
        return next(fmt for fmt, name in self.files.items() if name == value)

    def to_url(self, value: str) -> str:
        return self.files[value]


register_converter(FeedFormatConverter, "feedformat")

urlpatterns = [
    path("feeds/<feedformat:fmt>", feed, name="site"),
    path("feeds/sections/<str:slug>/<feedformat:fmt>", feed, {"kind": "section"}, name="section"),
    path("feeds/tags/<str:slug>/<feedformat:fmt>", feed, {"kind": "tag"}, name="tag"),
    path("feeds/authors/<str:slug>/<feedformat:fmt>", feed, {"kind": "author"}, name="author"),
    path("sitemap.xml", sitemaps.index, name="sitemap_index"),
    path("sitemap-articles.xml", sitemaps.articles_moved, name="sitemap_articles_moved"),
    # pages, tags, authors and each month's articles: sitemap-articles-2026-11.xml
    path("sitemap-<section>.xml", sitemaps.sitemap, name="sitemap"),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news_sitemap"),
    path("robots.txt", robots.robots_txt, name="robots"),
    # Reached only when no API operation matched (api/v1/ is routed first): a JSON 404,
    # never the reader site's HTML page.
    re_path(r"^api/v1/(?P<rest>.*)$", api_not_found),
]
