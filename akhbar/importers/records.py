"""What every source hands the pipeline: validated article records, and what the run did.

Sources only parse their format; the limits here are the content model's own (title and
field lengths, aware dates), checked once so that every source gives the same clear errors.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple, dataclass, field, fields, is_dataclass
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit

from akhbar.arabic import normalize

# Lengths of the fields the records land in (Page.title, taggit's Tag.name, Author.name ...).
MAX_TITLE = 255
MAX_DEK = 400
MAX_TAG = 100
MAX_AUTHOR = 120
MAX_SOURCE_NAME = 200
MAX_URL = 500
MAX_GUID = 1000


class InvalidRecord(ValueError):
    """A record that cannot become an article; the message says which field and why."""


class Status(StrEnum):
    LIVE = "live"
    DRAFT = "draft"


class BodyFormat(StrEnum):
    HTML = "html"
    TEXT = "text"


class Kind(StrEnum):
    """What a record becomes: an article in its section, or a standalone page under the
    home page (Blogger and WordPress "pages": about us, contact ...)."""

    ARTICLE = "article"
    PAGE = "page"


@dataclass(frozen=True)
class ImageRef:
    """An image a record points at: resolved to the image library, or reported as remote."""

    src: str
    alt: str = ""
    caption: str = ""
    credit: str = ""
    # A local file the source resolved for `src` (e.g. in a WordPress uploads folder); the
    # pipeline imports it into the image library.
    path: str = ""


@dataclass(frozen=True)
class SectionRef:
    """The section an article belongs to; `slug` is used when a new section is created."""

    title: str
    slug: str = ""

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise InvalidRecord("section is empty")
        _check_length("section", self.title, MAX_TITLE)


@dataclass(frozen=True)
class ArticleRecord:
    """One article as a source describes it, before it meets the site.

    `body` holds HTML or plain text as `body_format` says (a JSON Lines body may be either),
    `location` names where it came from ("line 12") for error messages.  `guid` is the
    source's stable id for the entry; `old_urls` are the addresses it had on the old site
    (redirected here), while `source_url` only attributes it to another outlet.  A PAGE
    needs no section.
    """

    title: str
    body: str
    section: SectionRef | None
    published: datetime
    guid: str = ""
    body_format: BodyFormat = BodyFormat.HTML
    updated: datetime | None = None
    dek: str = ""
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    source_name: str = ""
    source_url: str = ""
    status: Status = Status.LIVE
    lead_image: ImageRef | None = None
    old_urls: tuple[str, ...] = ()
    kind: Kind = Kind.ARTICLE
    location: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise InvalidRecord("title is empty")
        if self.section is None and self.kind is Kind.ARTICLE:
            raise InvalidRecord("section is missing")
        if not self.body.strip():
            raise InvalidRecord("body is empty")
        _check_length("title", self.title, MAX_TITLE)
        _check_length("dek", self.dek, MAX_DEK)
        _check_length("guid", self.guid, MAX_GUID)
        _check_length("source name", self.source_name, MAX_SOURCE_NAME)
        for name, value in (("published", self.published), ("updated", self.updated)):
            if value is not None and value.utcoffset() is None:
                raise InvalidRecord(f"{name} has no time zone")
        for tag in self.tags:
            if not tag.strip():
                raise InvalidRecord("a tag is empty")
            _check_length("tag", tag, MAX_TAG)
        for author in self.authors:
            if not author.strip():
                raise InvalidRecord("an author name is empty")
            _check_length("author", author, MAX_AUTHOR)
        if self.source_url:
            _check_url("source url", self.source_url)
            if not self.source_name:
                raise InvalidRecord("source url given without a source name")

    @property
    def key(self) -> str:
        """The identity re-runs match on: the guid, or else the title and publication time."""
        if self.guid:
            return self.guid
        digest = hashlib.sha1(  # noqa: S324 - an identifier, not a security hash
            f"{normalize(self.title)}|{self.published.isoformat()}".encode()
        ).hexdigest()
        return f"{TITLE_KEY_PREFIX}{digest}"

    def content_hash(self) -> str:
        """A digest of everything that ends up on the page, so unchanged items skip fast."""
        values = [getattr(self, f.name) for f in fields(self) if f.compare]
        encoded = json.dumps(values, default=_plain, ensure_ascii=False)
        return hashlib.sha256(encoded.encode()).hexdigest()


# Keys made from title+published (records without a guid) start with this, so exports can
# tell them from real guids.
TITLE_KEY_PREFIX = "title+published:"


def is_title_key(guid: str) -> bool:
    """True for the keys made up for records that had no guid."""
    return guid.startswith(TITLE_KEY_PREFIX)


@dataclass(frozen=True)
class Failure:
    """An entry that was not imported: where it is in the source and why."""

    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}" if self.location else self.reason


@dataclass(frozen=True)
class Ignored:
    """An entry deliberately not imported (a comment, a trashed post, an attachment): counted
    by reason in the report, not a failure."""

    location: str
    reason: str


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    failures: tuple[Failure, ...] = ()
    new_sections: tuple[str, ...] = ()
    new_tags: int = 0
    new_authors: int = 0
    ignored: tuple[tuple[str, int], ...] = ()  # (reason, how many), most frequent first
    near_duplicates: int = 0
    near_duplicate_notes: tuple[Failure, ...] = ()  # "matched as near-duplicate of ..."
    images_imported: int = 0
    image_problems: tuple[Failure, ...] = ()  # images left out, the articles imported
    remote_images: int = 0
    links_rewritten: int = 0
    links_left: int = 0  # links to the old site's addresses nobody imported
    dry_run: bool = False

    @property
    def processed(self) -> int:
        return self.created + self.updated + self.skipped + self.failed


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return astuple(value)
    raise TypeError(f"{type(value).__name__} is not part of a record")


def _check_length(name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise InvalidRecord(f"{name} is longer than {limit} characters")


def _check_url(name: str, value: str) -> None:
    _check_length(name, value, MAX_URL)
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise InvalidRecord(f"{name} is not an http(s) address: {value!r}")
