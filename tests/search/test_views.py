"""The search page /search/: results, filters, pagination and a 200 for any input."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.factories import make_section
from tests.search.conftest import HOSTILE, hostile_query_string

pytestmark = pytest.mark.django_db

DAMASCUS = ZoneInfo("Asia/Damascus")


@pytest.fixture
def articles(publish, home, section):
    economy = make_section(home, "اقتصاد", slug="economy")
    now = timezone.now()
    return {
        "school": publish(
            section,
            "افتتاح مدرسة جديدة في حلب",
            paragraphs=["افتتح الوزير أحمد السالم المدرسة بحضور الأهالي <وفد رسمي>."],
            published_at=now - timedelta(days=2),
        ),
        "schools": publish(
            economy,
            "ميزانية المدارس للعام المقبل",
            paragraphs=["خصصت الحكومة مبلغاً لترميم المدارس في حلب ودمشق."],
            published_at=datetime(2025, 3, 1, 10, tzinfo=DAMASCUS),
        ),
        "other": publish(section, "مباراة كرة القدم", published_at=now),
    }


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_empty_query_shows_a_friendly_empty_state(client, home):
    html = html_of(client.get("/search/"))
    assert "اكتب كلمة أو أكثر" in html
    assert "search-results" not in html
    assert 'name="robots" content="noindex"' in html


def test_results_show_highlights_section_date_and_count(client, articles):
    html = html_of(client.get("/search/", {"q": "مدرسة"}))
    assert "نتيجتان" in html  # two results, in the Arabic dual
    assert "<mark>مدرسة</mark>" in html and "<mark>المدارس</mark>" in html
    assert "<mark>المدرسة</mark>" in html  # snippet from the body, original spelling
    assert "اقتصاد" in html and "سياسة" in html
    assert "آذار 2025" in html  # the older article's date, through {% ar_datetime %}
    assert articles["school"].url in html
    assert "&lt;وفد رسمي&gt;" in html  # body text stays escaped
    assert html.index("افتتاح") < html.index("ميزانية")  # newer first among equals
    assert "مباراة" not in html


def test_query_words_are_echoed_safely(client, articles):
    html = html_of(client.get("/search/", {"q": '<script>alert(1)</script> "مدرسة'}))
    assert "<script>alert" not in html
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt; &quot;مدرسة"' in html


def test_section_date_and_sort_filters(client, articles):
    html = html_of(client.get("/search/", {"q": "حلب", "section": "economy"}))
    assert "ميزانية المدارس" in html and "افتتاح مدرسة" not in html
    assert 'value="economy" selected' in html
    html = html_of(client.get("/search/", {"q": "حلب", "from": "2025-01-01", "to": "2025-12-31"}))
    assert "ميزانية المدارس" in html and "افتتاح مدرسة" not in html
    assert 'value="2025-01-01"' in html
    html = html_of(client.get("/search/", {"q": "حلب", "from": "٢٠٢٥-١٢-٣١", "to": "2025-01-01"}))
    assert "ميزانية المدارس" in html  # Arabic-Indic digits read, reversed range swapped
    html = html_of(client.get("/search/", {"q": "حلب", "sort": "newest"}))
    assert html.index("افتتاح مدرسة") < html.index("ميزانية المدارس")
    assert 'value="newest" selected' in html


def test_a_search_without_results_says_so(client, articles):
    html = html_of(client.get("/search/", {"q": "زلزال"}))
    assert "لم نجد أخباراً فيها «<bdi>زلزال</bdi>»" in html
    assert "كلمة يمكن البحث عنها" not in html
    assert '<p class="search-count" role="status">' in html
    html = html_of(client.get("/search/", {"q": "مباراة", "section": "economy"}))
    assert "لا توجد نتائج في هذا القسم أو هذه الفترة" in html


def test_a_query_without_a_searchable_word_says_so(client, articles):
    html = html_of(client.get("/search/", {"q": "؟؟ ..."}))
    assert "كلمة يمكن البحث عنها" in html
    assert "search-results" not in html


BAD_PARAMETERS = [
    {"section": "no-such-section"},
    {"section": "9999999"},
    {"from": "yesterday", "to": "2025-13-45"},
    {"from": "0000-00-00"},
    {"to": "9999-12-31"},
    {"sort": "'; DROP TABLE"},
    {"page": "abc"},
    {"page": "-3"},
    {"page": "0"},
    {"page": "99999999999999999999999"},
    {"page": "1.5"},
    {"page": "٢"},
]


def test_bad_parameters_are_ignored_or_clamped(client, articles):
    # One page per case, in one test: the articles are set up once.
    for params in BAD_PARAMETERS:
        html = html_of(client.get("/search/", {"q": "حلب", **params}))
        assert "search-results" in html, params


@override_settings(AKHBAR_PAGE_SIZE=1)
def test_pagination_links_keep_the_query(client, articles):
    html = html_of(client.get("/search/", {"q": "حلب", "page": "2"}))
    assert "السابق" in html and "التالي" not in re.sub(r'<span class="pager[^>]*>التالي', "", html)
    assert re.search(r'href="\?q=%D8%AD%D9%84%D8%A8&amp;page=1"', html)
    html = html_of(client.get("/search/", {"q": "حلب", "page": "99"}))
    assert "صفحة 2 من 2" in html


def test_hostile_input_gives_a_normal_page(client, articles):
    for text in HOSTILE:
        html = html_of(client.get(f"/search/?{hostile_query_string(text)}"))
        assert "</html>" in html, text


def test_undecodable_bytes_give_a_normal_page(client, articles):
    html_of(client.get("/search/?q=%FF%FE%ED%A0%80%C0%AF&page=%00"))


def test_page_has_no_inline_style_or_script(client, articles):
    html = html_of(client.get("/search/", {"q": "مدرسة"}))
    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
