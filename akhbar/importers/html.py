"""Article bodies from any source (HTML or plain text) to our StreamField blocks, and back.

Every importer feeds bodies through here, so the rules live in one place:

- HTML is sanitized with nh3 first (no script, style, event attribute or javascript: URL
  survives), then read as lines and blocks; the paragraph HTML we store is regenerated from
  the parsed text with only <a href>, <b>, <i> and <br>, never copied from the source.
- Plain text: blank lines separate paragraphs, single newlines become <br>.
- Old Arabic news sites type structure as text, and so do their exports: runs of lines
  starting with a dash, an underscore, a bullet or a tatweel (the editor's BULLET_MARKS)
  become a bullets block; a line «وفقاً لـ ...» or
  «نقلاً عن ...» names the source; «إقرأ أيضاً ...» links another article.

Parsing (`parse_body`) is pure; links and images are resolved against the site later
(`stream_data`), when the pipeline knows which pages and images exist.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import nh3
from django.utils.html import strip_tags
from wagtail.blocks import StreamValue
from wagtail.rich_text import expand_db_html

from akhbar.importers.records import BodyFormat, ImageRef, InvalidRecord
from akhbar.newsroom.sanitize import BULLET_MARKS

# fmt: off
_STRUCTURE = frozenset({
    "p", "div", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote",
    "figure", "figcaption", "img", "iframe", "aside", "table", "thead", "tbody", "tfoot", "tr",
    "td", "th", "section", "article", "header", "footer", "main", "pre", "dl", "dt", "dd",
    "address",
})
_INLINE = frozenset({"a", "b", "strong", "i", "em", "small", "cite"})
# Dropped with their content: code, styles, forms and a full document's <head>.
_DROPPED = frozenset({
    "script", "style", "noscript", "template", "title", "head", "svg", "math", "object", "embed",
    "form", "select", "textarea", "button",
})
_BLOCK_CONTAINERS = frozenset({
    "div", "section", "article", "header", "footer", "main", "table", "thead", "tbody", "tfoot",
    "tr", "td", "th", "pre", "dl", "dt", "dd", "address", "li", "figcaption",
})
_EMBED_HOSTS = frozenset({
    "youtube.com", "youtu.be", "vimeo.com", "x.com", "twitter.com", "facebook.com", "fb.watch",
    "instagram.com", "tiktok.com", "soundcloud.com", "dailymotion.com",
})
# fmt: on
_EMBED_CLASSES = {"twitter-tweet", "instagram-media", "tiktok-embed", "embed"}

_CLEANER = nh3.Cleaner(
    tags=set(_STRUCTURE | _INLINE),
    clean_content_tags=set(_DROPPED),
    attributes={"a": {"href"}, "img": {"src", "alt"}, "iframe": {"src"}},
    allowed_classes={"blockquote": _EMBED_CLASSES, "figure": _EMBED_CLASSES},
    url_schemes={"http", "https", "mailto", "tel"},
    link_rel=None,
)

_TEXT_CLEANER = nh3.Cleaner(tags=set(), clean_content_tags=set(_DROPPED))

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TAG_OUT = {"b": "b", "strong": "b", "i": "i", "em": "i"}

# An opening, closing or empty tag of Latin letters: "x < 5 و y > 3" is not one.
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
_SPACE = re.compile(r"\s+")
_LINE_END = re.compile(r"\r\n?|\n")
_MARKS = "[\u064b-\u0652]*"  # tanween may sit on either letter: وفقاً / وفقًا
_BULLET = re.compile(rf"^[{re.escape(BULLET_MARKS)}]+\s*(?=\S)")
_READ_ALSO = re.compile(
    rf"^(?P<label>(?:[إاأ]قر[أاء]|طالع|شاهد)\s+[أا]يض{_MARKS}ا?{_MARKS})"
    r"(?:\s*[.:…\-–—،]+\s*|\s+|$)(?P<rest>.*)$"
)
_ATTRIBUTION = re.compile(
    rf"^(?:(?:المصدر|مصدر الخبر)\s*[:：]|(?:وفق|نقل){_MARKS}ا{_MARKS}"
    r"(?:\s*لـ+|\s+ل(?=\s)|\s+عن|(?=\s+ل\S))?)\s*(?P<name>.+?)[\s.…]*$"
)
_QUOTED_ATTRIBUTION = re.compile(
    rf"(?:(?:وفق|نقل){_MARKS}ا{_MARKS}|بحسب|حسب)\s*(?:لـ*|عن)?\s*"
    r"[«\"“”„](?P<name>[^«»\"“”„\n]{2,80})[»\"“”„]"
)
_MAX_SOURCE_WORDS = 6
_URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class Paragraph:
    html: str


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Quote:
    text: str
    attribution: str = ""


@dataclass(frozen=True)
class Figure:
    image: ImageRef


@dataclass(frozen=True)
class Embed:
    url: str


@dataclass(frozen=True)
class FactBox:
    title: str
    html: str


@dataclass(frozen=True)
class ReadAlso:
    """A «إقرأ أيضاً» line: a card when its target exists, else the line as it was."""

    label: str
    href: str
    title: str
    fallback_html: str


Block = Paragraph | Heading | Bullets | Quote | Figure | Embed | FactBox | ReadAlso


@dataclass(frozen=True)
class ParsedBody:
    blocks: tuple[Block, ...]
    source_name: str = ""
    source_url: str = ""


@dataclass(frozen=True)
class StreamData:
    """StreamField raw data ready to save, and the images that are not in our library."""

    blocks: list[dict[str, Any]]
    remote_images: tuple[ImageRef, ...]


ArticleFinder = Callable[[str, str], int | None]
"""(href, title) of a linked article -> the id of our page, or None."""

ImageFinder = Callable[[ImageRef], int | None]
"""An image reference -> the id of an image in our library, or None."""

LinkFinder = Callable[[str], int | None]
"""The href of a link in a body -> the id of our page it should point at, or None to keep it."""

# A link as this module writes it in paragraph HTML (href escaped, nothing else).
_LINK = re.compile(r'<a href="([^"]*)">')


def looks_like_html(body: str) -> bool:
    """True when a body that may be plain text carries HTML block or inline tags."""
    return _HTML_TAG.search(body) is not None


def plain_text(value: str) -> str:
    """A title, name or caption without markup: exports (WordPress, feeds) often carry
    tags and entities in fields that are plain text here."""
    if "<" not in value and "&" not in value:
        return value
    return html.unescape(_TEXT_CLEANER.clean(value))


def sanitize(markup: str) -> str:
    """Only the tags and attributes the block reader understands, with safe URLs."""
    return _CLEANER.clean(markup)


def parse_body(body: str, body_format: BodyFormat, *, source_name: str = "") -> ParsedBody:
    """Read a body into blocks and the source it names.

    A line that only attributes the source becomes the source when the record has none
    (`source_name` empty) or names the same one; otherwise it stays in the text.
    """
    items = _html_items(body) if body_format == BodyFormat.HTML else _text_items(body)
    parsed = _Grouper(source_name).group(items)
    if not parsed.blocks:
        raise InvalidRecord("body has no text left after cleaning")
    return parsed


def stream_data(
    parsed: ParsedBody,
    *,
    find_article: ArticleFinder,
    find_image: ImageFinder,
    find_link: LinkFinder | None = None,
) -> StreamData:
    """StreamField data for parsed blocks, with read-also targets and images looked up, and
    links `find_link` knows pointed at our pages."""
    blocks: list[dict[str, Any]] = []
    remote: list[ImageRef] = []
    for block in parsed.blocks:
        match block:
            case Paragraph(markup):
                blocks.append(_raw("paragraph", link_pages(markup, find_link)))
            case Heading(text):
                blocks.append(_raw("heading", text))
            case Bullets(items):
                blocks.append(_raw("bullets", [_raw("item", item) for item in items]))
            case Quote(text, attribution):
                blocks.append(_raw("quote", {"text": text, "attribution": attribution}))
            case Embed(url):
                blocks.append(_raw("embed", url))
            case FactBox(title, markup):
                body = link_pages(markup, find_link)
                blocks.append(_raw("fact_box", {"title": title, "body": body}))
            case Figure(image):
                image_id = find_image(image)
                if image_id is None:
                    remote.append(image)
                else:
                    value = {"image": image_id, "caption": image.caption, "credit": image.credit}
                    blocks.append(_raw("image", value))
            case ReadAlso(label, href, title, fallback):
                page_id = find_article(href, title)
                if page_id is None:
                    blocks.append(_raw("paragraph", link_pages(fallback, find_link)))
                else:
                    blocks.append(_raw("read_also", {"article": page_id, "label": label}))
    return StreamData(blocks, tuple(remote))


def rich_text(
    parsed: ParsedBody,
    *,
    find_article: ArticleFinder,
    find_image: ImageFinder,
    find_link: LinkFinder | None = None,
) -> tuple[str, tuple[ImageRef, ...]]:
    """Wagtail rich text for a plain page's body (a RichTextField, not blocks), and the
    images that are not in our library."""
    parts: list[str] = []
    remote: list[ImageRef] = []
    for block in parsed.blocks:
        match block:
            case Paragraph(markup):
                parts.append(link_pages(markup, find_link))
            case Heading(text):
                parts.append(f"<h2>{_escape(text)}</h2>")
            case Bullets(items):
                parts.append("<ul>" + "".join(f"<li>{_escape(i)}</li>" for i in items) + "</ul>")
            case Quote(text, attribution):
                lines = [_escape(line) for line in [*text.splitlines(), attribution] if line]
                parts.append(f"<blockquote>{'<br/>'.join(lines)}</blockquote>")
            case Embed(url):
                parts.append(f'<p><a href="{html.escape(url)}">{_escape(url)}</a></p>')
            case FactBox(title, markup):
                heading = f"<h3>{_escape(title)}</h3>" if title else ""
                parts.append(heading + link_pages(markup, find_link))
            case Figure(image):
                image_id = find_image(image)
                if image_id is None:
                    remote.append(image)
                else:
                    alt = html.escape(image.alt or image.caption)
                    parts.append(
                        f'<embed embedtype="image" format="fullwidth" id="{image_id}" alt="{alt}"/>'
                    )
            case ReadAlso(label, href, title, fallback):
                page_id = find_article(href, title)
                if page_id is None:
                    parts.append(link_pages(fallback, find_link))
                else:
                    link = f'<a linktype="page" id="{page_id}">{_escape(title)}</a>'
                    parts.append(f"<p>{_escape(label)}: {link}</p>")
    return "".join(parts), tuple(remote)


def link_pages(markup: str, find_link: LinkFinder | None) -> str:
    """Paragraph HTML with the links `find_link` resolves turned into Wagtail page links
    (which follow the page if it moves)."""
    if find_link is None or "<a " not in markup:
        return markup

    def replace(match: re.Match[str]) -> str:
        page_id = find_link(html.unescape(match[1]))
        return match[0] if page_id is None else f'<a linktype="page" id="{page_id}">'

    return _LINK.sub(replace, markup)


def linked_hrefs(markup: str) -> list[str]:
    """The addresses `link_pages` hands its `find_link` for this paragraph HTML."""
    return [html.unescape(href) for href in _LINK.findall(markup)] if "<a " in markup else []


def body_text(parsed: ParsedBody) -> str:
    """The words of a parsed body, for fingerprints: markup gone, blocks one after another."""
    parts: list[str] = []
    for block in parsed.blocks:
        match block:
            case Paragraph(markup) | FactBox(_, markup):
                parts.append(html.unescape(_HTML_TAG.sub(" ", markup)))
            case Heading(text) | Quote(text, _):
                parts.append(text)
            case Bullets(items):
                parts.extend(items)
            case ReadAlso(label, _, title, _):
                parts.append(f"{label} {title}")
    return "\n".join(parts)


# A paragraph as this module writes it (and `link_pages` relinks it): text with & < > escaped,
# lines joined by <br>, inline tags without attributes but a link's escaped href or page id.
_OUR_PARAGRAPH = re.compile(r"<p>(.*)</p>", re.DOTALL)
_OUR_INLINE_TAG = re.compile(r'</?[bi]>|<br>|</a>|<a href="[^"<>]*">|<a linktype="page" id="\d+">')


def paragraph_text(markup: str) -> str | None:
    """What Wagtail's `get_text_for_indexing` gives for a paragraph this module wrote, without
    its HTML parser (a quarter of an import's search indexing); None for other markup.

    There, a space follows </p> and <br />, not <br>; tags go, then entities are unescaped.
    """
    match = _OUR_PARAGRAPH.fullmatch(markup)
    if match is None:
        return None
    text = _OUR_INLINE_TAG.sub("", match[1])
    if "<" in text or ">" in text:
        return None
    return html.unescape(text.strip())


def searchable_text(body: StreamValue) -> str:
    """`ArticlePage.body_text()`, the text the reader index gets, with our own paragraphs
    read by `paragraph_text`: read-also cards left out, the other blocks' searchable content
    stripped of tags."""
    parts: list[str] = []
    for position, raw in enumerate(body.raw_data):
        if raw["type"] == "read_also":
            continue
        text = paragraph_text(raw["value"]) if raw["type"] == "paragraph" else None
        if text is None:
            child = body[position]
            parts.extend(child.block.get_searchable_content(child.value))
        else:
            parts.append(text)
    return "\n".join(strip_tags(part) if "<" in part else part for part in parts)


def blocks_to_html(body: Iterable[Any]) -> str:
    """Plain semantic HTML for an article body that `parse_body` reads back into the same
    blocks (the export format); template markup and classes stay out."""
    parts: list[str] = []
    for block in body:
        value = block.value
        match block.block_type:
            case "paragraph":
                parts.append(expand_db_html(value.source))
            case "heading":
                parts.append(f"<h2>{_escape(value)}</h2>")
            case "bullets":
                parts.append(
                    "<ul>" + "".join(f"<li>{_escape(item)}</li>" for item in value) + "</ul>"
                )
            case "quote":
                lines = "<br>".join(_escape(line) for line in value["text"].splitlines())
                cite = (
                    f"<cite>{_escape(value['attribution'])}</cite>" if value["attribution"] else ""
                )
                parts.append(f"<blockquote><p>{lines}</p>{cite}</blockquote>")
            case "image" if value["image"] is not None:
                parts.append(_figure_html(value["image"], value["caption"], value["credit"]))
            case "embed" if value is not None:
                url = html.escape(value.url)
                parts.append(f'<figure class="embed"><a href="{url}">{url}</a></figure>')
            case "fact_box":
                title = f"<h3>{_escape(value['title'])}</h3>" if value["title"] else ""
                parts.append(f"<aside>{title}{expand_db_html(value['body'].source)}</aside>")
            case "read_also" if value["article"] is not None:
                article = value["article"]
                label = _escape(value["label"] or "إقرأ أيضاً")
                url = html.escape(article.get_url() or "")
                parts.append(f'<p>{label}: <a href="{url}">{_escape(article.title)}</a></p>')
    return "".join(parts)


def _figure_html(image: Any, caption: str, credit: str) -> str:
    alt = html.escape(image.description or "")
    credit_html = f"<small>{_escape(credit)}</small>" if credit else ""
    figcaption = f"<figcaption>{_escape(caption)}{credit_html}</figcaption>"
    return f'<figure><img src="{html.escape(image.file.url)}" alt="{alt}">{figcaption}</figure>'


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _raw(block_type: str, value: Any) -> dict[str, Any]:
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


# Reading: a body becomes a flat list of lines (inline HTML) and finished blocks.


@dataclass(frozen=True)
class _Line:
    html: str
    text: str
    links: tuple[tuple[str, str], ...] = ()


_BLANK = _Line("", "")
_Item = _Line | Block


def _text_items(text: str) -> Iterator[_Item]:
    """Each line of a plain-text body, its spaces collapsed as HTML shows them: the same
    lines as its paragraphs written `<p>line<br>line</p>` give (see sources.wordpress)."""
    for line in _LINE_END.split(text):
        stripped = " ".join(line.split())  # split() breaks on what `\s` matches
        yield _Line(html.escape(stripped, quote=False), stripped) if stripped else _BLANK


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node | str] = field(default_factory=list)

    def text(self) -> str:
        return _SPACE.sub(
            " ",
            "".join(child if isinstance(child, str) else child.text() for child in self.children),
        ).strip()

    def find_all(self, tag: str) -> Iterator[_Node]:
        for child in self.children:
            if isinstance(child, _Node):
                if child.tag == tag:
                    yield child
                yield from child.find_all(tag)


class _TreeBuilder(HTMLParser):
    """A tree of sanitized HTML; nh3's output is well formed, so no repair is needed."""

    _VOID = frozenset({"br", "hr", "img"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", {})
        self._stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {name: value or "" for name, value in attrs})
        self._stack[-1].children.append(node)
        if tag not in self._VOID:
            self._stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._stack) - 1, 0, -1):
            if self._stack[depth].tag == tag:
                del self._stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._stack[-1].children.append(data)


