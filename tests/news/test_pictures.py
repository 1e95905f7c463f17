"""`{% picture %}` keeps the HTML it wrote for an image until the image's file, focal point
or the attributes asked for change."""

import pytest
from django.template import engines
from wagtail.images.templatetags.wagtailimages_tags import PictureNode
from wagtail.images.tests.utils import get_test_image_file

from akhbar.core.models import NewsImage

pytestmark = pytest.mark.django_db

TEMPLATE = engines["django"].from_string(
    "{% load pictures %}{% picture photo format-{webp,jpeg} fill-{160x120,320x240} alt=alt %}"
)


def picture(photo: NewsImage, alt: str = "صورة") -> str:
    return TEMPLATE.render({"photo": photo, "alt": alt})


def test_the_same_picture_is_written_once(monkeypatch):
    writes = []
    write = PictureNode.render
    monkeypatch.setattr(
        PictureNode, "render", lambda node, context: writes.append(1) or write(node, context)
    )
    photo = NewsImage.objects.create(title="مرفأ اللاذقية", file=get_test_image_file())
    first = picture(photo)
    assert first.count("<source") == 1 and 'alt="صورة"' in first
    assert picture(NewsImage.objects.get(pk=photo.pk)) == first
    assert len(writes) == 1
    assert 'alt="مرفأ عند الفجر"' in picture(photo, alt="مرفأ عند الفجر")
    assert len(writes) == 2


def test_a_new_focal_point_or_file_gives_new_renditions():
    photo = NewsImage.objects.create(title="ساحة المدينة", file=get_test_image_file())
    first = picture(photo)
    photo.focal_point_x, photo.focal_point_y = 10, 10
    photo.focal_point_width = photo.focal_point_height = 20
    photo.save()
    moved = picture(photo)
    assert moved != first
    # As the admin replaces a file: the old renditions go with it.
    photo.file = get_test_image_file(filename="new.png")
    photo.save()
    photo.renditions.all().delete()
    assert picture(NewsImage.objects.get(pk=photo.pk)) not in (first, moved)
