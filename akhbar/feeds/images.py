"""Images as they leave the site (feeds, OpenGraph, JSON-LD, the API): one rendition each."""

from __future__ import annotations

import logging
import mimetypes
from dataclasses import dataclass

from django.http import HttpRequest

logger = logging.getLogger(__name__)

# 1200 px wide at 16:9 is what Facebook, WhatsApp, Telegram and Google Discover ask for; JPEG
# because WhatsApp and several feed readers still show no WebP or AVIF preview.
SHARE_FILTER = "fill-1200x675|format-jpeg|jpegquality-80"
# A logo standing in for a missing picture is scaled, never cropped to 16:9.
LOGO_SHARE_FILTER = "max-1200x675|format-png"


@dataclass(frozen=True)
class SharedImage:
    """An absolute image address with what enclosures and og:image need to describe it."""

    url: str
    width: int
    height: int
    mime_type: str
    length: int
    alt: str


def rendition_prefetch(lookup: str) -> str:
    """Fetch the renditions of many images at once (`lookup` ends at the image FK).

    All of them, not only the share size: Wagtail takes a prefetched list as complete, so
    a filtered one made the page's own sizes of the same image look missing, and each
    render asked for them again (and again through the rendition thread pool).
    """
    return f"{lookup}__renditions"


def rendition(image, spec: str):
    """`image` rendered by `spec`, created on first use; None when its file is missing.

    A missing original is logged rather than raised: a feed or a page head must never fail
    because one upload was lost.
    """
    if image is None:
        return None
    try:
        result = image.get_rendition(spec)
    except (OSError, ValueError):
        logger.warning("No %s rendition for image %s", spec, image.pk, exc_info=True)
        return None
    # A rendition's row can outlive its file (a restored database, a cleaned media folder).
    if not result.file.storage.exists(result.file.name):
        logger.warning("The %s rendition file of image %s is missing", spec, image.pk)
        return None
    return result


def shared_image(
    image, request: HttpRequest, *, alt: str = "", spec: str = SHARE_FILTER
) -> SharedImage | None:
    """The share rendition of `image` with its size in bytes and type; None without one.

    `alt` (usually the headline) stands in when the image has no description of its own.
    """
    shared = rendition(image, spec)
    if shared is None:
        return None
    return SharedImage(
        url=request.build_absolute_uri(shared.url),
        width=shared.width,
        height=shared.height,
        mime_type=mimetypes.guess_type(shared.file.name)[0] or "image/jpeg",
        length=shared.file.size,
        alt=image.description or alt or image.title,
    )
