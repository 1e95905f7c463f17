import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from akhbar.arabic import slugify_ar
from akhbar.arabic.normalize import clean

CASES = [
    ("عاجل: انفجار في المرفأ", "عاجل-انفجار-في-المرفأ"),
    # tashkeel and tatweel go; hamza, ة and ى stay as readers spell them
    ("مُحَمَّدٌ يَكْتُبُ", "محمد-يكتب"),
    ("الأخبـــار اليوم", "الأخبار-اليوم"),
    ("مدرسة على الشاطئ", "مدرسة-على-الشاطئ"),
    # Arabic and Latin punctuation separate words
    ("دمشق،بيروت؛عمان؟", "دمشق-بيروت-عمان"),
    ("«قمة» عربية… (طارئة)", "قمة-عربية-طارئة"),
    ("خبر/تقرير", "خبر-تقرير"),
    # digits of any script become ASCII
    ("موازنة عام ٢٠٢٦", "موازنة-عام-2026"),
    ("۱۲ شهيداً", "12-شهيدا"),
    # Latin is lowercased and kept
    ("COVID-19 في سوريا", "covid-19-في-سوريا"),
    ("قمة NATO", "قمة-nato"),
    # invisible characters go without splitting words
    ("\u202bخبر\u202c \u200fعاجل", "خبر-عاجل"),
    ("مدرس\u200cة", "مدرسة"),
    ("خبر 🔥 عاجل", "خبر-عاجل"),
    # at most eight words by default
    (
        "واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة",
        "واحد-اثنان-ثلاثة-أربعة-خمسة-ستة-سبعة-ثمانية",
    ),
    # nothing usable left
    ("", ""),
    ("،؛؟!!! «»", ""),
    ("ـــ", ""),
    ("\u064b\u064c\u200f", ""),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_slugify_ar(raw, expected):
    assert slugify_ar(raw) == expected


def test_max_words():
    assert slugify_ar("قمة عربية طارئة في القاهرة", max_words=3) == "قمة-عربية-طارئة"


def test_max_words_must_allow_a_word():
    with pytest.raises(ValueError, match="max_words"):
        slugify_ar("خبر", max_words=0)


@given(st.text(alphabet=st.characters()))
def test_slug_is_well_formed_and_empty_only_when_nothing_is_usable(text):
    slug = slugify_ar(text)
    assert re.fullmatch(r"(?:[^\W_]+(?:-[^\W_]+)*)?", slug), slug
    assert bool(slug) == bool(clean(text))
