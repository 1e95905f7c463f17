"""Clean rich-text HTML down to what the theme renders, and turn dash lines into lists.

Draftail already drops formatting the editor does not offer, but HTML also reaches article
bodies through forms posted without the editor, importers and the API. Everything is cleaned
again here with nh3 (a maintained allow-list sanitizer), never with regular expressions.
"""

from __future__ import annotations

import re
from itertools import groupby

import nh3
from bs4 import BeautifulSoup, NavigableString, PageElement, Tag

# The elements the article theme styles (core.models.RICH_TEXT_FEATURES), plus the <strong>
# and <em> that other editors and importers produce for the same meaning.
ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li", "blockquote"}
# `linktype` and `id` carry Wagtail's internal page and document links; `data-block-key`
# anchors editor comments to a paragraph.
ALLOWED_ATTRIBUTES = {"a": {"href", "linktype", "id"}, "*": {"data-block-key"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# What wire copy and older sites start bullet lines with: a dash or an underscore, a real
# bullet, or a tatweel.  The importers read the same marks (akhbar.importers.html).
BULLET_MARKS = "-_•●▪ـ"
BULLET_MARK = re.compile(rf"^\s*[{re.escape(BULLET_MARKS)}]+\s*")
# A single dash line is usually a sentence that happens to start with a dash, not a list.
MIN_LIST_LINES = 2

Line = list[PageElement]


def clean_rich_text(html: str) -> str:
    """Return `html` without scripts, styles, event handlers or unknown tags, with runs of
    lines that start with "-", "_" or another BULLET_MARKS mark turned into a bulleted list."""
    if not html:
        return ""
    safe = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return dash_lines_as_lists(safe)


def dash_lines_as_lists(html: str) -> str:
    """Turn two or more consecutive lines that start with a BULLET_MARKS mark into a <ul>,
    keeping the lines around them as paragraphs.

    A line is a top-level <p>, or a part of one between <br> tags: pasted wire copy arrives
    both ways. Lists never cross a paragraph boundary into other markup.
    """
    soup = BeautifulSoup(html, "html.parser")
    if not any(BULLET_MARK.match(text) for text in soup.find_all(string=True)):
        return html
    builder = _BlockBuilder(soup)
    blocks: list[PageElement] = []
    pending: list[tuple[Tag, Line]] = []
    for node in list(soup.contents):
        if isinstance(node, Tag) and node.name == "p":
            pending.extend((node, line) for line in _lines(node))
            continue
        blocks.extend(builder.blocks(pending))
        pending = []
        blocks.append(node.extract())
    blocks.extend(builder.blocks(pending))
    return "".join(str(block) for block in blocks)


def _lines(paragraph: Tag) -> list[Line]:
    """The paragraph's children split at <br> into lines, blank lines dropped."""
    lines: list[Line] = [[]]
    for child in list(paragraph.contents):
        if isinstance(child, Tag) and child.name == "br":
            lines.append([])
        else:
            lines[-1].append(child.extract())
    return [line for line in lines if _line_text(line).strip()]


def _line_text(line: Line) -> str:
    return "".join(
        str(node) if isinstance(node, NavigableString) else node.get_text() for node in line
    )


def _is_bulleted(item: tuple[Tag, Line]) -> bool:
    return bool(BULLET_MARK.match(_line_text(item[1])))


def _without_mark(line: Line) -> Line:
    """The line with its bullet mark removed from the first text (which may sit in <b>)."""
    first, rest = line[0], line[1:]
    if isinstance(first, NavigableString):
        return [NavigableString(BULLET_MARK.sub("", str(first), count=1)), *rest]
    if (text := first.find(string=True)) is not None:
        text.replace_with(BULLET_MARK.sub("", str(text), count=1))
    return line


class _BlockBuilder:
    """Builds <p> and <ul> blocks from lines, handing each paragraph's `data-block-key` to
    the first block made from it: editor comments stay anchored and keys stay unique."""

    def __init__(self, soup: BeautifulSoup) -> None:
        self.soup = soup
        self.used_keys: set[str] = set()

    def blocks(self, lines: list[tuple[Tag, Line]]) -> list[Tag]:
        blocks: list[Tag] = []
        for bulleted, group in groupby(lines, key=_is_bulleted):
            run = list(group)
            if bulleted and len(run) >= MIN_LIST_LINES:
                blocks.append(self.list_block(run))
                continue
            for paragraph, same_paragraph in groupby(run, key=lambda item: item[0]):
                blocks.append(self.paragraph_block(paragraph, [line for _, line in same_paragraph]))
        return blocks

    def list_block(self, run: list[tuple[Tag, Line]]) -> Tag:
        block = self.soup.new_tag("ul")
        for paragraph, line in run:
            item = self.soup.new_tag("li")
            self.copy_key(paragraph, item)
            item.extend(_without_mark(line))
            block.append(item)
        return block

    def paragraph_block(self, paragraph: Tag, lines: list[Line]) -> Tag:
        block = self.soup.new_tag("p")
        self.copy_key(paragraph, block)
        for number, line in enumerate(lines):
            if number:
                block.append(self.soup.new_tag("br"))
            block.extend(line)
        return block

    def copy_key(self, paragraph: Tag, block: Tag) -> None:
        key = paragraph.get("data-block-key")
        if key and key not in self.used_keys:
            self.used_keys.add(key)
            block["data-block-key"] = key
