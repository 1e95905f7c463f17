"""SQL queries per reader page: a small constant, the same for a thin site and a fuller one.

Each page is rendered once to create its image renditions, then measured with an empty
Django cache (the worst case: every lookup Wagtail caches costs its query), on a site with
N articles, tags and authors and again after the site has grown to about 3N. A count that
grows with the site is an N+1; the bound per page is what the page costs today.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag
from wagtail.images.tests.utils import get_test_image_file

from akhbar.core.models import HomePage, NewsImage, StandardPage
from akhbar.news.models import ArticleDailyViews, ArticlePage, Author, SectionPage
from tests.factories import make_article, make_author, make_section

PAGE_CACHE_MIDDLEWARE = "akhbar.publishing.middleware.PageCacheMiddleware"
_numbers = itertools.count(1)


@dataclass
class GrowingSite:
    """The site a test grows: its sections, authors, tags and images, and the article it reads."""

    home: HomePage
    sections: list[SectionPage] = field(default_factory=list)
    authors: list[Author] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    images: list[NewsImage] = field(default_factory=list)
    article: ArticlePage | None = None
    page: StandardPage | None = None

    def grow(self, *, sections: int, articles_per_section: int, extra: int) -> None:
        """Add `sections` sections and `extra` more tags, authors (with photos) and images,
        then `articles_per_section` articles to every section, each with an image, two
        tags, an author, a source and reads today."""
        for _ in range(sections):
            number = next(_numbers)
            self.sections.append(make_section(self.home, f"قسم {number}", slug=f"qism-{number}"))
        for _ in range(extra):
            number = next(_numbers)
            self.tags.append(f"وسم {number}")
            image = NewsImage.objects.create(
                title=f"صورة {number}", file=get_test_image_file(size=(32, 24))
            )
            self.images.append(image)
            author = make_author(f"كاتب {number}", slug=f"katib-{number}")
            author.photo = image
            author.save()
            self.authors.append(author)
        now = timezone.now()
        for section in self.sections:
            for _ in range(articles_per_section):
                number = next(_numbers)
                article = make_article(
                    section,
                    f"خبر رقم {number} في {section.title}",
                    tags=[self.tags[number % len(self.tags)], self.tags[-1 - number % 2]],
                    authors=[self.authors[number % len(self.authors)]],
                    lead_image=self.images[number % len(self.images)],
                    published_at=now - timedelta(minutes=number),
                    source_name="وكالة الأنباء",
                    source_url="https://example.com/wire",
                )
                ArticleDailyViews.objects.create(
                    article=article, day=timezone.localdate(), views=number
                )


@pytest.fixture(autouse=True)
def uncached_pages(settings):
    """Measure rendering, never the page cache in front of it."""
    settings.MIDDLEWARE = [m for m in django_settings.MIDDLEWARE if m != PAGE_CACHE_MIDDLEWARE]
    settings.AKHBAR_PAGE_SIZE = 2


@pytest.fixture
def site(home) -> GrowingSite:
    site = GrowingSite(home)
    site.grow(sections=2, articles_per_section=3, extra=2)
    site.page = home.add_child(
        instance=StandardPage(title="من نحن", slug="about", body="<p>صفحة عن الموقع.</p>")
    )
    site.page.save_revision().publish()
    first = site.sections[0]
    older = ArticlePage.objects.child_of(first).live().order_by("first_published_at").first()
    site.article = make_article(
        first,
        "الخبر الذي نقرؤه",
        tags=site.tags[:2],
        authors=site.authors[:2],
        lead_image=site.images[0],
        paragraphs=["فقرة أولى.", "فقرة ثانية."],
        published_at=older.first_published_at + timedelta(seconds=30),
        source_name="وكالة الأنباء",
        source_url="https://example.com/wire",
    )
    body = list(site.article.body.raw_data)
    body.insert(1, {"type": "image", "value": {"image": site.images[1].pk, "caption": "تعليق"}})
    body.append({"type": "read_also", "value": {"article": older.pk, "label": ""}})
    site.article.body = body
    site.article.save_revision().publish()
    site.article.refresh_from_db()
    return site


def urls(site: GrowingSite) -> dict[str, str]:
    section, tag, author = site.sections[0], site.tags[0], site.authors[0]
    day = site.article.first_published_at.astimezone(timezone.get_current_timezone())
    tag_slug = Tag.objects.get(name=tag).slug
    return {
        "home": "/",
        "section": section.url,
        "section page 2": f"{section.url}?page=2",
        "article": site.article.url,
        "standard page": site.page.url,
        "tag": f"/tags/{tag_slug}/",
        "author": f"/authors/{author.slug}/",
        "archive year": f"/archive/{day.year}/",
        "archive month": f"/archive/{day.year}/{day.month}/",
        "archive day": f"/archive/{day.year}/{day.month}/{day.day}/",
        "search": "/search/?q=خبر",
        "site rss": "/feeds/rss.xml",
        "site atom": "/feeds/atom.xml",
        "site json": "/feeds/feed.json",
        "section feed": f"/feeds/sections/{section.slug}/rss.xml",
        "tag feed": f"/feeds/tags/{tag_slug}/atom.xml",
        "author feed": f"/feeds/authors/{author.slug}/feed.json",
        "sitemap index": "/sitemap.xml",
        "sitemap articles": f"/sitemap-articles-{day:%Y-%m}.xml",
        "sitemap pages": "/sitemap-pages.xml",
        "news sitemap": "/news-sitemap.xml",
        "robots": "/robots.txt",
        "404": "/no-such-page/",
        "api list": "/api/v1/articles",
        "api detail": f"/api/v1/articles/{site.article.pk}",
    }


# The most queries each page may cost with an empty Django cache; a warm one saves a few
# (among them the private paths every reader list and menu leaves out, `restricted_paths`,
# and the site, its settings and footer links: sitemaps, which show no footer, pay one query
# for those links when they are the first to fill the cache).
BOUNDS = {
    "home": 16,
    "section": 12,
    "section page 2": 12,
    "article": 16,
    "standard page": 11,
    "tag": 12,
    "author": 13,
    "archive year": 9,
    "archive month": 9,
    "archive day": 9,
    "search": 9,
    "site rss": 10,
    "site atom": 10,
    "site json": 10,
    "section feed": 11,
    "tag feed": 13,
    "author feed": 13,
    "sitemap index": 13,
    "sitemap articles": 7,
    "sitemap pages": 7,
    "news sitemap": 7,
    "robots": 0,
    "404": 9,
    "api list": 10,
    "api detail": 14,
}


def count_queries(client, urls: dict[str, str]) -> dict[str, int]:
    """Queries of one render of each page, after a first render made its renditions."""
    counts = {}
    for name, url in urls.items():
        client.get(url)
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        expected = 404 if name == "404" else 200
        assert response.status_code == expected, (name, url, response.status_code)
        counts[name] = len(context.captured_queries)
    return counts


def test_every_page_costs_the_same_few_queries_on_a_bigger_site(client, site):
    html = client.get(site.article.url).content.decode()
    # The article measured has every part that costs a query.
    for part in (
        "الخبر السابق",
        "الخبر التالي",
        "أخبار ذات صلة",
        "read-also",
        "body-figure",
        "وفقاً لـ",
        'class="avatar"',
        site.authors[1].name,
        site.tags[1],
    ):
        assert part in html
    small = count_queries(client, urls(site))
    site.grow(sections=2, articles_per_section=3, extra=4)
    large = count_queries(client, urls(site))
    grew = {name: (small[name], large[name]) for name in small if large[name] != small[name]}
    assert not grew, f"queries that grow with the site (N+1): {grew}"
    over = {name: (count, BOUNDS[name]) for name, count in small.items() if count > BOUNDS[name]}
    assert not over, f"pages over their query bound (count, bound): {over}"


# An article with a warm cache: the route (the article and its lead image), its tags, its
# bylines with their photos, the related cards with their images, the renditions of all
# those images, the neighbours, and what its body blocks show (an image, a read-also card
# and its image); the site, its settings, footer links, menu, ticker and private paths (so
# no view restriction query for a public article) come from the cache.
WARM_ARTICLE_BOUND = 9


def test_an_article_with_a_warm_cache_asks_only_for_what_it_shows(client, site):
    client.get(site.article.url)  # creates the site's settings, which drops the chrome
    client.get(site.article.url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(site.article.url)
    assert response.status_code == 200
    tables = " ".join(query["sql"] for query in context.captured_queries)
    for chrome in ("wagtailcore_site", "core_sitesettings", "core_footerlink", "core_homepage"):
        assert f'FROM "{chrome}"' not in tables
    assert len(context.captured_queries) <= WARM_ARTICLE_BOUND
