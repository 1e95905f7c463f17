"""Reader paths of pages from their stored url_path, as Wagtail's `get_url()` gives them but
without a `reverse()` per page: sitemaps and imports build thousands at once."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.models import Page

# What Django's reverse() leaves unquoted in a URL argument.
_SAFE = RFC3986_SUBDELIMS + "/~:@"


def quote_path(text: str) -> str:
    """`text` quoted for a path as `reverse()` quotes an argument, each character on its own:
    an Arabic slug becomes its percent-encoded UTF-8."""
    return quote(text, safe=_SAFE)


def page_path_maker(root: Page) -> Callable[[str], str]:
    """The path of a page under `root` (a site's home page) from its url_path, as
    `page.get_url()` gives it on that site; one `reverse()` in all."""
    base = reverse("wagtail_serve", args=("",))
    skip = len(root.url_path)
    return lambda url_path: base + quote_path(url_path[skip:])
