"""Uncached render times of reader pages on an existing site (issue 9's render budget).

Renders each page type with Django's test client, the page cache taken out of the
middleware and the Django cache warm (renditions, site root paths), as a publish or a
page-cache miss does; reports p50 and p99 in milliseconds and the SQL queries per render.
Articles, tags and authors rotate through a sample so that no one object stays hot.

Targets (issue 9): article p50 under 15 ms and home under 30 ms with 100,000 articles.
A site of that size comes from `bench/importers.py --keep` (its AKHBAR_DATA_DIR).

    AKHBAR_DATA_DIR=... .venv/bin/python bench/render.py [--renders 50]
        [--images 200] [--reads 5000] [--profile home|section|article|tag|author]

--images and --reads change the database once (lead images, most-read counts) and then
measure; --profile prints a pyinstrument profile (pip install pyinstrument; not a dependency).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

# The repository instead of bench/ first on the path: a bench module may share a name with
# the standard library (bench/http.py).
sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.dev")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("AKHBAR_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from taggit.models import Tag  # noqa: E402

from akhbar.news.models import ArticleDailyViews, ArticlePage, Author  # noqa: E402
from akhbar.news.queries import live_articles, live_sections  # noqa: E402

PAGE_CACHE = "akhbar.publishing.middleware.PageCacheMiddleware"


def add_images(count: int) -> None:
    """Give the newest `count` articles without one a lead image, as a real site has."""
    from django.core.files.images import ImageFile
    from wagtail.images.tests.utils import get_test_image_file

    from akhbar.core.models import NewsImage

    pages = list(live_articles().filter(lead_image__isnull=True)[:count])
    for number, page in enumerate(pages):
        file = get_test_image_file(size=(1600, 900), colour=(number % 256, 90, 120))
        image = NewsImage.objects.create(
            title=f"صورة {number}", file=ImageFile(file, name=f"bench-{number}.png")
        )
        ArticlePage.objects.filter(pk=page.pk).update(lead_image=image)
    print(f"gave {len(pages)} articles a lead image")


def add_reads(count: int) -> None:
    """Give the newest `count` articles reads on each of the last three days (most read)."""
    today = timezone.localdate()
    ids = list(live_articles().values_list("pk", flat=True)[:count])
    ArticleDailyViews.objects.bulk_create(
        [
            ArticleDailyViews(article_id=pk, day=today - timedelta(days=back), views=pk % 500 + 1)
            for pk in ids
            for back in range(3)
        ],
        ignore_conflicts=True,
    )
    print(f"gave {len(ids)} articles three days of reads")


def sample_urls(renders: int) -> dict[str, Callable[[int], str]]:
    """Page type -> URL of its n-th sample; samples spread over the whole archive."""
    total = live_articles().count()
    step = max(total // renders, 1)
    articles = [live_articles().specific()[n * step] for n in range(min(renders, total))]
    sections = [section.url for section in live_sections()]
    tags = [f"/tags/{slug}/" for slug in Tag.objects.values_list("slug", flat=True)[:renders]]
    authors = [author.get_absolute_url() for author in Author.objects.all()[:renders]]
    return {
        "home": lambda n: "/",
        "section": lambda n: sections[n % len(sections)],
        "article": lambda n: articles[n % len(articles)].url,
        "tag": lambda n: tags[n % len(tags)],
        "author": lambda n: authors[n % len(authors)],
    }


def measure(client: Client, url_of: Callable[[int], str], renders: int) -> tuple[list[float], int]:
    """Milliseconds of each render after a first, unmeasured pass; the most queries seen,
    counted in a pass of their own (Django's query log costs SQLite a query per query)."""
    for n in range(renders):
        client.get(url_of(n))  # creates renditions and fills the Django cache once
    times = []
    for n in range(renders):
        started = time.perf_counter()
        response = client.get(url_of(n))
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url_of(n)} answered {response.status_code}")
    most = 0
    for n in range(renders):
        with CaptureQueriesContext(connection) as queries:
            client.get(url_of(n))
        most = max(most, len(queries))
    return times, most


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=50, help="measured renders per page type")
    parser.add_argument("--images", type=int, default=0, help="first add lead images to N articles")
    parser.add_argument("--reads", type=int, default=0, help="first add reads to N articles")
    parser.add_argument("--profile", help="profile one page type with pyinstrument instead")
    options = parser.parse_args()
    if options.images:
        add_images(options.images)
    if options.reads:
        add_reads(options.reads)
    middleware = [name for name in settings.MIDDLEWARE if name != PAGE_CACHE]
    with override_settings(MIDDLEWARE=middleware, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        urls = sample_urls(options.renders)
        if options.profile:
            from pyinstrument import Profiler  # not a dependency: pip install pyinstrument

            url_of = urls[options.profile]
            measure(client, url_of, options.renders)
            with Profiler() as profiler:
                measure(client, url_of, options.renders)
            print(profiler.output_text(unicode=True, color=False, show_all=False))
            return
        print(f"{live_articles().count():,} live articles, {options.renders} renders each")
        print(f"{'page':<10}{'p50 ms':>9}{'p99 ms':>9}{'queries':>9}")
        for name, url_of in urls.items():
            times, queries = measure(client, url_of, options.renders)
            p50, p99 = statistics.median(times), percentile(times, 0.99)
            print(f"{name:<10}{p50:>9.1f}{p99:>9.1f}{queries:>9}")


if __name__ == "__main__":
    main()
