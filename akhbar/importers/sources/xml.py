"""Safe, streaming XML for the sources that read one big export file (Blogger, WordPress).

- defusedxml's parser with DTDs forbidden: an entity bomb or an external entity
  (`<!ENTITY x SYSTEM "file:///etc/passwd">`) is refused at its `<!DOCTYPE`, before anything
  is expanded or read.  Blogger and WordPress exports never carry a DTD.
- The file is read in chunks and every entry (a Blogger `<entry>`, a WordPress `<item>`) is
  handed over as soon as it is complete, then dropped from the tree, so memory stays at one
  entry however big the file is.  An entry over AKHBAR_IMPORT_MAX_XML_ENTRY_BYTES is
  reported, not kept; a file over AKHBAR_IMPORT_MAX_XML_BYTES is refused before reading.
- Bytes that are not valid in the file's encoding make only the entries holding them fail;
  a truncated or broken file keeps every entry before the break, and the failure says where
  it broke and how many entries were read.
"""

from __future__ import annotations

import codecs
import os
import re
from abc import abstractmethod
from argparse import ArgumentParser
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any, ClassVar
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from xml.parsers.expat import ErrorString

from defusedxml.common import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser
from django.conf import settings

from akhbar.importers.records import ArticleRecord, Failure, Ignored, InvalidRecord
from akhbar.importers.sources.base import Source, SourceUnreadable

_CHUNK = 1 << 16
# Invalid bytes are decoded to lone surrogates and then to this noncharacter, which XML
# allows and no real export contains: an entry holding it had bytes that were not text.
_MARK = "\ufdd0"
_SURROGATES = re.compile("[\udc80-\udcff]+")
_UTF16_MARKS = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}
_SEARCH_CHUNK = 1 << 20  # see file_mentions
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


@dataclass(frozen=True)
class XmlEntry:
    """One complete entry element, and where it starts in the file."""

    element: Element
    number: int
    line: int


