"""`akhbar import` and `akhbar export` as users run them, and the round trip between them."""

import json
from io import StringIO

import pytest
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import CommandError
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import expand_db_html

from akhbar.core.models import NewsImage, StandardPage
from akhbar.news.models import ArticlePage, Author, SectionPage
from tests.factories import make_article, make_author
from tests.importers.conftest import fixture

pytestmark = pytest.mark.django_db


def akhbar(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture(autouse=True)
def _short_lines(settings):
    settings.AKHBAR_IMPORT_MAX_LINE_BYTES = 100_000


def test_import_reports_counts_and_the_first_failures(home):
    output = akhbar("import", "jsonl", str(fixture("bad.jsonl")))
    assert "Import finished: 14 records" in output
    assert "│ created             │        2 │" in output
    assert "│ failed              │       12 │" in output
    assert "line 8" in output and "duplicate guid 'bad-001' (first on line 1)" in output
    assert "line 9" in output and "line longer than 100,000 bytes" in output


def test_dry_run_and_section_map_options(home):
    output = akhbar(
        "import",
        "jsonl",
        str(fixture("articles.jsonl")),
        "--dry-run",
        "--section-map",
        "ثقافة=فنون",
    )
    assert "Dry run: nothing was written" in output
    assert "Sections would be created: محليات، اقتصاد، فنون" in output
    assert not ArticlePage.objects.exists()


@pytest.mark.parametrize("bad", ["ثقافة", "=فنون", "ثقافة="])
def test_a_section_map_needs_both_names(home, bad):
    with pytest.raises(CommandError, match="--section-map"):
        akhbar("import", "jsonl", str(fixture("articles.jsonl")), "--section-map", bad)


def test_only_an_unreadable_input_is_an_error(home, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        akhbar("import", "jsonl", str(tmp_path / "missing.jsonl"))
    with pytest.raises(CommandError, match="Cannot read"):
        akhbar("import", "jsonl", str(tmp_path))
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_bytes(b"\x00\x01\x02 not json\n{]\n")
    assert "│ failed              │        2 │" in akhbar("import", "jsonl", str(garbage))


def snapshot() -> dict[str, dict]:
    """Everything the round trip must keep, by title (ids and block ids differ)."""
    return {**article_snapshot(), **page_snapshot()}


def page_snapshot() -> dict[str, dict]:
    """Plain pages as readers see them: their body's HTML (a link's page id becomes its
    address on the way), dates, state and redirects."""
    pages = {}
    for page in StandardPage.objects.all():
        content = page if page.live else page.get_latest_revision_as_object()
        pages[page.title] = {
            "body": expand_db_html(content.body),
            "slug": page.slug,
            "dates": (page.first_published_at, page.last_published_at),
            "draft date": None if page.live else page.latest_revision_created_at,
            "live": page.live,
            "old paths": sorted(
                Redirect.objects.filter(redirect_page=page).values_list("old_path", flat=True)
            ),
        }
    return pages


def article_snapshot() -> dict[str, dict]:

    def block(child) -> tuple:
        value = child.block.get_prep_value(child.value)
        if child.block_type == "read_also":
            value = {**value, "article": ArticlePage.objects.get(pk=value["article"]).title}
        if child.block_type == "bullets":
            value = [item["value"] for item in value]
        return child.block_type, json.dumps(value, sort_keys=True, ensure_ascii=False)

    articles = {}
    for page in ArticlePage.objects.all():
        content = page if page.live else page.get_latest_revision_as_object()
        section = page.get_parent().specific
        articles[page.title] = {
            "section": (section.title, section.slug),
            "body": [block(child) for child in content.body],
            "dek": content.dek,
            "tags": list(content.tags.names()),
            "authors": [link.author.name for link in content.article_authors.all()],
            "source": (content.source_name, content.source_url),
            "image": (content.lead_image_id, content.lead_image_caption, content.lead_image_credit),
            "dates": (page.first_published_at, page.last_published_at),
            "draft date": None if page.live else page.latest_revision_created_at,
            "live": page.live,
            "old paths": sorted(
                Redirect.objects.filter(redirect_page=page).values_list("old_path", flat=True)
            ),
        }
    return articles


def empty_the_site() -> None:
    for page in [*SectionPage.objects.all(), *StandardPage.objects.all()]:
        page.delete()
    Tag.objects.all().delete()
    Author.objects.all().delete()
    Redirect.objects.all().delete()


def test_export_then_import_into_an_empty_site_reproduces_the_content(
    home, section, tmp_path, django_capture_on_commit_callbacks
):
    akhbar("import", "jsonl", str(fixture("articles.jsonl")))
    image = NewsImage.objects.create(
        title="صورة", file=ImageFile(get_test_image_file(), name="hall.png")
    )
    target = ArticlePage.objects.get(title="بلدية حلب تفتتح جسراً جديداً فوق نهر قويق")
    written = make_article(
        section,
        "خبر كتبه محرر في لوحة التحرير",
        dek="موجز الخبر.",
        authors=[make_author("هدى الحمصي")],
        tags=["تحرير"],
        lead_image=image,
        lead_image_caption="قاعة المجلس",
        lead_image_credit="تصوير: هدى",
    )
    written.body.extend(
        [
            ("heading", "عنوان فرعي"),
            ("quote", {"text": "سطر أول\nسطر ثان", "attribution": "رئيس المجلس"}),
            ("image", {"image": image, "caption": "تعليق", "credit": "تصوير"}),
            ("embed", "https://www.youtube.com/watch?v=Zq2mKx7aB1c"),
            ("fact_box", {"title": "أرقام", "body": "<p>عشرون جلسة</p>"}),
            ("read_also", {"article": target, "label": "إقرأ أيضاً"}),
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        written.save_revision().publish()
    about = make_page(
        home,
        "من نحن",
        f"<h2>عن الصحيفة</h2><p>صحيفة محلية من حلب، أول أخبارها "
        f'<a linktype="page" id="{target.pk}">الجسر الجديد</a>.</p>'
        f'<embed embedtype="image" format="fullwidth" id="{image.pk}" alt="مبنى الصحيفة"/>'
        "<ul><li>الأخبار المحلية</li><li>الاقتصاد</li></ul>",
    )
    Redirect.add_redirect("/p/about-us.html", about)
    make_page(home, "اتصل بنا", "<p>الهاتف والبريد قريباً.</p>", live=False)
    before = snapshot()
    assert len(before) == 9

    export = tmp_path / "export.jsonl"
    akhbar("export", "jsonl", str(export))
    assert not (tmp_path / "export.jsonl.part").exists()
    empty_the_site()
    assert not ArticlePage.objects.exists()

    output = akhbar("import", "jsonl", str(export))
    assert "│ created             │        9 │" in output
    assert snapshot() == before


def make_page(home, title: str, body: str, *, live: bool = True) -> StandardPage:
    page = home.add_child(instance=StandardPage(title=title, body=body, live=False))
    revision = page.save_revision()
    if live:
        revision.publish()
    return page


def test_export_writes_json_lines_to_standard_output(home):
    akhbar("import", "jsonl", str(fixture("articles.jsonl")))
    make_page(home, "من نحن", "<p>صحيفة محلية.</p>")
    lines = akhbar("export", "jsonl").splitlines()
    assert len(lines) == 7
    page = json.loads(lines[-1])  # pages come after the articles
    assert (page["kind"], page["title"], page["body"]) == ("page", "من نحن", "<p>صحيفة محلية.</p>")
    assert "section" not in page
    first = json.loads(lines[0])
    assert first["guid"] == "halab-2026-001"
    assert first["section"] == "محليات"
    assert first["old_urls"] == ["/2026/01/jisr-quwaiq.html"]
    books = next(json.loads(line) for line in lines if "مهرجان الكتاب" in line)
    assert books["guid"].startswith("akhbar:")  # it had no guid of its own
