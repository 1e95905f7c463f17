"""WordPress exports (WXR: Tools → Export → All content), see docs/importing.md "WordPress".

Posts become articles and pages pages; the first category is the section, tags are tags,
`dc:creator` logins become the authors' display names.  Featured images and body images
come from the site's uploads folder when `--uploads` names a copy of it.  The file is read
twice: a first pass notes every attachment (a post's featured image often comes after it),
the second yields the records.
"""

from __future__ import annotations

import re
from argparse import ArgumentParser
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from django.conf import settings

from akhbar.importers.html import plain_text
from akhbar.importers.records import (
    MAX_DEK,
    ArticleRecord,
    BodyFormat,
    Failure,
    Ignored,
    ImageRef,
    InvalidRecord,
    Kind,
    SectionRef,
    Status,
)
from akhbar.importers.sources.base import SourceUnreadable
from akhbar.importers.sources.xml import (
    XmlReader,
    XmlSource,
    child_text,
    file_mentions,
    local_name,
    url_host,
)

CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
# WXR 1.0, 1.1 and 1.2 differ only in the version inside the namespace.
_WP_NAMESPACE = re.compile(r"^\{http://wordpress\.org/export/\d+\.\d+/\}")
_EXCERPT_NAMESPACE = re.compile(r"^\{http://wordpress\.org/export/\d+\.\d+/excerpt/\}")

_KINDS = {"post": Kind.ARTICLE, "page": Kind.PAGE}
_NOT_CONTENT = {"attachment": "attachment", "nav_menu_item": "menu item", "revision": "revision"}
# Published stays published; everything readers could not see becomes a draft here, where an
# editor decides ("future" included: a scheduled post is rescheduled here, not published).
_STATUSES = {
    "publish": Status.LIVE,
    "draft": Status.DRAFT,
    "pending": Status.DRAFT,
    "private": Status.DRAFT,
    "future": Status.DRAFT,
}
_NOT_IMPORTED_STATUSES = {"trash": "trashed", "auto-draft": "auto-draft"}
_NO_DATE = "0000-00-00 00:00:00"
_UPLOADS = "/wp-content/uploads/"
# What makes stored text more than text: a tag, an entity, a shortcode.
_MARKUP = re.compile(r"[<&\[]")
# wpautop: WordPress stores paragraphs as blank lines and adds the <p> when it shows them.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_STARTS_BLOCK = re.compile(
    r"^<(?:!--|(?:p|div|h[1-6]|ul|ol|li|blockquote|figure|table|pre|hr|iframe|aside|section)\b)",
    re.IGNORECASE,
)
# [caption id="..."]<img ...> the caption[/caption], the shortcode of every captioned image.
_CAPTION = re.compile(
    r"\[(?:wp_)?caption[^\]]*\]\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*?)\[/(?:wp_)?caption\]",
    re.IGNORECASE | re.DOTALL,
)
# [embed]URL[/embed], [video mp4="URL"][/video], [audio src="URL"], [gallery ids="1,2"] ...
_MEDIA_SHORTCODE = re.compile(
    r"\[(?P<name>embed|gallery|audio|video|playlist)\b(?P<attributes>[^\]]*)\]"
    r"(?:(?P<content>[^\[]*)\[/(?P=name)\])?",
    re.IGNORECASE,
)
_SHORTCODE_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
# Where [video] and [audio] name their file, in WordPress's order of preference.
_MEDIA_SOURCES = ("src", "mp4", "m4v", "webm", "ogv", "mp3", "m4a", "ogg", "wav")