class XmlReader:
    """The entries of an XML file, one complete element at a time, read safely.

    `is_entry(tag, depth)` picks the entry elements (the root is at depth 0).  `open()`
    reads up to the first entry and returns the root with everything before it (the
    feed's or channel's own fields); `entries()` then yields each entry, or a Failure.
    """

    def __init__(
        self,
        path: str,
        *,
        is_entry: Callable[[str, int], bool],
        max_bytes: int,
        max_entry_bytes: int,
    ) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self._builder = _EntryBuilder(is_entry, max_entry_bytes)
        self._parser = DefusedXMLParser(
            target=self._builder, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
        self._builder.expat = self._parser.parser
        self._stream: IO[bytes] | None = None
        self._decoder: codecs.IncrementalDecoder | None = None
        self._problem = self._problem_at = ""
        self.size = 0

    def open(self) -> Element:
        """Read up to the first entry; SourceUnreadable if the file cannot be an export."""
        try:
            self._stream = open(self.path, "rb")  # noqa: SIM115 - closed by close()
            self.size = os.fstat(self._stream.fileno()).st_size
        except OSError as exc:
            raise SourceUnreadable(f"Cannot read {self.path}: {exc.strerror or exc}") from exc
        if self.size > self.max_bytes:
            raise SourceUnreadable(
                f"{self.path} is {self.size:,} bytes, more than AKHBAR_IMPORT_MAX_XML_BYTES "
                f"({self.max_bytes:,}); raise the setting to import it."
            )
        if self.size == 0:
            raise SourceUnreadable(f"{self.path} is empty.")
        while not (self._builder.entries_seen or self._builder.in_entry) and self._feed():
            pass
        if self._problem and not (self._builder.entries_seen or self._builder.in_entry):
            raise SourceUnreadable(f"{self.path}: {self._problem} ({self._problem_at}).")
        if self._builder.root is None:
            raise SourceUnreadable(f"{self.path} has no XML element.")
        return self._builder.root

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()

    def position(self) -> int:
        return self._stream.tell() if self._stream is not None else 0

    def entries(self) -> Iterator[XmlEntry | Failure]:
        """Every entry in order; a broken file ends with a Failure naming the break."""
        while True:
            while self._builder.ready:
                yield self._builder.ready.popleft()
            if not self._feed():
                break
        if self._problem:
            read = self._builder.entries_seen
            where = (
                f"inside the entry that starts on line {self._builder.entry_line}"
                if self._builder.in_entry
                else "after the last complete entry"
            )
            yield Failure(
                self._problem_at,
                f"{self._problem}, {where}; the {read:,} entries before it were read, "
                "nothing after it",
            )

    def _feed(self) -> bool:
        """Parse the next chunk; False at the end of the file or at the first error."""
        if self._problem or self._stream is None:
            return False
        data = self._stream.read(_CHUNK)
        try:
            if data:
                self._parser.feed(self._decode(data))
                return True
            self._parser.feed(self._decode(b"", final=True))
            self._parser.close()
        except DTDForbidden as exc:
            self._fail_at(
                f"line {self._builder.expat.CurrentLineNumber}",
                f"refused: the file declares a DTD (<!DOCTYPE {exc.name}>), which can expand "
                "entities without end or read files on this machine; Blogger and WordPress "
                "exports have none",
            )
        except DefusedXmlException as exc:
            self._fail_at(f"line {self._builder.expat.CurrentLineNumber}", f"refused: {exc}")
        except ParseError as exc:
            line, column = exc.position
            self._fail_at(
                f"line {line}, column {column}",
                "the file ends before its elements are closed (truncated?)"
                if not data
                else f"the XML is broken here ({ErrorString(exc.code)})",
            )
        return False

    def _fail_at(self, location: str, problem: str) -> None:
        self._problem_at, self._problem = location, problem

    def _decode(self, data: bytes, *, final: bool = False) -> str:
        if self._decoder is None:
            self._decoder = _decoder(data)
        return _SURROGATES.sub(_MARK, self._decoder.decode(data, final))


def _decoder(head: bytes) -> codecs.IncrementalDecoder:
    """A decoder for the file's encoding: its byte-order mark, its XML declaration, or UTF-8.

    The parser is fed text, so that bad bytes cost one entry rather than the whole file."""
    if head[:2] in _UTF16_MARKS:
        encoding = "utf-16"
    elif match := _DECLARED_ENCODING.match(head.removeprefix(codecs.BOM_UTF8)):
        encoding = match.group(1).decode("ascii")
    else:
        encoding = "utf-8"
    if encoding.lower().replace("_", "-") in {"utf-8", "utf8"}:
        encoding = "utf-8-sig"
    try:
        return codecs.getincrementaldecoder(encoding)(errors="surrogateescape")
    except LookupError as exc:
        raise SourceUnreadable(f"unknown encoding {encoding!r} in the XML declaration") from exc


def file_mentions(path: str, word: str) -> bool:
    """Whether the file holds `word` (ASCII) anywhere, encoded as `_decoder` reads the file:
    UTF-16 by its byte-order mark, else an encoding that keeps ASCII as it is.  Read in
    chunks, not mapped: a mapped file counts in the process's memory."""
    with open(path, "rb") as stream:
        chunk = stream.read(_SEARCH_CHUNK)
        encoded = word.encode(_UTF16_MARKS.get(chunk[:2], "ascii"))
        tail = b""
        while chunk:
            data = tail + chunk
            if encoded in data:
                return True
            tail = data[1 - len(encoded) :]
            chunk = stream.read(_SEARCH_CHUNK)
    return False


class _EntryBuilder(TreeBuilder):
    """Builds the tree as the parser reads, handing out entries and forgetting them."""

    def __init__(self, is_entry: Callable[[str, int], bool], max_entry_bytes: int) -> None:
        super().__init__()
        self.is_entry = is_entry
        self.max_entry_bytes = max_entry_bytes
        self.expat: Any = None  # the expat parser, for positions while it calls us
        self.root: Element | None = None
        self.ready: deque[XmlEntry | Failure] = deque()
        self.entries_seen = 0
        self.entry_line = 0
        self._entry: Element | None = None
        self._entry_byte = 0
        self._open: list[Element] = []

    @property
    def in_entry(self) -> bool:
        return self._entry is not None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = super().start(tag, attrs)
        if self.root is None:
            self.root = element
        elif self._entry is None and self.is_entry(tag, len(self._open)):
            self._entry = element
            self.entry_line = self.expat.CurrentLineNumber
            self._entry_byte = self.expat.CurrentByteIndex
        self._open.append(element)
        return element

    def end(self, tag: str) -> Element:
        element = super().end(tag)
        self._open.pop()
        if element is self._entry:
            self._entry = None
            self.entries_seen += 1
            # The entry is its parent's last child: dropping it keeps memory flat.
            del self._open[-1][-1]
            self.ready.append(self._checked(element))
        elif self._entry is not None and self._oversized():
            element.clear()  # the entry will fail: keep none of its content meanwhile
        return element

    def _oversized(self) -> bool:
        return self.expat.CurrentByteIndex - self._entry_byte > self.max_entry_bytes

    def _checked(self, element: Element) -> XmlEntry | Failure:
        entry = XmlEntry(element, self.entries_seen, self.entry_line)
        if self._oversized():
            return Failure(
                _location(entry),
                f"entry longer than {self.max_entry_bytes:,} bytes "
                "(AKHBAR_IMPORT_MAX_XML_ENTRY_BYTES)",
            )
        if any(_MARK in text for text in element.itertext()) or any(
            _MARK in value for child in element.iter() for value in child.attrib.values()
        ):
            return Failure(_location(entry), "holds bytes that are not valid UTF-8 text")
        return entry


def _location(entry: XmlEntry) -> str:
    return f"entry {entry.number} (line {entry.line})"


class XmlSource(Source):
    """A source reading one XML export: the reader's safety and errors, shared.

    Subclasses say which elements are entries, read the header (what precedes the first
    entry) and turn each entry into a record, or an Ignored; an InvalidRecord they raise
    becomes a Failure naming the entry.
    """

    root_tags: ClassVar[frozenset[str]]
    format_name: ClassVar[str]

    @classmethod
    def add_arguments(cls, parser: ArgumentParser) -> None:
        parser.add_argument("file", help=f"the {cls.format_name} file")
        parser.add_argument(
            "--default-section",
            default="أخبار",
            metavar="TITLE",
            help="the section of posts that name none (default: أخبار)",
        )

    @staticmethod
    @abstractmethod
    def is_entry(tag: str, depth: int) -> bool:
        """True for the elements that are entries (the root is at depth 0)."""

    @abstractmethod
    def read_header(self, root: Element) -> None:
        """Take what the file says before its first entry (the site, its authors ...)."""

    @abstractmethod
    def entry_record(self, element: Element, location: str) -> ArticleRecord | Ignored:
        """The record of one entry; raise InvalidRecord when it cannot be one."""

    def open(self) -> None:
        self._reader = XmlReader(
            self.options["file"],
            is_entry=self.is_entry,
            max_bytes=settings.AKHBAR_IMPORT_MAX_XML_BYTES,
            max_entry_bytes=settings.AKHBAR_IMPORT_MAX_XML_ENTRY_BYTES,
        )
        try:
            root = self._reader.open()
            if root.tag not in self.root_tags:
                raise SourceUnreadable(
                    f"{self.options['file']} is not a {self.format_name}: its root element is "
                    f"<{local_name(root.tag)}>"
                )
            self.read_header(root)
        except BaseException:
            self._reader.close()
            raise

    def close(self) -> None:
        self._reader.close()

    def records(self) -> Iterator[ArticleRecord | Failure | Ignored]:
        for entry in self._reader.entries():
            if isinstance(entry, Failure):
                yield entry
                continue
            location = _location(entry)
            try:
                yield self.entry_record(entry.element, location)
            except InvalidRecord as exc:
                yield Failure(location, str(exc))

    def size(self) -> int | None:
        return self._reader.size

    def position(self) -> int:
        return self._reader.position()


def local_name(tag: str) -> str:
    """`{namespace}name` without its namespace."""
    return tag.rpartition("}")[2]


def child_text(element: Element, tag: str) -> str:
    """The stripped text of the first child named `tag`, or ""."""
    return (element.findtext(tag) or "").strip()


def url_host(url: str) -> str:
    """The lower-case host name of an address, or ""."""
    return (urlsplit(url).hostname or "").lower()
