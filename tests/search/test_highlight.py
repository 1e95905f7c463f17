"""Highlights are computed on the original text: spelling, marks and punctuation kept."""

from __future__ import annotations

from akhbar.search.highlight import highlight, snippet
from akhbar.search.query import parse_query


def stems(text: str) -> frozenset[str]:
    return parse_query(text).stems


def test_marks_words_whose_analysis_matches_keeping_their_spelling():
    html = highlight("زار أَحْمَدُ المدارسَ في حلب", stems("احمد مدرسة"))
    assert html == "زار <mark>أَحْمَدُ</mark> <mark>المدارسَ</mark> في حلب"


def test_stop_words_and_partial_words_are_not_marked():
    assert highlight("في المدرسة وفي المدرسين", stems("في")) == "في المدرسة وفي المدرسين"
    assert highlight("covidity and covid", stems("covid")) == "covidity and <mark>covid</mark>"


def test_everything_but_the_marks_is_escaped():
    html = highlight('<script>alert("حلب")</script> & حلب', stems("حلب"))
    assert html == (
        "&lt;script&gt;alert(&quot;<mark>حلب</mark>&quot;)&lt;/script&gt; &amp; <mark>حلب</mark>"
    )
    assert "<mark><" not in snippet("<b>حلب</b>", stems("حلب"))


def test_snippet_picks_the_passage_with_the_most_query_words():
    filler = " ".join(["كلام"] * 60)
    text = f"حلب في البداية. {filler}\n\nسوق الحميدية في دمشق يستقبل زوار حلب اليوم. {filler}"
    html = snippet(text, stems("الحميدية حلب"))
    assert html.startswith("… سوق <mark>الحميدية</mark>")
    assert "<mark>حلب</mark>" in html
    assert html.endswith("…")


def test_snippet_starts_a_few_words_before_the_match_and_marks_the_cut():
    text = " ".join(f"كلمة{n}" for n in range(100)) + " الهدف " + " ".join(["بعد"] * 100)
    html = snippet(text, stems("الهدف"), words=20)
    assert html.startswith("… كلمة94")
    assert "<mark>الهدف</mark>" in html
    assert html.endswith("…")
    assert len(html.split()) < 30


def test_snippet_without_a_match_is_the_start_of_the_text():
    html = snippet("بداية النص هنا، ثم يستمر.", stems("غائب"))
    assert html == "بداية النص هنا، ثم يستمر."
    assert snippet("", stems("حلب")) == ""
    assert snippet("؟؟؟ ...", stems("حلب")) == "؟؟؟ ..."


def test_snippet_keeps_the_closing_punctuation_of_its_last_word():
    text = "قال المحافظ إن العمل في حلب." + " جملة أخرى" * 50
    assert "<mark>حلب</mark>." in snippet(text, stems("حلب"), words=6)