class WordPressSource(XmlSource):
    name = "wordpress"
    help = "a WordPress export (WXR), with its uploads folder for the images"
    format_name = "WordPress export (WXR)"
    root_tags = frozenset({"rss"})
    tag_paths = ("/tag/{slug}/",)
    section_paths = ("/category/{slug}/",)

    @classmethod
    def add_arguments(cls, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--uploads",
            metavar="DIR",
            help="a copy of the site's wp-content/uploads folder: featured and body images "
            "are imported from it",
        )

    @staticmethod
    def is_entry(tag: str, depth: int) -> bool:
        return depth == 2 and tag == "item"

    def open(self) -> None:
        uploads = self.options.get("uploads")
        self._uploads = Path(uploads).resolve() if uploads else None
        if self._uploads is not None and not self._uploads.is_dir():
            raise SourceUnreadable(f"--uploads {uploads}: not a folder")
        super().open()
        self._attachments = self._read_attachments()

    def read_header(self, root: Element) -> None:
        channel = root.find("channel")
        fields = _wp_fields(channel) if channel is not None else {}
        if channel is None or "wxr_version" not in fields:
            raise SourceUnreadable(
                f"{self.options['file']} is not a WordPress export: it has no <wp:wxr_version> "
                "(an RSS feed is read by `akhbar import feed`)"
            )
        sites = (child_text(channel, "link"), fields.get("base_site_url", ""))
        self._hosts = frozenset(host for url in sites if (host := url_host(url)))
        self._authors = {}
        for author in channel:
            if local_name(author.tag) == "author" and _WP_NAMESPACE.match(author.tag):
                names = _wp_fields(author)
                if login := names.get("author_login", ""):
                    display = plain_text(names.get("author_display_name", "")).strip()
                    self._authors[login] = display or login

    def old_hosts(self) -> frozenset[str]:
        return super().old_hosts() | self._hosts

    def local_image(self, url: str) -> Path | None:
        """The file under --uploads that an uploads address names; never outside it."""
        path = urlsplit(url).path
        if self._uploads is None or _UPLOADS not in path:
            return None
        relative = unquote(path.partition(_UPLOADS)[2])
        candidate = (self._uploads / relative).resolve()
        if candidate.is_relative_to(self._uploads) and candidate.is_file():
            return candidate
        return None

    def entry_record(self, element: Element, location: str) -> ArticleRecord | Ignored:
        fields = _wp_fields(element)
        post_type = fields.get("post_type", "post")
        if post_type in _NOT_CONTENT:
            return Ignored(location, _NOT_CONTENT[post_type])
        if post_type not in _KINDS:
            return Ignored(location, f"post type {post_type}")
        status = fields.get("status", "")
        if status in _NOT_IMPORTED_STATUSES:
            return Ignored(location, _NOT_IMPORTED_STATUSES[status])
        if status not in _STATUSES:
            raise InvalidRecord(f"unknown wp:status {status!r}")
        kind = _KINDS[post_type]
        post_id = fields.get("post_id", "")
        guid = child_text(element, "guid") or post_id
        if not guid:
            raise InvalidRecord("neither <guid> nor <wp:post_id>")
        published = self._date(fields, "post_date")
        if published is None:
            raise InvalidRecord("<wp:post_date> is missing")
        categories = _terms(element, "category")
        section = (
            SectionRef(categories[0][0], categories[0][1])
            if categories
            else SectionRef(self.options["default_section"])
        )
        creator = child_text(element, f"{DC}creator")
        body, body_format = self._body(child_text(element, f"{CONTENT}encoded"), post_id)
        return ArticleRecord(
            title=plain_text(child_text(element, "title")).strip(),
            body=body,
            body_format=body_format,
            kind=kind,
            section=section if kind is Kind.ARTICLE else None,
            published=published,
            updated=self._date(fields, "post_modified"),
            guid=guid,
            dek=_dek(element),
            tags=tuple(name for name, _slug in _terms(element, "post_tag")),
            authors=(self._authors.get(creator, creator),) if creator else (),
            status=_STATUSES[status],
            lead_image=self._lead_image(element),
            old_urls=_old_urls(child_text(element, "link"), post_id, kind),
            location=location,
        )

    def _body(self, content: str, post_id: str) -> tuple[str, BodyFormat]:
        """The record's body and its format: as autop's HTML, or as the text itself when it
        holds no tag, entity or shortcode (most posts of the classic editor), which reads
        into the same blocks for a fifth of the work (docs/importing.md, "Eleventh pass")."""
        if _MARKUP.search(content) is None:
            return content, BodyFormat.TEXT
        return autop(expand_shortcodes(content, self._attachments, post_id)), BodyFormat.HTML

    def _date(self, fields: dict[str, str], name: str) -> datetime | None:
        """The GMT date when WordPress has one (drafts have none), else the local one."""
        if (gmt := fields.get(f"{name}_gmt", _NO_DATE)) != _NO_DATE:
            return _parse_date(gmt, f"{name}_gmt").replace(tzinfo=UTC)
        if (local := fields.get(name, _NO_DATE)) != _NO_DATE:
            return _parse_date(local, name).replace(tzinfo=self.time_zone)
        return None

    def _read_attachments(self) -> dict[str, Attachment]:
        """Attachment id → its address, alt text, caption and post, from a first pass over
        the file; none without that pass when the file never says "attachment" (an export of
        posts alone), which a byte search finds for a twentieth of the pass's time."""
        if not file_mentions(self.options["file"], "attachment"):
            return {}
        reader = XmlReader(
            self.options["file"],
            is_entry=self.is_entry,
            max_bytes=settings.AKHBAR_IMPORT_MAX_XML_BYTES,
            max_entry_bytes=settings.AKHBAR_IMPORT_MAX_XML_ENTRY_BYTES,
        )
        attachments = {}
        try:
            reader.open()
            for entry in reader.entries():
                if isinstance(entry, Failure):
                    continue  # the second pass reports it
                fields = _wp_fields(entry.element)
                if fields.get("post_type") == "attachment" and fields.get("attachment_url"):
                    attachments[fields.get("post_id", "")] = Attachment(
                        url=fields["attachment_url"],
                        alt=_meta(entry.element).get("_wp_attachment_image_alt", ""),
                        caption=_dek(entry.element),
                        post_id=fields.get("post_parent", ""),
                    )
        finally:
            reader.close()
        return attachments

    def _lead_image(self, element: Element) -> ImageRef | None:
        attachment = self._attachments.get(_meta(element).get("_thumbnail_id", ""))
        if attachment is None:
            return None
        path = self.local_image(attachment.url)
        return ImageRef(
            src=attachment.url,
            alt=plain_text(attachment.alt).strip(),
            caption=attachment.caption,
            path=str(path) if path else "",
        )