def _html_items(markup: str) -> list[_Item]:
    builder = _TreeBuilder()
    builder.feed(sanitize(markup))
    builder.close()
    reader = _Reader()
    reader.walk(builder.root)
    reader.end_line()
    return reader.items


class _Reader:
    """Walks a sanitized tree, keeping the inline HTML of the current line."""

    def __init__(self) -> None:
        self.items: list[_Item] = []
        self._html: list[str] = []
        self._text: list[str] = []
        self._links: list[tuple[str, str]] = []

    def current(self) -> _Line:
        text = _SPACE.sub(" ", "".join(self._text)).strip()
        return _Line("".join(self._html).strip(), text, tuple(self._links))

    def end_line(self, *, keep_blank: bool = False) -> None:
        line = self.current()
        if line.text:
            self.items.append(line)
        elif keep_blank:
            self.items.append(_BLANK)
        self._html, self._text, self._links = [], [], []

    def end_block(self, block: Block | None = None) -> None:
        self.end_line()
        if block is not None:
            self.items.append(block)
        self.items.append(_BLANK)

    def walk(self, node: _Node, *, skip: frozenset[str] = frozenset()) -> None:
        for child in node.children:
            if isinstance(child, str):
                piece = _SPACE.sub(" ", child)
                self._html.append(html.escape(piece, quote=False))
                self._text.append(piece)
            elif child.tag not in skip:
                self.element(child)

    def element(self, node: _Node) -> None:
        tag = node.tag
        if tag == "br":
            self.end_line(keep_blank=True)
        elif tag in {"p", "hr"}:
            self.end_block()
            self.walk(node)
            self.end_block()
        elif tag in _HEADINGS:
            text = node.text()
            self.end_block(Heading(text) if text else None)
        elif tag in {"ul", "ol"}:
            self.end_block(_list_block(node))
        elif tag == "blockquote":
            self.end_block(_quote_block(node))
        elif tag == "figure":
            self.end_block(_figure_block(node))
        elif tag == "aside":
            self.end_block(_fact_box(node))
        elif tag == "img":
            self.end_line()
            if node.attrs.get("src"):
                self.items.append(Figure(_image_ref(node)))
        elif tag == "iframe":
            url = _embed_url(node.attrs.get("src", ""))
            self.end_block(Embed(url) if url else None)
        elif tag in _BLOCK_CONTAINERS:
            self.end_line()
            self.walk(node)
            self.end_line()
        elif tag == "a":
            self.link(node)
        elif tag in _TAG_OUT:
            out = _TAG_OUT[tag]
            self._html.append(f"<{out}>")
            self.walk(node)
            self._html.append(f"</{out}>")
        else:
            self.walk(node)

    def link(self, node: _Node) -> None:
        href = node.attrs.get("href", "")
        if not href:
            self.walk(node)
            return
        self._links.append((href, node.text()))
        self._html.append(f'<a href="{html.escape(href)}">')
        self.walk(node)
        self._html.append("</a>")


