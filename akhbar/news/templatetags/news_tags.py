"""Template helpers of the reader theme: share links, dateline, embeds, ticker label."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Site

from akhbar.news.queries import chrome_fragment

register = template.Library()


@dataclass(frozen=True)
class ShareLink:
    key: str
    label: str
    url: str


@dataclass(frozen=True)
class Embed:
    """A video we can play in an iframe the CSP allows, or only a link to the original."""

    url: str
    host: str
    frame_src: str = ""
    provider: str = ""


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, target) -> str:
    """The absolute address of a page (or path) as the reader's browser sees it."""
    request = context.get("request")
    path = target if isinstance(target, str) else target.get_url(request=request)
    if request is None:
        return path or ""
    return request.build_absolute_uri(path or "/")


@register.simple_tag(takes_context=True)
def share_links(context: template.Context, target, title: str = "") -> list[ShareLink]:
    """Plain share URLs (no third-party script) for WhatsApp, Telegram, Facebook, X and e-mail."""
    url = absolute_url(context, target)
    title = title or getattr(target, "title", "")
    # Each value is percent-encoded once and shared: an Arabic title is most of the work.
    link, text = quote(url, safe=""), quote(title, safe="")
    both = quote(f"{title}\n{url}", safe="")
    return [
        ShareLink("whatsapp", "واتساب", f"https://wa.me/?text={both}"),
        ShareLink("telegram", "تلغرام", f"https://t.me/share/url?url={link}&text={text}"),
        ShareLink("facebook", "فيسبوك", f"https://www.facebook.com/sharer/sharer.php?u={link}"),
        ShareLink("x", "إكس", f"https://x.com/intent/post?url={link}&text={text}"),
        ShareLink("email", "البريد", f"mailto:?subject={text}&body={link}"),
    ]


@register.simple_tag(takes_context=True)
def site_name(context: template.Context) -> str:
    """The Wagtail site's name, falling back to WAGTAIL_SITE_NAME."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


@register.simple_tag(takes_context=True)
def site_header(context: template.Context) -> str:
    """components/header.html, kept with the chrome (`chrome_fragment`): one render per site
    and highlighted menu item, instead of a millisecond of every page's render."""
    page, section = context.get("page"), context.get("section")
    menu = {item.pk for item in context.get("nav_sections") or ()}
    current = (
        getattr(page, "depth", None) == 2,
        page.pk if page is not None and page.pk in menu else None,
        section.pk if section is not None and section.pk in menu else None,
    )
    return _chrome_include(context, "components/header.html", current)


@register.simple_tag(takes_context=True)
def site_footer(context: template.Context) -> str:
    """components/footer.html, kept with the chrome: the same on every page of a site."""
    return _chrome_include(context, "components/footer.html")


def _chrome_include(context: template.Context, name: str, *variant) -> str:
    """The template `name` rendered with this context, as kept for the site and `variant`:
    the template's own output, safe HTML."""
    site_id = getattr(context.get("site_settings"), "site_id", None)
    engine = context.template.engine
    return chrome_fragment(
        (name, site_id, *variant), lambda: engine.get_template(name).render(context)
    )


@register.simple_tag
def today():
    """The current moment, for the date shown in the top strip."""
    return timezone.now()


@register.filter
def has_breaking(items) -> bool:
    """True when any ticker item is breaking news (the strip then reads «عاجل»)."""
    return any(getattr(item, "urgency", "") == "breaking" for item in items or ())


@register.filter
def first_paragraph_index(body) -> int:
    """Position of the first paragraph block, where the dateline goes; -1 when there is none."""
    for index, block in enumerate(body or ()):
        if block.block_type == "paragraph":
            return index
    return -1


_OPENING_P = re.compile(r"^\s*<p(?:\s[^>]*)?>", re.IGNORECASE)


@register.filter
def with_dateline(value, dateline: str) -> SafeString:
    """Rich text with «دمشق -» written at the start of its first paragraph."""
    html = str(value.__html__() if hasattr(value, "__html__") else conditional_escape(value))
    if not dateline:
        return mark_safe(html)  # noqa: S308 - already safe rich text or escaped above
    label = format_html('<b class="dateline">{} -</b> ', dateline)
    opening = _OPENING_P.match(html)
    if opening:
        end = opening.end()
        return mark_safe(html[:end] + label + html[end:])  # noqa: S308 - parts are safe
    return format_html("<p>{}</p>{}", label, mark_safe(html))  # noqa: S308 - safe rich text


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def _youtube_id(parts) -> str:
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.strip("/").split("/")
    candidate = ""
    if host == "youtu.be":
        candidate = path[0]
    elif host in {"youtube.com", "youtube-nocookie.com"}:
        if path[0] == "watch":
            query = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p)
            candidate = query.get("v", "")
        elif path[0] in {"embed", "shorts", "live"} and len(path) > 1:
            candidate = path[1]
    return candidate if _YOUTUBE_ID.match(candidate) else ""


@register.filter
def embed_info(value) -> Embed | None:
    """Parse an embed block's URL without fetching oEmbed HTML (its scripts break our CSP).

    YouTube and Vimeo play from youtube-nocookie.com and player.vimeo.com, the only frame
    hosts the CSP allows, and only after the reader asks (site.js); anything else is a link.
    """
    url = getattr(value, "url", value)
    if not url:
        return None
    url = str(url)
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        return None
    host = parts.netloc.lower().removeprefix("www.")
    video = _youtube_id(parts)
    if video:
        return Embed(url, host, f"https://www.youtube-nocookie.com/embed/{video}", "يوتيوب")
    segments = parts.path.strip("/").split("/")
    if host in {"vimeo.com", "player.vimeo.com"} and segments[-1].isdigit():
        return Embed(url, host, f"https://player.vimeo.com/video/{segments[-1]}", "فيميو")
    return Embed(url, host)