@dataclass(frozen=True)
class Attachment:
    """An uploaded file as the export lists it, and the post it was uploaded to."""

    url: str
    alt: str
    caption: str
    post_id: str


def expand_shortcodes(content: str, attachments: Mapping[str, Attachment], post_id: str) -> str:
    """WordPress's media shortcodes as the HTML a theme shows for them: [embed], [video] and
    [audio] as a figure linking their address (an embed block, or a link to the file), and
    [gallery] as a figure per image, by the ids it names or else the images uploaded to the
    post (`post_id`). A [playlist], or a shortcode without an address, is left out."""

    def expand(match: re.Match) -> str:
        name = match["name"].lower()
        attributes = {
            key.lower(): double or single or bare
            for key, double, single, bare in _SHORTCODE_ATTRIBUTE.findall(match["attributes"])
        }
        if name == "gallery":
            ids = [pk.strip() for pk in attributes.get("ids", "").split(",") if pk.strip()]
            if ids:
                shown = [attachments[pk] for pk in ids if pk in attachments]
            else:
                shown = [item for item in attachments.values() if item.post_id == post_id]
            figures = [
                f'<figure><img src="{escape(item.url)}" alt="{escape(item.alt)}">'
                f"<figcaption>{escape(item.caption)}</figcaption></figure>"
                for item in shown
            ]
        else:
            if name == "embed":
                url = (match["content"] or "").strip()
            else:
                url = next((attributes[key] for key in _MEDIA_SOURCES if attributes.get(key)), "")
            # A playlist names attachments, not an address: there is nothing to link.
            figures = [f'<figure><a href="{escape(url)}">{escape(url)}</a></figure>'] if url else []
        # Blank lines around: each figure is a block of its own for autop.
        return "".join(f"\n\n{figure}\n\n" for figure in figures)

    return _MEDIA_SHORTCODE.sub(expand, content)


def autop(content: str) -> str:
    """WordPress's stored text as HTML: blank lines are paragraphs, newlines line breaks,
    captioned images figures (a simple wpautop)."""
    content = _CAPTION.sub(r"<figure>\1<figcaption>\2</figcaption></figure>", content)
    paragraphs = []
    for chunk in _PARAGRAPH_BREAK.split(content.replace("\r\n", "\n").strip()):
        if _STARTS_BLOCK.match(chunk.lstrip()):
            paragraphs.append(chunk)
        elif chunk.strip():
            paragraphs.append(f"<p>{chunk.strip().replace(chr(10), '<br>')}</p>")
    return "\n".join(paragraphs)


def _parse_date(value: str, name: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidRecord(f"<wp:{name}> is not a date: {value[:40]!r}") from exc


def _wp_fields(element: Element) -> dict[str, str]:
    """The text of the element's wp: children by local name (first one of each)."""
    fields: dict[str, str] = {}
    for child in element:
        if _WP_NAMESPACE.match(child.tag):
            fields.setdefault(local_name(child.tag), (child.text or "").strip())
    return fields


def _meta(element: Element) -> dict[str, str]:
    """The item's <wp:postmeta> key → value."""
    meta = {}
    for child in element:
        if local_name(child.tag) == "postmeta" and _WP_NAMESPACE.match(child.tag):
            values = _wp_fields(child)
            meta.setdefault(values.get("meta_key", ""), values.get("meta_value", ""))
    return meta


def _terms(element: Element, domain: str) -> list[tuple[str, str]]:
    """(name, slug) of the item's categories or tags, in order, without repeats."""
    terms = {}
    for category in element.iterfind("category"):
        name = plain_text(category.text or "").strip()
        if category.get("domain") == domain and name:
            terms.setdefault(name, unquote(category.get("nicename", "")))
    return list(terms.items())


def _dek(element: Element) -> str:
    """The excerpt, as plain text, cut at a word to the length a dek may have."""
    for child in element:
        if _EXCERPT_NAMESPACE.match(child.tag):
            text = " ".join(plain_text(child.text or "").split())
            if len(text) > MAX_DEK:
                text = text[: MAX_DEK - 1].rsplit(" ", 1)[0] + "…"
            return text
    return ""


def _old_urls(link: str, post_id: str, kind: Kind) -> tuple[str, ...]:
    """The permalink's path (with its query, for plain permalinks) and WordPress's id
    address, which works on every WordPress site whatever its permalinks."""
    urls = []
    parts = urlsplit(link)
    if parts.path or parts.query:
        urls.append((parts.path or "/") + (f"?{parts.query}" if parts.query else ""))
    if post_id:
        urls.append(f"/?{'page_id' if kind is Kind.PAGE else 'p'}={post_id}")
    return tuple(dict.fromkeys(urls))
