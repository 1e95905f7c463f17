"""Home's section blocks, each rendered once until an article of its section changes.

A block shows a section's newest articles as cards with pictures: eight sections make more
than half of a home render (25 of 40 ms at 100,000 articles), and home is rendered again on
every publish, when at most one or two sections changed. Each block is kept in the cache as
HTML with the ids of the articles it shows, so that a page built from it still records them
(akhbar.publishing.recording). It is dropped when an article of its section is published,
changed, moved or taken down (`forget_home_blocks(section_paths)`, from the publishing
signals) and all of them when what every page shows changes (`forget_home_blocks()`, from
akhbar.publishing.sitewide): a section renamed, the site's date style, a section made private.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from urllib.parse import unquote

from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from akhbar.news.models import SectionPage
from akhbar.news.queries import section_blocks, site_sections

GENERATION_KEY = "akhbar:home-blocks"
#: A bound on what no signal reports (an edited image's new renditions).
TIMEOUT = 600
TEMPLATE = "components/section_block.html"


def section_path(section: SectionPage) -> str:
    """The key of a section's block: its reader path, as the publishing rules name it."""
    from akhbar.publishing.invalidation import page_path

    return unquote(page_path(section) or "")


def rendered_section_blocks(request: HttpRequest) -> list[SafeString]:
    """The HTML of each section's block, in menu order; the missing ones rendered in one
    query for all sections."""
    from akhbar.publishing.recording import record

    sections = site_sections()
    if not sections:
        return []
    generation = _generation()
    keys = {section.pk: _key(generation, section_path(section)) for section in sections}
    cached = cache.get_many(list(keys.values()))
    if len(cached) < len(keys):
        fresh = {}
        for section, items in section_blocks():
            html = render_to_string(TEMPLATE, {"block_section": section, "items": items}, request)
            fresh[keys[section.pk]] = (html, [item.pk for item in items])
        # A section without live articles has no block: remember that too.
        fresh.update({key: ("", []) for key in keys.values() if key not in fresh})
        cache.set_many(fresh, TIMEOUT)
        cached.update(fresh)
    blocks = []
    for section in sections:
        html, shown = cached[keys[section.pk]]
        record(shown)
        if html:
            blocks.append(mark_safe(html))  # noqa: S308 - rendered by our template
    return blocks


def forget_home_blocks(section_paths: Iterable[str] | None = None) -> None:
    """Drop the blocks of these sections (reader paths), or all of them when None."""
    if section_paths is None:
        cache.delete(GENERATION_KEY)
    else:
        generation = _generation()
        cache.delete_many([_key(generation, unquote(path)) for path in section_paths])


def _generation() -> str:
    return cache.get_or_set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def _key(generation: str, path: str) -> str:
    return f"akhbar:home-block:{generation}:{path}"