def _read(node: _Node, *, skip: frozenset[str] = frozenset()) -> list[_Item]:
    """The lines and blocks inside an element."""
    reader = _Reader()
    reader.walk(node, skip=skip)
    reader.end_line()
    return reader.items


def _text_lines(node: _Node, *, skip: frozenset[str] = frozenset()) -> list[str]:
    return [item.text for item in _read(node, skip=skip) if isinstance(item, _Line) and item.text]


def _list_items(node: _Node) -> Iterator[_Line]:
    """Each item of a list, nested lists flattened after their parent item."""
    for child in node.children:
        if isinstance(child, _Node) and child.tag == "li":
            reader = _Reader()
            reader.walk(child, skip=frozenset({"ul", "ol"}))
            line = reader.current()
            if line.text:
                yield line
            for nested in child.children:
                if isinstance(nested, _Node) and nested.tag in {"ul", "ol"}:
                    yield from _list_items(nested)


def _list_block(node: _Node) -> Block | None:
    items = list(_list_items(node))
    if not items:
        return None
    if node.tag == "ul" and not any(item.links for item in items):
        return Bullets(tuple(item.text for item in items))
    inner = "".join(f"<li>{item.html}</li>" for item in items)
    return Paragraph(f"<{node.tag}>{inner}</{node.tag}>")


