"""Home's section blocks are rendered once, then kept until their section changes."""

from unittest.mock import patch

import pytest

from akhbar.news.home import forget_home_blocks
from akhbar.news.queries import section_blocks
from akhbar.publishing.rendering import render
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(home):
    politics = make_section(home, "سياسة", slug="politics")
    culture = make_section(home, "ثقافة", slug="culture")
    make_article(politics, "الحكومة تعرض برنامجها على البرلمان")
    make_article(culture, "افتتاح دار جديدة للأوبرا")
    return politics, culture


def block_of(client, section) -> str:
    """The HTML of the section's block on the home page, empty when it has none."""
    html = client.get("/").content.decode()
    start = html.find(f'<section class="section-block" aria-labelledby="section-{section.pk}"')
    return "" if start < 0 else html[start : html.index("</section>", start)]


def test_kept_blocks_are_not_queried_again_and_show_the_same(client, sections):
    client.get("/")
    with patch("akhbar.news.home.section_blocks", wraps=section_blocks) as query:
        kept = client.get("/").content.decode()
        assert query.call_count == 0
        forget_home_blocks()
        rendered = client.get("/").content.decode()
        assert query.call_count == 1
    assert kept == rendered
    assert "افتتاح دار جديدة للأوبرا" in kept


def test_a_new_article_shows_in_its_block_at_once(
    client, sections, django_capture_on_commit_callbacks
):
    _, culture = sections
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        make_article(culture, "مهرجان للسينما العربية في الصيف")
    assert "مهرجان للسينما العربية في الصيف" in block_of(client, culture)


def test_an_edited_headline_and_a_renamed_section_show_at_once(
    client, sections, django_capture_on_commit_callbacks
):
    politics, _ = sections
    article = politics.get_children().specific().first()
    client.get("/")
    article.title = "البرلمان يمنح الثقة للحكومة الجديدة"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert "البرلمان يمنح الثقة للحكومة الجديدة" in block_of(client, politics)
    politics.title = "الشأن السياسي"
    with django_capture_on_commit_callbacks(execute=True):
        politics.save_revision().publish()
    assert "الشأن السياسي" in block_of(client, politics)


def test_a_page_built_from_kept_blocks_still_records_their_articles(home, sections):
    politics, culture = sections
    shown_articles = {page.pk for page in (*politics.get_children(), *culture.get_children())}
    assert shown_articles <= render("/").shown
    assert shown_articles <= render("/").shown


def test_a_section_without_articles_has_no_block(client, home, sections):
    empty = make_section(home, "رياضة", slug="sports")
    assert block_of(client, empty) == ""
    make_article(empty, "المنتخب يتأهل إلى النهائي")
    assert "المنتخب يتأهل إلى النهائي" in block_of(client, empty)
