"""Saved article pages (HTML): the article found with trafilatura, the template left out.

What old news sites leave behind is often only their pages: a Blogger or WordPress template
around each article, with a hot-news ticker, "recent" lists, share buttons, comments and
footer links.  trafilatura finds the article's own text (keeping its links, so «إقرأ أيضاً»
lines still point at their article and the body converter can make cards of them); the
page's markup gives the rest:

- title: og:title, else the template's entry/post title, else trafilatura's guess;
- date: date markup (article:published_time, itemprop=datePublished, <time>, Blogger's
  abbr.published), else an Arabic date in the page's date line («الاثنين، 12 كانون الثاني
  2026», Levantine, Egyptian or Maghrebi month names), else trafilatura's;
- section: the breadcrumbs' last link, else a rel=category link, else `--section`;
- tags: rel=tag links and Blogger's label links; author: trafilatura's, without «بقلم»;
- old address: the path of <link rel=canonical> or og:url, redirected to the new page.
"""

from __future__ import annotations

import copy
import re
from argparse import ArgumentParser
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from glob import glob
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import lxml.html
import trafilatura
from django.conf import settings
from trafilatura.utils import load_html

from akhbar.arabic import normalize
from akhbar.arabic.dates import MONTHS
from akhbar.importers.html import plain_text
from akhbar.importers.records import ArticleRecord, Failure, InvalidRecord, SectionRef
from akhbar.importers.sources.base import Source, SourceUnreadable

_PAGE_SUFFIXES = {".html", ".htm", ".xhtml"}
_SNIFF_BYTES = 4096

# Date markup, most specific first: a page's sidebar may hold other <time> elements.
_DATE_MARKUP = (
    "//meta[@property='article:published_time']/@content",
    "//*[@itemprop='datePublished']/@content",
    "//*[@itemprop='datePublished']/@datetime",
    "//*[@itemprop='datePublished']/@title",
    "//time[contains(@class, 'published')]/@datetime",
    "//abbr[contains(@class, 'published')]/@title",
    "//article//time/@datetime",
)
# Where templates print the date for readers (Blogger: post-timestamp, date-header).
_DATE_LINES = (
    "//*[contains(@class, 'timestamp') or contains(@class, 'date') or contains(@class, 'time')"
    " or contains(@class, 'published') or contains(@class, 'post-header')]"
)
_TITLES = (
    "//meta[@property='og:title']/@content",
    "//*[contains(@class, 'entry-title') or contains(@class, 'post-title')]",
)
_BREADCRUMB_LINKS = (
    "//*[contains(@class, 'breadcrumb') or contains(@id, 'breadcrumb')]//a"
    " | //*[@itemtype='https://schema.org/BreadcrumbList']//a"
)
_TAG_LINKS = (
    "//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')"
    " and not(contains(@rel, 'category'))]"
    " | //*[contains(@class, 'post-labels')]//a"
)
_CATEGORY_LINKS = "//a[contains(concat(' ', normalize-space(@rel), ' '), ' category ')]"
_OLD_ADDRESS = (
    "//link[@rel='canonical']/@href",
    "//meta[@property='og:url']/@content",
)
_BYLINE = re.compile(r"^(?:بقلم|كتب[هت]?|بواسطة|إعداد|اعداد)\s*[:：]?\s*")

# Month names of every style, folded as `normalize` folds the page's text (أيار = ايار).
_MONTH_NUMBERS = {
    normalize(name): number
    for style, names in MONTHS.items()
    if style != "levantine_egyptian"
    for number, name in enumerate(names, start=1)
}
_MONTH_NAMES = "|".join(sorted(map(re.escape, _MONTH_NUMBERS), key=len, reverse=True))
# «12 كانون الثاني 2026», «12 كانون الثاني/يناير 2026» (normalize turns "/" into a space).
_ARABIC_DATE = re.compile(
    rf"\b(?P<day>\d{{1,2}}) (?P<month>{_MONTH_NAMES})(?: (?:{_MONTH_NAMES}))? (?P<year>\d{{4}})\b"
)


class HtmlPagesSource(Source):
    name = "html"
    help = "saved article pages (HTML): the article text, without the site's template"

    @classmethod
    def add_arguments(cls, parser: ArgumentParser) -> None:
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="FILE",
            help="saved pages, folders of them (read recursively) or quoted glob patterns",
        )
        parser.add_argument(
            "--section",
            default="",
            help="our section for pages whose breadcrumbs or category name none",
        )

    def open(self) -> None:
        self._files = page_files(self.options["paths"])
        self._done = 0
        section = plain_text(self.options["section"]).strip()
        self._section = SectionRef(section) if section else None

    def close(self) -> None:
        """Files are opened one at a time by `records`."""

    def records(self) -> Iterator[ArticleRecord | Failure]:
        max_bytes = settings.AKHBAR_IMPORT_MAX_PAGE_BYTES
        for path in self._files:
            self._done += 1
            location = str(path)
            try:
                if path.stat().st_size > max_bytes:
                    yield Failure(location, f"larger than {max_bytes:,} bytes; not read")
                    continue
                raw = path.read_bytes()
            except OSError as exc:
                yield Failure(location, f"cannot read: {exc.strerror or exc}")
                continue
            yield read_page(raw, location=location, section=self._section, time_zone=self.time_zone)

    def size(self) -> int | None:
        return len(self._files)

    def position(self) -> int:
        return self._done


