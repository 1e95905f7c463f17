"""RSS 2.0 and Atom feeds: the items of a news agency's wire or a partner site.

Each item is an article that first appeared at the other outlet: the feed's title (or
`--source-name`) becomes its source and the item's link the source address, never an old
address of ours.  The item's guid (or Atom id, or else its link) is what re-runs match on,
so a feed imported every quarter of an hour only adds and updates what changed.

The feed is read from a file or fetched from an http(s) address (with a timeout, a size
limit and our User-Agent) into a temporary file, then streamed through the shared safe
reader (`sources/xml.py`): a DTD is refused before any entity is expanded (billion laughs,
external entities), and a feed that breaks off keeps the items before the break.
"""

from __future__ import annotations

import os
import time
from argparse import ArgumentParser
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from tempfile import NamedTemporaryFile
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen
from xml.etree.ElementTree import Element, tostring
from zoneinfo import ZoneInfo

from django.conf import settings

from akhbar.importers.html import looks_like_html, plain_text
from akhbar.importers.records import (
    MAX_DEK,
    ArticleRecord,
    BodyFormat,
    ImageRef,
    InvalidRecord,
    SectionRef,
)
from akhbar.importers.sources.base import SourceUnreadable
from akhbar.importers.sources.xml import XmlSource

USER_AGENT = "akhbar feed importer"
_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
_CHUNK = 1 << 16

