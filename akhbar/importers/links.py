"""Addresses on the old site: which links point at it, and the path they name there."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit

from wagtail.contrib.redirects.models import Redirect

# Blogger adds ?m=1 (mobile) or ?m=0 to its own links; the page is the same.
_IGNORED_PARAMETERS = frozenset({"m"})


def host_names(hosts: Iterable[str]) -> frozenset[str]:
    """Host names as links are compared: lower case, without `www.` or a port."""
    names = set()
    for host in hosts:
        host = host.strip().lower()
        if "//" in host:
            host = urlsplit(host).hostname or ""
        names.add(host.split(":", 1)[0].removeprefix("www."))
    names.discard("")
    return frozenset(names)


def old_site_path(href: str, hosts: frozenset[str]) -> str | None:
    """The normalized redirect path of a link to the old site (http or https, `www.` or
    not, fragment and ?m= dropped), or None for a link elsewhere.  `hosts` as host_names
    gives them."""
    try:
        parts = urlsplit(href.strip())
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:  # a malformed address (an unclosed IPv6 bracket ...)
        return None
    if parts.scheme not in {"http", "https", ""} or host not in hosts:
        return None
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name not in _IGNORED_PARAMETERS
    ]
    path = parts.path or "/"
    return Redirect.normalise_path(f"{path}?{urlencode(query)}" if query else path)
