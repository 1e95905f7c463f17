"""Image uploads: alt text required, size and pixel limits, bombs and fakes refused with a
clear form error, and WebP/AVIF renditions in srcset."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image, features
from wagtail.models import Collection

from akhbar.core.models import NewsImage
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def photo(name: str = "souk.png", size: tuple[int, int] = (64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 90, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def bomb_png(width: int, height: int) -> bytes:
    """A valid black-and-white PNG of width x height made of zeros: a few KB on disk,
    width x height pixels once decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" * ((width + 7) // 8 + 1)  # filter byte + one bit per pixel
    packer = zlib.compressobj(9)
    rows = [packer.compress(row * 500) for _ in range(height // 500)]
    rows += [packer.compress(row * (height % 500)), packer.flush()]
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", b"".join(rows))
        + chunk(b"IEND", b"")
    )


def upload(client, file, **fields):
    data = {
        "title": "سوق الخضار صباحاً",
        "description": "باعة يرتبون صناديق البندورة في سوق الخضار",
        "caption": "سوق الخضار في ساعات الصباح الأولى",
        "credit": "تصوير فريق أخبار",
        "collection": Collection.get_first_root_node().pk,
        "tags": "",
        "file": file,
        **fields,
    }
    return client.post(reverse("wagtailimages:add"), data)


def file_errors(response) -> str:
    assert response.status_code == 200, "a refused upload shows the form again, never a 500"
    return " ".join(response.context["form"].errors.get("file", []))


def test_upload_with_alt_text_caption_and_credit(client, editor):
    client.force_login(editor)
    response = upload(client, photo())
    assert response.status_code == 302
    image = NewsImage.objects.get()
    assert image.description == "باعة يرتبون صناديق البندورة في سوق الخضار"
    assert image.caption == "سوق الخضار في ساعات الصباح الأولى"
    assert image.credit == "تصوير فريق أخبار"
    assert image.uploaded_by_user == editor


def test_alt_text_is_required(client, writer):
    client.force_login(writer)
    response = upload(client, photo(), description="")
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    assert not NewsImage.objects.exists()


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1024)
def test_too_big_a_file_is_refused(client, editor):
    client.force_login(editor)
    errors = file_errors(upload(client, photo(size=(400, 300))))
    assert "كبير جدًا" in errors  # «هذا الملف كبير جدًا … الحد الأقصى لحجم الملف 1,0 ك.ب»
    assert not NewsImage.objects.exists()


def test_too_many_pixels_is_refused(client, editor):
    client.force_login(editor)
    # 49 megapixels in 6 KB: over AKHBAR_IMAGES_MAX_MEGAPIXELS (40).
    big = SimpleUploadedFile("scan.png", bomb_png(7000, 7000), content_type="image/png")
    errors = file_errors(upload(client, big))
    assert "49000000" in errors
    assert not NewsImage.objects.exists()


def test_decompression_bomb_is_refused(client, editor):
    client.force_login(editor)
    # 400 megapixels in under 50 KB: Pillow itself refuses to decode it.
    bomb = SimpleUploadedFile("bomb.png", bomb_png(20000, 20000), content_type="image/png")
    assert len(bomb) < 60_000
    assert "بكسل" in file_errors(upload(client, bomb))
    assert not NewsImage.objects.exists()


def test_a_renamed_non_image_is_refused(client, editor):
    client.force_login(editor)
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not an image at all", "image/jpeg")
    assert "صورة صحيحة" in file_errors(upload(client, fake))
    assert not NewsImage.objects.exists()


def test_article_image_has_webp_and_avif_in_srcset(client, editor, desk):
    client.force_login(editor)
    upload(client, photo(size=(1600, 900)))
    image = NewsImage.objects.get()
    image.focal_point_x, image.focal_point_y = 1200, 300
    image.focal_point_width = image.focal_point_height = 200
    image.save()
    assert image.get_rendition("fill-800x450|format-webp").url.endswith(".webp")
    article = make_article(desk, "خبر بصورة", lead_image=image)
    client.logout()
    html = client.get(article.url).content.decode()
    assert 'type="image/webp"' in html
    assert "srcset=" in html
    assert 'alt="باعة يرتبون صناديق البندورة في سوق الخضار"' in html
    if features.check("avif"):
        assert 'type="image/avif"' in html
        assert image.get_rendition("width-400|format-avif").url.endswith(".avif")