_ATOM = "{http://www.w3.org/2005/Atom}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_MEDIA = "{http://search.yahoo.com/mrss/}"
_XHTML = "{http://www.w3.org/1999/xhtml}"


class FeedSource(XmlSource):
    name = "feed"
    help = "an RSS 2.0 or Atom feed (a news agency's wire, a partner site), file or address"
    format_name = "RSS 2.0 or Atom feed"
    root_tags = frozenset({"rss", f"{_ATOM}feed"})

    @classmethod
    def add_arguments(cls, parser: ArgumentParser) -> None:
        parser.add_argument("file", metavar="URL-OR-FILE", help="an http(s) address or a file")
        parser.add_argument("--section", required=True, help="our section for every item")
        parser.add_argument(
            "--source-name",
            default="",
            help="the outlet the items are credited to (default: the feed's own title)",
        )

    @staticmethod
    def is_entry(tag: str, depth: int) -> bool:
        # <rss><channel><item>, <feed><entry>
        return (depth == 2 and tag == "item") or (depth == 1 and tag == f"{_ATOM}entry")

    def open(self) -> None:
        self._download = ""
        try:
            self._section = SectionRef(plain_text(self.options["section"]).strip())
        except InvalidRecord as exc:
            raise SourceUnreadable(f"--section: {exc}") from exc
        location = self.options["file"]
        if urlsplit(location).scheme in {"http", "https"}:
            self._download = download(
                location,
                timeout=settings.AKHBAR_IMPORT_FEED_TIMEOUT,
                max_bytes=settings.AKHBAR_IMPORT_MAX_FEED_BYTES,
            )
            self.options = {**self.options, "file": self._download}
        try:
            super().open()
        except SourceUnreadable as exc:
            self.close()
            raise SourceUnreadable(str(exc).replace(self._download or location, location)) from exc

    def close(self) -> None:
        if hasattr(self, "_reader"):
            super().close()
        if self._download:
            os.unlink(self._download)
            self._download = ""

    def read_header(self, root: Element) -> None:
        channel = root.find("channel")
        title = root.findtext(f"{_ATOM}title") if channel is None else channel.findtext("title")
        self._source_name = self.options["source_name"] or plain_text(title or "").strip()

    def entry_record(self, element: Element, location: str) -> ArticleRecord:
        atom = element.tag == f"{_ATOM}entry"
        fields = _atom_fields(element) if atom else _rss_fields(element)
        if not fields.body.strip():
            raise InvalidRecord(
                "no content or summary" if atom else "no content:encoded or description"
            )
        updated = _date(fields.updated, self.time_zone)
        published = _date(fields.published, self.time_zone) or updated
        if published is None:
            raise InvalidRecord("no publication date" + ("" if atom else " (pubDate)"))
        link = fields.link.strip()
        return ArticleRecord(
            title=plain_text(fields.title).strip(),
            body=fields.body,
            body_format=fields.body_format,
            section=self._section,
            published=published,
            updated=updated if updated != published else None,
            guid=(fields.guid or link).strip(),
            dek=fields.dek,
            tags=_unique(plain_text(tag).strip() for tag in fields.tags),
            authors=_unique(_author_name(author) for author in fields.authors),
            # Credited to the feed's outlet, else to the host the item links to.
            source_name=self._source_name or (urlsplit(link).hostname or "" if link else ""),
            source_url=link,
            lead_image=fields.image,
            location=location,
        )


def download(url: str, *, timeout: float, max_bytes: int) -> str:
    """Save the body at `url` to a temporary file and return its path (the caller deletes
    it); SourceUnreadable says why it could not be fetched.

    `timeout` bounds each network wait and the whole download, so a server dripping a byte
    at a time cannot hold the scheduler.
    """
    request = Request(url, headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT})  # noqa: S310
    deadline = time.monotonic() + timeout
    with NamedTemporaryFile(prefix="akhbar-feed-", suffix=".xml", delete=False) as target:
        try:
            # The caller checked the scheme; urllib follows redirects only to http(s).
            with urlopen(request, timeout=timeout) as response:  # noqa: S310
                while chunk := response.read(_CHUNK):
                    if target.tell() + len(chunk) > max_bytes:
                        raise SourceUnreadable(f"{url} is larger than {max_bytes:,} bytes.")
                    if time.monotonic() > deadline:
                        raise TimeoutError
                    target.write(chunk)
        except HTTPError as exc:
            problem = f"HTTP {exc.code} {exc.reason}"
        except (TimeoutError, URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            timed_out = isinstance(exc, TimeoutError) or isinstance(reason, TimeoutError)
            problem = f"no answer within {timeout:g} seconds" if timed_out else str(reason)
        except SourceUnreadable:
            os.unlink(target.name)
            raise
        else:
            return target.name
    os.unlink(target.name)
    raise SourceUnreadable(f"Cannot fetch {url}: {problem}")


@dataclass(frozen=True)
class _Fields:
    """An item's raw values, named the same for RSS and Atom."""

    guid: str
    title: str
    link: str
    published: str
    updated: str
    body: str
    body_format: BodyFormat
    dek: str
    tags: list[str]
    authors: list[str]
    image: ImageRef | None


def _rss_fields(item: Element) -> _Fields:
    description = item.findtext("description") or ""
    content = item.findtext(f"{_CONTENT}encoded") or ""
    summary = plain_text(description).strip() if content.strip() else ""
    body = content if content.strip() else description
    enclosures = (
        element.get("url", "")
        for element in item.iter("enclosure")
        if element.get("type", "").startswith("image/")
    )
    return _Fields(
        guid=item.findtext("guid") or "",
        title=item.findtext("title") or "",
        link=item.findtext("link") or "",
        published=item.findtext("pubDate") or item.findtext(f"{_DC}date") or "",
        updated="",
        body=body,
        body_format=BodyFormat.HTML if looks_like_html(body) else BodyFormat.TEXT,
        dek=summary if len(summary) <= MAX_DEK else "",
        tags=[element.text or "" for element in item.iter("category")],
        authors=[
            element.text or "" for element in (*item.iter(f"{_DC}creator"), *item.iter("author"))
        ],
        image=_image(item, enclosures),
    )


def _atom_fields(entry: Element) -> _Fields:
    links = entry.findall(f"{_ATOM}link")
    content = entry.find(f"{_ATOM}content")
    if content is None or not _atom_text(content).strip():
        content = entry.find(f"{_ATOM}summary")
    enclosures = (
        link.get("href", "")
        for link in links
        if link.get("rel") == "enclosure" and link.get("type", "").startswith("image/")
    )
    return _Fields(
        guid=entry.findtext(f"{_ATOM}id") or "",
        title=entry.findtext(f"{_ATOM}title") or "",
        link=next(
            (link.get("href", "") for link in links if link.get("rel", "alternate") == "alternate"),
            "",
        ),
        published=entry.findtext(f"{_ATOM}published") or "",
        updated=entry.findtext(f"{_ATOM}updated") or "",
        body=_atom_text(content) if content is not None else "",
        body_format=(
            BodyFormat.TEXT
            if content is not None and content.get("type", "text") == "text"
            else BodyFormat.HTML
        ),
        dek="",
        tags=[
            category.get("label") or category.get("term") or ""
            for category in entry.iter(f"{_ATOM}category")
        ],
        authors=[author.findtext(f"{_ATOM}name") or "" for author in entry.iter(f"{_ATOM}author")],
        image=_image(entry, enclosures),
    )


def _atom_text(element: Element) -> str:
    """An Atom text construct's content: escaped HTML or text as is, inline XHTML as HTML."""
    if element.get("type") != "xhtml":
        return element.text or ""
    for child in element.iter():
        child.tag = child.tag.removeprefix(_XHTML)
    return "".join(tostring(child, encoding="unicode") for child in element)


def _image(item: Element, enclosures: Iterator[str]) -> ImageRef | None:
    """The lead image: an image enclosure, else Media RSS content or thumbnail.

    It stays a remote reference: the pipeline never fetches it.
    """
    media = (
        element.get("url", "")
        for element in item.iter(f"{_MEDIA}content")
        if element.get("medium") == "image" or element.get("type", "").startswith("image/")
    )
    thumbnails = (element.get("url", "") for element in item.iter(f"{_MEDIA}thumbnail"))
    src = next((url.strip() for url in (*enclosures, *media, *thumbnails) if url.strip()), "")
    if not src:
        return None
    caption = plain_text(
        item.findtext(f".//{_MEDIA}description") or item.findtext(f".//{_MEDIA}title") or ""
    )
    return ImageRef(src=src, alt=caption.strip())


def _date(value: str, zone: ZoneInfo) -> datetime | None:
    """RFC 822 (RSS pubDate) or ISO 8601 (Atom, dc:date); a date without offset is local."""
    value = value.strip()
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise InvalidRecord(f"date is neither RFC 822 nor ISO 8601: {value[:40]!r}") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def _author_name(value: str) -> str:
    """A name from an RSS <author> ("desk@agency.example (هيئة التحرير)") or dc:creator."""
    value = plain_text(value).strip()
    address, _, name = value.partition("(")
    if name.endswith(")") and "@" in address:
        return name[:-1].strip()
    return value


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value))
