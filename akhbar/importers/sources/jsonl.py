"""JSON Lines: one article (or plain page) per line, the simple bulk format and what
`akhbar export` writes.

    {"title": "...", "body": "plain text or HTML", "section": "سياسة",
     "published": "2026-01-12T10:30:00+02:00", "tags": ["..."], "author": "...",
     "authors": ["..."], "dek": "...", "source": {"name": "...", "url": "https://..."},
     "guid": "...", "status": "live" | "draft", "updated": "...",
     "image": {"src": "...", "alt": "...", "caption": "...", "credit": "..."},
     "old_urls": ["https://old.example/2021/01/x.html"], "kind": "article" | "page"}

title, body, section and published are required (a "page" has no section); a naive date is
in the site's time zone.
"section" may also be {"title": "...", "slug": "..."} to choose the new section's slug, and
"format": "html" | "text" overrides the body's detected format.
"""

from __future__ import annotations

import json
import os
import sys
from argparse import ArgumentParser
from collections.abc import Iterator
from datetime import datetime
from enum import StrEnum
from typing import IO, Any, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings

from akhbar.arabic import slugify_ar
from akhbar.importers.html import looks_like_html, plain_text
from akhbar.importers.records import (
    ArticleRecord,
    BodyFormat,
    Failure,
    ImageRef,
    InvalidRecord,
    Kind,
    SectionRef,
    Status,
)
from akhbar.importers.sources.base import Source, SourceUnreadable

_SKIP_CHUNK = 1 << 20
_Choice = TypeVar("_Choice", bound=StrEnum)


class JsonlSource(Source):
    name = "jsonl"
    help = "JSON Lines, one article per line (what `akhbar export jsonl` writes)"

    @classmethod
    def add_arguments(cls, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="the .jsonl file, or - to read standard input")

    def open(self) -> None:
        path = self.options["file"]
        if path == "-":
            self._stream: IO[bytes] = sys.stdin.buffer
            self._size = None
            return
        try:
            self._stream = open(path, "rb")  # noqa: SIM115 - closed by close()
            self._size = os.fstat(self._stream.fileno()).st_size
        except OSError as exc:
            raise SourceUnreadable(f"Cannot read {path}: {exc.strerror or exc}") from exc

    def close(self) -> None:
        if self._stream is not sys.stdin.buffer:
            self._stream.close()

    def records(self) -> Iterator[ArticleRecord | Failure]:
        return read_jsonl(
            self._stream,
            time_zone=self.time_zone,
            max_line_bytes=settings.AKHBAR_IMPORT_MAX_LINE_BYTES,
        )

    def size(self) -> int | None:
        return self._size

    def position(self) -> int:
        return self._stream.tell() if self._size is not None else 0


def read_jsonl(
    stream: IO[bytes], *, time_zone: ZoneInfo, max_line_bytes: int
) -> Iterator[ArticleRecord | Failure]:
    """A record, or a Failure naming the line and the reason, for each non-blank line."""
    for number, raw in _lines(stream, max_line_bytes):
        location = f"line {number}"
        if raw is None:
            yield Failure(location, f"line longer than {max_line_bytes:,} bytes")
            continue
        if not raw.strip():
            continue
        try:
            data = _decode(raw, first=number == 1)
            record = record_from_json(data, time_zone=time_zone, location=location)
        except InvalidRecord as exc:
            yield Failure(location, str(exc))
        else:
            yield record


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines, or None for a line over `limit` bytes (skipped, never held whole)."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(_SKIP_CHUNK)
            yield number, None
        else:
            yield number, line


