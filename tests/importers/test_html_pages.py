"""`akhbar import html`: saved article pages, the article kept and the template left out."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from akhbar.importers.records import ArticleRecord, Failure, SectionRef
from akhbar.importers.sources.html_pages import HtmlPagesSource, arabic_date, read_page
from akhbar.news.models import ArticlePage
from tests.importers.conftest import FIXTURES

pages = FIXTURES / "html"
DAMASCUS = ZoneInfo("Asia/Damascus")

# What the templates around the articles print: none of it may reach a body.
TEMPLATE_TEXT = [
    "أخبار ساخنة",
    "سوق الهال الجديد",  # ticker
    "محطة مياه جديدة",  # "recent" widget
    "مشاركة على فيسبوك",  # share buttons
    "خبر رائع",  # comments
    "من نحن",  # footer
    "جميع الحقوق محفوظة",
    "أحدث المقالات",  # WordPress sidebar
    "رفع سعر ليتر المازوت",  # breaking bar and sidebar
    "الأسعار لا تحتمل",  # WordPress comment
    "أرسل التعليق",
]


def import_html(*arguments: str) -> str:
    out = StringIO()
    call_command("import", "html", *arguments, stdout=out, stderr=StringIO())
    return out.getvalue()


def row(output: str, outcome: str) -> int:
    line = next(line for line in output.splitlines() if f"│ {outcome} " in line)
    return int(line.split("│")[2].strip().replace(",", ""))


def read(name: str, *, section: SectionRef | None = None) -> ArticleRecord | Failure:
    path = pages / name
    return read_page(path.read_bytes(), location=name, section=section, time_zone=DAMASCUS)


@pytest.mark.django_db
def test_a_blogger_page_becomes_an_article_without_its_template(home, client):
    import_html(str(pages / "blogger-idlib-rain.html"), "--section", "محليات")
    output = import_html(str(pages / "blogger-aleppo-bridge.html"))

    assert row(output, "created") == 1
    article = ArticlePage.objects.get(title__startswith="بلدية حلب تفتتح جسر الشيخ سعيد")
    assert article.get_parent().title == "محليات"  # from the breadcrumbs
    # The Levantine date line, not the earlier date in the body nor the address's month.
    assert article.first_published_at == datetime(2026, 1, 12, tzinfo=DAMASCUS)
    assert sorted(article.tags.names()) == ["حلب", "خدمات"]
    assert [a.author.name for a in article.article_authors.all()] == ["سلمى الحلبي"]
    assert article.source_name == "موقع مدينتي حلب"
    blocks = [block.block_type for block in article.body]
    assert blocks[0] == "paragraph"  # the template's repeated title is gone
    assert "bullets" in blocks
    read_also = next(block for block in article.body if block.block_type == "read_also")
    rain = ArticlePage.objects.get(title__startswith="أمطار غزيرة تغمر مخيمات شمال إدلب")
    assert read_also.value["article"].specific == rain
    body = str(article.body)
    assert not [text for text in TEMPLATE_TEXT if text in body]

    response = client.get("/2026/01/aleppo-bridge.html")
    assert response.status_code == 301
    assert response["Location"].endswith(article.url)


@pytest.mark.django_db
def test_a_wordpress_page_keeps_its_category_tags_headings_and_source(home):
    import_html(str(pages / "wordpress-olive-harvest.html"))

    article = ArticlePage.objects.get()
    assert article.title == "موسم زيت الزيتون في عفرين يبدأ بأسعار أعلى من العام الماضي"
    assert article.get_parent().title == "اقتصاد"
    assert article.first_published_at == datetime.fromisoformat("2025-11-03T09:45:00+03:00")
    assert sorted(article.tags.names()) == ["زيتون", "عفرين"]
    assert [a.author.name for a in article.article_authors.all()] == ["كريم العلي"]
    assert article.source_name == "وكالة أنباء الوادي"
    assert [block.block_type for block in article.body] == [
        "paragraph",
        "heading",
        "paragraph",
        "bullets",
    ]
    body = str(article.body)
    assert not [text for text in TEMPLATE_TEXT if text in body]


@pytest.mark.django_db
def test_a_folder_imports_its_pages_and_names_the_broken_ones(home):
    first = import_html(str(pages), "--section", "منوعات")
    again = import_html(str(pages), "--section", "منوعات")

    assert (row(first, "created"), row(first, "failed")) == (3, 2)
    assert (row(again, "created"), row(again, "skipped"), row(again, "failed")) == (0, 3, 2)
    assert ArticlePage.objects.count() == 3


def test_broken_pages_say_what_they_lack():
    assert read("broken-binary.html") == Failure(
        "broken-binary.html", "not an HTML page (binary data or plain text)"
    )
    assert read("broken-no-body.html") == Failure(
        "broken-no-body.html", "no article text found in the page"
    )
    assert read("blogger-idlib-rain.html") == Failure(
        "blogger-idlib-rain.html",
        "no section: the page has no breadcrumbs or category link; give --section",
    )
    rain = read("blogger-idlib-rain.html", section=SectionRef("محليات"))
    assert rain.title == "أمطار غزيرة تغمر مخيمات شمال إدلب وتقطع الطرق الفرعية"
    assert rain.published == datetime.fromisoformat("2026-01-10T07:30:00+02:00")
    assert rain.old_urls == ("/2026/01/idlib-rain.html",)


@pytest.mark.django_db
def test_a_huge_page_is_not_read_and_the_others_import(home, settings, tmp_path):
    settings.AKHBAR_IMPORT_MAX_PAGE_BYTES = 50_000
    huge = tmp_path / "huge.html"
    huge.write_bytes(b"<html><body><p>" + "كلام ".encode() * 20_000 + b"</p></body></html>")
    (tmp_path / "olive.html").write_bytes((pages / "wordpress-olive-harvest.html").read_bytes())

    output = import_html(str(tmp_path / "*.html"))

    assert (row(output, "created"), row(output, "failed")) == (1, 1)
    options = {"paths": [str(huge)], "section": "منوعات"}
    with HtmlPagesSource(options, time_zone=DAMASCUS) as source:
        assert list(source.records()) == [Failure(str(huge), "larger than 50,000 bytes; not read")]


@pytest.mark.django_db
def test_unreadable_arguments_stop_the_import(home, tmp_path):
    with pytest.raises(CommandError, match="no such file or folder"):
        import_html(str(pages / "missing.html"))
    with pytest.raises(CommandError, match=r"No saved pages \(\*.html\) found"):
        import_html(str(tmp_path))
    assert not ArticlePage.objects.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الاثنين، 12 كانون الثاني 2026", date(2026, 1, 12)),
        ("نُشر في ٣ أيار ٢٠٢٥ - ١٠:٣٠", date(2025, 5, 3)),
        ("3 نوفمبر 2025", date(2025, 11, 3)),
        ("12 كانون الثاني/يناير 2026", date(2026, 1, 12)),
        ("السبت 7 جانفي 2023", date(2023, 1, 7)),
        ("1 غشت 2024", date(2024, 8, 1)),
        ("31 شباط 2026 ثم 2 آذار 2026", date(2026, 3, 2)),  # no 31 February
        ("منذ 12 كانون الأول الماضي", None),  # no year: not a date line
        ("آخر تحديث: أمس", None),
    ],
)
def test_arabic_dates_in_every_month_style(text, expected):
    assert arabic_date(text) == expected