def _quote_block(node: _Node) -> Block | None:
    links = [a.attrs.get("href", "") for a in node.find_all("a")]
    embeds = [url for url in map(_embed_url, links) if url]
    if embeds and set(node.attrs.get("class", "").split()) & _EMBED_CLASSES:
        return Embed(embeds[-1])
    credit = " ".join(part.text() for tag in ("cite", "footer") for part in node.find_all(tag))
    lines = _text_lines(node, skip=frozenset({"cite", "footer"}))
    if not lines:
        return None
    return Quote("\n".join(lines), credit.lstrip("—–- ").strip())


def _figure_block(node: _Node) -> Block | None:
    image = next(node.find_all("img"), None)
    if image is not None and image.attrs.get("src"):
        return Figure(_image_ref(image, next(node.find_all("figcaption"), None)))
    frame = next(node.find_all("iframe"), None)
    candidates = [frame.attrs.get("src", "")] if frame else []
    candidates += [a.attrs.get("href", "") for a in node.find_all("a")]
    candidates.append(node.text())
    for candidate in candidates:
        url = _embed_url(candidate) or (candidate if _URL.match(candidate) else "")
        if url:
            return Embed(url)
    return None


def _fact_box(node: _Node) -> Block | None:
    heading = next((child for tag in _HEADINGS for child in node.find_all(tag)), None)
    body = _rich_html(_read(node))
    if not body:
        return None
    return FactBox(heading.text() if heading else "", body)


