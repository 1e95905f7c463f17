"""Local image files an import brings into the image library, once each."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField

_MAX_TEXT = 255


class ImageRefused(Exception):
    """The file cannot become a library image; the message says why."""


def import_image(
    path: Path, *, title: str, alt: str, caption: str = "", credit: str = ""
) -> tuple[int, bool]:
    """The id of the library image holding `path`'s content, and whether it is new: an
    existing one with the same content (Wagtail's file_hash), or a new one after the checks
    an upload goes through (format, size, pixels).  Raises ImageRefused."""
    try:
        size = path.stat().st_size
        if size > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
            limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
            raise ImageRefused(f"{path.name}: larger than {limit:,} bytes ({size:,})")
        content = path.read_bytes()
    except OSError as exc:
        raise ImageRefused(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    digest = hashlib.sha1(content, usedforsecurity=False).hexdigest()
    model = get_image_model()
    existing = model.objects.filter(file_hash=digest).values_list("pk", flat=True).first()
    if existing is not None:
        return existing, False
    try:
        WagtailImageField().clean(SimpleUploadedFile(path.name, content))
    except ValidationError as exc:
        raise ImageRefused(f"{path.name}: {' '.join(exc.messages)}") from exc
    # Alt text is required in the admin (akhbar.newsroom.forms.NewsImageForm): the record's
    # alt, else its caption, else the article's title.
    image = model(
        title=(title or path.stem)[:_MAX_TEXT],
        description=(alt or caption or title)[:_MAX_TEXT],
        caption=caption[:_MAX_TEXT],
        credit=credit[:_MAX_TEXT],
        file_size=len(content),
        file_hash=digest,
    )
    image.file = ImageFile(SimpleUploadedFile(path.name, content), name=path.name)
    image.save()
    return image.pk, True
