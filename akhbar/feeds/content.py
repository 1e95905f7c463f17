"""An article body as HTML that works away from the site: in feed readers and API clients."""

from __future__ import annotations

from urllib.parse import urljoin

import nh3
from django.http import HttpRequest

from akhbar.news.models import ArticlePage

_URL_ATTRIBUTES = {"href", "src"}


def portable_body(page: ArticlePage, request: HttpRequest) -> str:
    """The rendered body, sanitized, with every link and image address made absolute.

    Feed readers resolve relative addresses against the feed, not the article, and show
    no `<picture>` sources or site scripts, so only plain, safe tags with absolute
    addresses survive (nh3 keeps the `<img>` fallback of each `<picture>`).
    """
    html = page.body.render_as_block(context={"page": page, "request": request})
    base = request.build_absolute_uri(page.get_url(request))

    def absolute(tag: str, attribute: str, value: str) -> str:
        return urljoin(base, value) if attribute in _URL_ATTRIBUTES else value

    return nh3.clean(str(html), attribute_filter=absolute)