def _decode(raw: bytes, *, first: bool) -> dict[str, Any]:
    try:
        text = raw.rstrip(b"\r\n").decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidRecord(f"not UTF-8 text (byte {exc.start + 1})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidRecord(f"invalid JSON: {exc.msg} (column {exc.colno})") from exc
    except RecursionError as exc:
        raise InvalidRecord("invalid JSON: nested too deeply") from exc
    if not isinstance(data, dict):
        raise InvalidRecord(f"expected a JSON object, found {_kind(data)}")
    return data


def record_from_json(
    data: dict[str, Any], *, time_zone: ZoneInfo, location: str = ""
) -> ArticleRecord:
    """The record a JSON object describes; InvalidRecord names the field that is wrong."""
    body = _text(data, "body", required=True)
    detected = BodyFormat.HTML if looks_like_html(body) else BodyFormat.TEXT
    body_format = _choice(data, "format", BodyFormat, default=detected)
    kind = _choice(data, "kind", Kind, default=Kind.ARTICLE)
    authors = data.get("authors") if "authors" in data else data.get("author")
    source = _object(data, "source", "name")
    image = _object(data, "image", "src")
    published = _date(data, "published", time_zone)
    if published is None:
        raise InvalidRecord('"published" is missing')
    return ArticleRecord(
        title=_plain(data, "title", required=True),
        body=body,
        body_format=body_format,
        section=_section(data.get("section")) if kind is Kind.ARTICLE else None,
        published=published,
        updated=_date(data, "updated", time_zone),
        guid=_guid(data.get("guid")),
        dek=_plain(data, "dek"),
        tags=_strings(data.get("tags"), "tags"),
        authors=_strings(authors, "authors" if "authors" in data else "author"),
        source_name=_plain(source, "name"),
        source_url=_text(source, "url").strip(),
        status=_choice(data, "status", Status, default=Status.LIVE),
        lead_image=ImageRef(
            src=_text(image, "src", required=True).strip(),
            alt=_plain(image, "alt"),
            caption=_plain(image, "caption"),
            credit=_plain(image, "credit"),
        )
        if image
        else None,
        old_urls=_strings(data.get("old_urls"), "old_urls"),
        kind=kind,
        location=location,
    )


def record_to_json(record: ArticleRecord) -> dict[str, Any]:
    """The JSON object `record_from_json` reads back into the same record."""
    data: dict[str, Any] = {"guid": record.guid, "title": record.title}
    section = record.section
    if record.kind is Kind.PAGE:
        data["kind"] = record.kind.value
    elif section is not None:
        data["section"] = (
            section.title
            if section.slug in {"", slugify_ar(section.title)}
            else {"title": section.title, "slug": section.slug}
        )
    data["published"] = record.published.isoformat()
    if record.updated and record.updated != record.published:
        data["updated"] = record.updated.isoformat()
    if record.status != Status.LIVE:
        data["status"] = record.status.value
    if record.dek:
        data["dek"] = record.dek
    if len(record.authors) == 1:
        data["author"] = record.authors[0]
    elif record.authors:
        data["authors"] = list(record.authors)
    if record.tags:
        data["tags"] = list(record.tags)
    if record.source_name:
        data["source"] = {"name": record.source_name, "url": record.source_url}
    if record.lead_image:
        image = record.lead_image
        data["image"] = {
            "src": image.src,
            "alt": image.alt,
            "caption": image.caption,
            "credit": image.credit,
        }
    if record.old_urls:
        data["old_urls"] = list(record.old_urls)
    data["format"] = record.body_format.value
    data["body"] = record.body
    return data


def _kind(value: object) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _text(data: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise InvalidRecord(f'"{key}" is missing')
        return ""
    if not isinstance(value, str):
        raise InvalidRecord(f'"{key}" must be a string, not {_kind(value)}')
    return value


def _choice(data: dict[str, Any], key: str, choices: type[_Choice], *, default: _Choice) -> _Choice:
    """One of an enum's values; anything else (another word, a list) names the choices."""
    value = data.get(key) or default
    if isinstance(value, str) and value in set(choices):
        return choices(value)
    allowed = " or ".join(f'"{choice.value}"' for choice in choices)
    shown = repr(value) if isinstance(value, str) else _kind(value)
    raise InvalidRecord(f'"{key}" must be {allowed}, not {shown}')


def _plain(data: dict[str, Any], key: str, *, required: bool = False) -> str:
    """A plain-text field: markup removed, entities decoded, spaces trimmed."""
    return plain_text(_text(data, key, required=required)).strip()


def _strings(value: object, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidRecord(f'"{key}" must be a list of strings')
    cleaned = (plain_text(item).strip() for item in value)
    return tuple(dict.fromkeys(item for item in cleaned if item))


def _object(data: dict[str, Any], key: str, main: str) -> dict[str, Any]:
    """An object field, also given as just its main string ("source": "وكالة ...")."""
    value = data.get(key)
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        return {main: value}
    if not isinstance(value, dict):
        raise InvalidRecord(f'"{key}" must be an object, not {_kind(value)}')
    if main == "src" and "src" not in value and "url" in value:
        return {**value, "src": value["url"]}
    return value


def _section(value: object) -> SectionRef:
    if isinstance(value, dict):
        return SectionRef(_plain(value, "title", required=True), _text(value, "slug"))
    if value is None or value == "":
        raise InvalidRecord('"section" is missing')
    if not isinstance(value, str):
        raise InvalidRecord(f'"section" must be a string or an object, not {_kind(value)}')
    return SectionRef(plain_text(value).strip())


def _date(data: dict[str, Any], key: str, time_zone: ZoneInfo) -> datetime | None:
    value = _text(data, key)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidRecord(f'"{key}" is not an ISO 8601 date: {value[:40]!r}') from exc
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=time_zone)


def _guid(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidRecord(f'"guid" must be a string, not {_kind(value)}')
    return str(value).strip()
