"""JSON-LD for search engines (schema.org), as plain dicts built from already-resolved values.

Nothing here queries the database or reads the request: `akhbar.feeds.seo` gathers the
values, these functions only shape them, which keeps them trivially testable.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from akhbar.feeds.articles import SyndicatedArticle
from akhbar.feeds.images import SharedImage

CONTEXT = "https://schema.org"
# U+2028/2029 end a JavaScript line; `<`, `>` and `&` could close the script element early.
_SCRIPT_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


@dataclass(frozen=True)
class Logo:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class Publisher:
    """The news organization: named on every article, with the logo Google asks for."""

    name: str
    url: str
    logo: Logo


def organization(publisher: Publisher) -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "name": publisher.name,
        "url": publisher.url,
        "logo": {
            "@type": "ImageObject",
            "url": publisher.logo.url,
            "width": publisher.logo.width,
            "height": publisher.logo.height,
        },
    }


def image_object(image: SharedImage) -> dict:
    return {
        "@type": "ImageObject",
        "url": image.url,
        "width": image.width,
        "height": image.height,
    }


def news_article(
    article: SyndicatedArticle,
    *,
    canonical: str,
    description: str,
    image: SharedImage | None,
    publisher: Publisher,
    zone: ZoneInfo,
) -> dict:
    """A schema.org NewsArticle with what Google's article rich results read."""
    org = organization(publisher)
    authors = [
        {"@type": "Person", "name": author.name, "url": author.url} for author in article.authors
    ]
    data = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": article.title,
        "description": description,
        "url": canonical,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "datePublished": iso(article.published_at, zone),
        "dateModified": iso(article.updated_at, zone),
        "inLanguage": "ar",
        "author": authors or [org],
        "publisher": org,
        "isAccessibleForFree": True,
    }
    if image is not None:
        data["image"] = [image_object(image)]
    if article.section is not None:
        data["articleSection"] = article.section.name
    if article.tags:
        data["keywords"] = [tag.name for tag in article.tags]
    return data


def breadcrumb_list(crumbs: Sequence[tuple[str, str]]) -> dict:
    """A BreadcrumbList from (name, absolute URL) pairs, home first."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def website(*, name: str, url: str, search_url: str, publisher: Publisher) -> dict:
    """The site with a SearchAction, so a search box can appear under it in results.

    `search_url` is the absolute search address; the query goes in its `q` parameter.
    """
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": name,
        "url": url,
        "inLanguage": "ar",
        "publisher": organization(publisher),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{search_url}?q={{search_term_string}}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def iso(moment: datetime, zone: ZoneInfo) -> str:
    """ISO 8601 in the site's time zone, to the second."""
    return moment.astimezone(zone).replace(microsecond=0).isoformat()


def script_json(data: dict) -> str:
    """JSON that is safe inside <script>: no text in it can end the element or the line."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # One str.replace per character: str.translate looks up every character of the Arabic
    # text in a dict, ten times slower on an article's JSON-LD.
    for character, escape in _SCRIPT_ESCAPES:
        text = text.replace(character, escape)
    return text