def page_files(paths: Iterable[str]) -> list[Path]:
    """The pages named: files as given, folders searched for *.html, glob patterns expanded.

    Raises SourceUnreadable for a name that matches nothing, so a typo never imports less
    than was meant without saying so.
    """
    files: list[Path] = []
    for name in paths:
        matches = [Path(match) for match in sorted(glob(name))] if _is_pattern(name) else []
        path = Path(name)
        if matches:
            files.extend(match for match in matches if match.is_file())
        elif path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in _PAGE_SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            raise SourceUnreadable(f"Cannot read {name}: no such file or folder.")
    if not files:
        raise SourceUnreadable("No saved pages (*.html) found in " + ", ".join(paths) + ".")
    return list(dict.fromkeys(files))


def _is_pattern(name: str) -> bool:
    return any(char in name for char in "*?[")


def read_page(
    raw: bytes, *, location: str, section: SectionRef | None, time_zone: ZoneInfo
) -> ArticleRecord | Failure:
    """The article in one saved page, or a Failure saying what the page lacks."""
    head = raw[:_SNIFF_BYTES]
    if b"\x00" in head or b"<" not in head:
        return Failure(location, "not an HTML page (binary data or plain text)")
    tree = load_html(raw)
    if tree is None:
        return Failure(location, "not an HTML page (could not be parsed)")
    extracted = trafilatura.extract_with_metadata(
        copy.deepcopy(tree),
        output_format="html",
        include_links=True,
        include_formatting=True,
        include_images=True,
        include_tables=True,
        include_comments=False,
        favor_precision=True,
    )
    if extracted is None or not extracted.text:
        return Failure(location, "no article text found in the page")
    title = _title(tree) or plain_text(extracted.title or "").strip()
    try:
        published = _published(tree, extracted.date, time_zone)
        page_section = _section(tree) or section
        if page_section is None:
            raise InvalidRecord(
                "no section: the page has no breadcrumbs or category link; give --section"
            )
        old_address = next((value for value in _values(tree, _OLD_ADDRESS) if value), "")
        return ArticleRecord(
            title=title,
            body=_body(extracted.text, title),
            section=page_section,
            published=published,
            guid=old_address,
            tags=_unique(_link_texts(tree, _TAG_LINKS)),
            authors=_unique(
                _BYLINE.sub("", name.strip()) for name in (extracted.author or "").split(";")
            ),
            old_urls=(urlsplit(old_address).path,) if urlsplit(old_address).path else (),
            location=location,
        )
    except InvalidRecord as exc:
        return Failure(location, str(exc))


def arabic_date(text: str) -> date | None:
    """The first date written out in Arabic in `text` («12 كانون الثاني 2026», «3 نوفمبر
    2025», «١٢ جانفي ٢٠٢٦»), in any month style; None when there is none."""
    for match in _ARABIC_DATE.finditer(normalize(text)):
        try:
            return date(int(match["year"]), _MONTH_NUMBERS[match["month"]], int(match["day"]))
        except ValueError:
            continue
    return None


def _published(tree: lxml.html.HtmlElement, guessed: str | None, zone: ZoneInfo) -> datetime:
    for value in _values(tree, _DATE_MARKUP):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            continue
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)
    for element in tree.xpath(_DATE_LINES):
        day = arabic_date(element.text_content())
        if day is not None:
            return datetime.combine(day, time(), tzinfo=zone)
    if guessed:
        return datetime.combine(date.fromisoformat(guessed), time(), tzinfo=zone)
    raise InvalidRecord("no publication date found in the page")


def _title(tree: lxml.html.HtmlElement) -> str:
    for value in _values(tree, _TITLES):
        title = plain_text(value).strip()
        if title:
            return title
    return ""


def _section(tree: lxml.html.HtmlElement) -> SectionRef | None:
    """The breadcrumbs' most specific link (the first is the home page), else the first
    category link."""
    crumbs = [
        link.text_content().strip()
        for link in tree.xpath(_BREADCRUMB_LINKS)
        if urlsplit(link.get("href", "")).path.strip("/")
    ]
    names = crumbs[-1:] or list(_link_texts(tree, _CATEGORY_LINKS))[:1]
    return SectionRef(names[0]) if names and names[0] else None


def _body(markup: str, title: str) -> str:
    """The extracted article's HTML, without a first heading that repeats the title."""
    body = lxml.html.document_fromstring(markup).body
    first = body[0] if len(body) else None
    if (
        first is not None
        and first.tag in {"h1", "h2", "h3"}
        and normalize(first.text_content()) == normalize(title)
    ):
        body.remove(first)
    return "".join(lxml.html.tostring(child, encoding="unicode") for child in body)


def _values(tree: lxml.html.HtmlElement, queries: Iterable[str]) -> Iterator[str]:
    """Attribute values or element texts the XPath queries find, in the queries' order."""
    for query in queries:
        for found in tree.xpath(query):
            yield found if isinstance(found, str) else found.text_content()


def _link_texts(tree: lxml.html.HtmlElement, query: str) -> Iterator[str]:
    for link in tree.xpath(query):
        text = plain_text(link.text_content()).strip()
        if text:
            yield text


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value.strip() for value in values if value.strip()))