def _rich_html(items: Iterable[_Item]) -> str:
    """Rich text for the lines, paragraphs and lists of a box; other blocks are left out."""
    parts: list[str] = []
    for block in _Grouper("", line_rules=False).group(items).blocks:
        match block:
            case Paragraph(markup):
                parts.append(markup)
            case Bullets(entries):
                parts.append(
                    "<ul>"
                    + "".join(f"<li>{html.escape(entry, quote=False)}</li>" for entry in entries)
                    + "</ul>"
                )
    return "".join(parts)


def _image_ref(image: _Node, caption: _Node | None = None) -> ImageRef:
    credit = " ".join(small.text() for small in caption.find_all("small")) if caption else ""
    text = _text_lines(caption, skip=frozenset({"small"})) if caption else []
    return ImageRef(
        src=image.attrs["src"],
        alt=image.attrs.get("alt", "").strip(),
        caption=" ".join(text),
        credit=credit,
    )


def _embed_url(url: str) -> str:
    """The canonical address of a video or post we can embed; "" for anything else."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    if parts.scheme not in {"http", "https"} or host not in _EMBED_HOSTS:
        return ""
    if host == "youtube.com" and parts.path.startswith("/embed/"):
        return f"https://www.youtube.com/watch?v={parts.path.split('/')[2]}"
    if host == "youtube.com" and parts.path == "/watch" and "v" not in parse_qs(parts.query):
        return ""
    return url


# Grouping lines into paragraphs, bullets, read-also cards and the source.


def _paragraph_html(lines: Iterable[_Line]) -> str:
    inner = "<br>".join(line.html for line in lines if line.html)
    return f"<p>{inner}</p>" if inner else ""


class _Grouper:
    """Lines to blocks; `line_rules` off keeps read-also and source lines as plain text."""

    def __init__(self, source_name: str, *, line_rules: bool = True) -> None:
        self.explicit_source = source_name
        self.line_rules = line_rules
        self.blocks: list[Block] = []
        self.source_name = ""
        self.source_url = ""
        self._source_from_line = False
        self._paragraph: list[_Line] = []
        self._bullets: list[_Line] = []

    def group(self, items: Iterable[_Item]) -> ParsedBody:
        for item in items:
            if not isinstance(item, _Line):
                self._flush()
                self.blocks.append(item)
            elif item.text:
                self._line(item)
            else:
                self._flush_paragraph()
        self._flush()
        return ParsedBody(tuple(self.blocks), self.source_name, self.source_url)

    def _line(self, line: _Line) -> None:
        if _BULLET.match(line.text):
            self._flush_paragraph()
            self._bullets.append(line)
            return
        self._flush_bullets()
        block = self._special(line) if self.line_rules else None
        if block is not None:
            self._flush_paragraph()
            self.blocks.append(block)
        elif not (self.line_rules and self._is_attribution(line)):
            self._paragraph.append(line)

    def _special(self, line: _Line) -> Block | None:
        if _URL.match(line.text) and (url := _embed_url(line.text)):
            return Embed(url)
        match = _READ_ALSO.match(line.text)
        if match is None or not (match["rest"] or line.links):
            return None
        href, link_text = line.links[0] if line.links else ("", "")
        title = (link_text or match["rest"]).strip(" .…:-–—،")
        return ReadAlso(match["label"], href, title, _paragraph_html([line]))

    def _is_attribution(self, line: _Line) -> bool:
        """Take the source from a line that only names it (the line then goes), or else from
        a quoted mention inside a sentence (the sentence stays)."""
        whole = _ATTRIBUTION.match(line.text)
        if whole is not None:
            name = _source_name(whole["name"])
            if name and len(name.split()) <= _MAX_SOURCE_WORDS and "،" not in name:
                if not self.explicit_source and not self._source_from_line:
                    self.source_name = name
                    self.source_url = next(
                        (href for href, _ in line.links if href.startswith("http")), ""
                    )
                    self._source_from_line = True
                    return True
                return name in {self.explicit_source, self.source_name}
        if not self.explicit_source and not self.source_name:
            quoted = _QUOTED_ATTRIBUTION.search(line.text)
            if quoted is not None:
                self.source_name = quoted["name"].strip()
        return False

    def _flush_paragraph(self) -> None:
        if self._paragraph:
            self.blocks.append(Paragraph(_paragraph_html(self._paragraph)))
            self._paragraph = []

    def _flush_bullets(self) -> None:
        if len(self._bullets) >= 2:
            items = tuple(_BULLET.sub("", line.text) for line in self._bullets)
            self.blocks.append(Bullets(items))
        elif self._bullets:
            self._paragraph.extend(self._bullets)
        self._bullets = []

    def _flush(self) -> None:
        self._flush_bullets()
        self._flush_paragraph()


def _source_name(raw: str) -> str:
    """«لوكالة الأنباء» -> «وكالة الأنباء», «للوكالة» -> «الوكالة»: drop the joined ل."""
    name = raw.strip(" «»\"“”„'.…:")
    if name.startswith("لل"):
        return "ا" + name[1:]
    if name.startswith("ل") and len(name.split()[0]) > 3:
        return name[1:]
    return name
