"""The admin's page search folds Arabic spelling and stems words: an editor typing احمد
finds «أحمد», and المدارس finds «مدرسة»."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from modelsearch.query import And, Or, Phrase, PlainText

from akhbar.search.admin_backend import in_every_form
from tests.factories import make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("chief", "chief@example.org", "secret-pw")
    client.force_login(user)
    return client


@pytest.fixture
def pages(publish, home, section, committed):
    with committed():
        news = make_section(home, "الأخبـار المحلية", slug="local")
    return {
        "hamza": publish(section, "الوزير أحمد السالم يفتتح مدرسة"),
        "bare": publish(section, "احمد الخطيب يسجل هدفين"),
        "marks": publish(section, "مُبادَرةٌ لزراعة الأشجار"),
        "plural": publish(section, "التربية تعيد تأهيل المدارس الريفية"),
        "section": news,
    }


SEARCHES = [
    ("احمد", {"الوزير أحمد السالم", "احمد الخطيب"}),
    ("أحمد", {"الوزير أحمد السالم", "احمد الخطيب"}),
    ("إحمد", {"الوزير أحمد السالم", "احمد الخطيب"}),
    ("مبادرة", {"مُبادَرةٌ لزراعة"}),
    # A broken plural and clitics, in the query and in the title.
    ("مدرسة", {"يفتتح مدرسة", "تأهيل المدارس"}),
    ("بالمدرسة", {"يفتتح مدرسة", "تأهيل المدارس"}),
    ("مبادرات", {"مُبادَرةٌ لزراعة"}),
    ("الأخبـار", {"الأخبـار المحلية"}),  # a section: found by its spelling as typed
]


@pytest.mark.parametrize("url", ["/admin/pages/search/?q={q}", "/admin/pages/{root}/?q={q}"])
def test_admin_page_search_finds_every_spelling(editor, pages, home, url):
    for query, expected in SEARCHES:
        response = editor.get(url.format(q=query, root=home.pk))
        assert response.status_code == 200
        html = response.content.decode()
        for title in expected:
            assert title in html, (query, title)
        if query != "الأخبـار":
            assert "الأخبـار المحلية" not in html, query


def test_admin_page_search_names_what_it_counts(editor, pages):
    html = editor.get("/admin/pages/search/?q=احمد").content.decode()
    assert re.search(r"1-2\s+من\s+2\s+صفحات", html)


def test_queries_are_searched_as_typed_folded_or_analyzed():
    assert repr(in_every_form(PlainText("خبر"))) == repr(PlainText("خبر"))
    forms = in_every_form(And([PlainText("أحمد"), Phrase("مُبادَرة")]))
    assert isinstance(forms, Or)
    assert [repr(form) for form in forms.subqueries[1:]] == [
        repr(And([PlainText("احمد"), Phrase("مبادره")])),
        repr(And([PlainText("احمد"), Phrase("مبادر")])),
    ]
    assert repr(in_every_form(PlainText("ًٌٍ"))) == repr(PlainText("ًٌٍ"))
    # Stop words only: no analyzed form, which would match everything.
    assert repr(in_every_form(PlainText("في"))) == repr(PlainText("في"))
