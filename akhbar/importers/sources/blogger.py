"""Blogger backups, in both formats people have (docs/importing.md, "Blogger").

The current backup (Takeout's feed.atom) types each entry with the 2018 namespace:
`<blogger:type>` POST/PAGE/COMMENT, `<blogger:status>` LIVE/DRAFT/SOFT_TRASHED and
`<blogger:filename>` for the old address.  The classic "Export blog" file types entries with
a `kind#post`/`kind#page`/`kind#comment` category, marks drafts with `<app:draft>yes` and
gives the old address as the `alternate` link.  Labels are tags, except the ones named
with --sections: a post's first such label is its section.
"""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import datetime
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from akhbar.arabic import normalize
from akhbar.importers.html import plain_text
from akhbar.importers.records import (
    ArticleRecord,
    BodyFormat,
    Ignored,
    InvalidRecord,
    Kind,
    SectionRef,
    Status,
)
from akhbar.importers.sources.xml import XmlSource, child_text, url_host

ATOM = "{http://www.w3.org/2005/Atom}"
BLOGGER = "{http://schemas.google.com/blogger/2018}"
APP = "{http://purl.org/atom/app#}"
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#"

# Entry types and statuses of both formats, to what they become.
_KINDS = {"POST": Kind.ARTICLE, "PAGE": Kind.PAGE, "post": Kind.ARTICLE, "page": Kind.PAGE}
_NOT_CONTENT = {
    "COMMENT": "comment",
    "comment": "comment",
    "settings": "blog settings",
    "template": "template",
}
_STATUSES = {"LIVE": Status.LIVE, "DRAFT": Status.DRAFT}
_TRASHED = {"SOFT_TRASHED", "TRASHED"}
# Blogger's name for the author of a post whose account was deleted.
_NO_AUTHOR = "Unknown"


class BloggerSource(XmlSource):
    name = "blogger"
    help = "a Blogger backup: Takeout's feed.atom, or the classic blog-*.xml export"
    format_name = "Blogger backup (Atom)"
    root_tags = frozenset({f"{ATOM}feed"})
    tag_paths = ("/search/label/{name}",)
    section_paths = ("/search/label/{name}",)

    @classmethod
    def add_arguments(cls, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--sections",
            action="append",
            default=[],
            metavar="LABELS",
            help="labels that are sections, comma-separated («أخبار محلية,رياضة»); a post's "
            "first such label is its section, other labels stay tags; repeatable",
        )

    @staticmethod
    def is_entry(tag: str, depth: int) -> bool:
        return depth == 1 and tag == f"{ATOM}entry"

    def read_header(self, root: Element) -> None:
        self._hosts = frozenset(filter(None, [url_host(_alternate_link(root))]))
        self._section_labels = {
            normalize(label)
            for option in self.options["sections"]
            for label in option.replace("،", ",").split(",")
            if label.strip()
        }

    def old_hosts(self) -> frozenset[str]:
        return super().old_hosts() | self._hosts

    def entry_record(self, element: Element, location: str) -> ArticleRecord | Ignored:
        entry_type, status, old_path = _type_status_path(element)
        if entry_type in _NOT_CONTENT:
            return Ignored(location, _NOT_CONTENT[entry_type])
        if status in _TRASHED:
            return Ignored(location, "trashed")
        if entry_type not in _KINDS:
            raise InvalidRecord(f"unknown Blogger entry type {entry_type!r}")
        if status not in _STATUSES:
            raise InvalidRecord(f"unknown Blogger status {status!r}")
        kind = _KINDS[entry_type]
        guid = child_text(element, f"{ATOM}id")
        if not guid:
            raise InvalidRecord("<id> is missing")
        published = self._date(element, f"{ATOM}published") or self._date(
            element, f"{BLOGGER}created"
        )
        if published is None:
            raise InvalidRecord("<published> is missing")
        labels = _labels(element)
        section = None
        if kind is Kind.ARTICLE:
            section = next(
                (label for label in labels if normalize(label) in self._section_labels), None
            )
            labels = tuple(label for label in labels if label != section)
        content = element.find(f"{ATOM}content")
        if content is None:
            raise InvalidRecord("<content> is missing")
        return ArticleRecord(
            title=plain_text(child_text(element, f"{ATOM}title")).strip(),
            body=content.text or "",
            body_format=BodyFormat.TEXT if content.get("type") == "text" else BodyFormat.HTML,
            kind=kind,
            section=SectionRef(section or self.options["default_section"])
            if kind is Kind.ARTICLE
            else None,
            published=published,
            updated=self._date(element, f"{ATOM}updated"),
            guid=guid,
            dek=plain_text(child_text(element, f"{BLOGGER}metaDescription")).strip(),
            tags=labels if kind is Kind.ARTICLE else (),
            authors=tuple(
                name
                for author in element.iterfind(f"{ATOM}author")
                if (name := plain_text(child_text(author, f"{ATOM}name")).strip())
                and name != _NO_AUTHOR
            ),
            status=_STATUSES[status],
            old_urls=(old_path,) if old_path else (),
            location=location,
        )

    def _date(self, element: Element, tag: str) -> datetime | None:
        value = child_text(element, tag)
        if not value:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError as exc:
            name = tag.rpartition("}")[2]
            raise InvalidRecord(f"<{name}> is not a date: {value[:40]!r}") from exc
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=self.time_zone)


def _type_status_path(element: Element) -> tuple[str, str, str]:
    """The entry's type, status and old path, in whichever format it is written."""
    entry_type = child_text(element, f"{BLOGGER}type")
    if entry_type:
        status = child_text(element, f"{BLOGGER}status") or "LIVE"
        return entry_type, status, child_text(element, f"{BLOGGER}filename")
    for category in element.iterfind(f"{ATOM}category"):
        term = category.get("term", "")
        if category.get("scheme") == KIND_SCHEME and term.startswith(KIND_PREFIX):
            draft = (element.findtext(f"{APP}control/{APP}draft") or "").strip() == "yes"
            path = urlsplit(_alternate_link(element)).path
            return term.removeprefix(KIND_PREFIX), "DRAFT" if draft else "LIVE", path
    raise InvalidRecord("not a Blogger entry: it has neither <blogger:type> nor a kind category")


def _labels(element: Element) -> tuple[str, ...]:
    labels = (
        plain_text(category.get("term", "")).strip()
        for category in element.iterfind(f"{ATOM}category")
        if category.get("scheme") != KIND_SCHEME
    )
    return tuple(dict.fromkeys(label for label in labels if label))


def _alternate_link(element: Element) -> str:
    for link in element.iterfind(f"{ATOM}link"):
        if link.get("rel") == "alternate" and link.get("type", "text/html") == "text/html":
            return link.get("href", "")
    return ""
