"""Local image files become library images, once each; bad ones are reported."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from akhbar.core.models import NewsImage
from akhbar.importers.records import ArticleRecord, ImageRef, SectionRef
from akhbar.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def record(title: str, **fields) -> ArticleRecord:
    defaults = {
        "section": SectionRef("محليات"),
        "published": datetime(2026, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Damascus")),
    }
    return ArticleRecord(title=title, **(defaults | fields))


def test_local_images_are_imported_deduplicated_and_checked(run_records, tmp_path):
    Image.new("RGB", (8, 6), "teal").save(tmp_path / "a.png")
    (tmp_path / "copy.png").write_bytes((tmp_path / "a.png").read_bytes())
    (tmp_path / "bad.jpg").write_text("ليست صورة")
    files = {f"https://old.example/{name}": tmp_path / name for name in ("copy.png", "bad.jpg")}
    body = (
        '<p>نص.</p><img src="https://old.example/copy.png" alt="جسر حلب">'
        '<img src="https://old.example/bad.jpg"><img src="https://cdn.example/far.jpg">'
    )
    report = run_records(
        [
            record(
                "جسر حلب",
                body=body,
                lead_image=ImageRef("https://old.example/a.png", path=str(tmp_path / "a.png")),
            )
        ],
        local_image=files.get,
    )
    image = NewsImage.objects.get()  # a.png and copy.png are one image
    assert image.description == "جسر حلب"  # alt is required in the admin: the title
    page = ArticlePage.objects.get()
    assert page.lead_image == image
    assert [b.value["image"] for b in page.body if b.block_type == "image"] == [image]
    assert (report.created, report.images_imported, report.remote_images) == (1, 1, 1)
    assert "bad.jpg" in report.image_problems[0].reason
