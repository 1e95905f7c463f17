import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from akhbar.arabic import normalize, tokenize
from akhbar.arabic.normalize import clean

# Characters the rules single out, mixed into random text so hypothesis hits them often:
# letters that fold, every kind of mark and control, surrogates, Hangul jamo that compose.
AWKWARD = st.sampled_from(
    [
        *"أإآٱىیکةؤئءيوهاـ",
        *"\u064b\u0651\u0652\u0653\u0654\u0655\u0670\u0610\u06d6\u06e5\u0301\u0307",
        *"\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069\ufeff\x00\t\n\x7f ",
        *"،؛؟«»“”‹›٪٫.-_!",
        *"٠٩۰۹0ﻻﷲＡİǰßΣ🔥",
        "\ud800",
        "\udfff",
        "\u1100",
        "\u1161",
        "\u11a8",
    ]
)
TEXT = st.text(alphabet=st.characters() | AWKWARD)

CASES = [
    # tashkeel: fathatan..sukun, superscript alef, maddah/hamza marks, Quranic marks
    ("الْعَرَبِيَّةُ", "العربيه"),
    ("شكراً وكتابٌ وبيتٍ", "شكرا وكتاب وبيت"),
    ("هٰذا", "هذا"),
    ("ب\u0653ب\u0654ب\u0655", "ببب"),
    ("محمد\u0610\u061a", "محمد"),
    ("قال\u06d6 ه\u06e5 \u06edنص", "قال ه نص"),
    # tatweel
    ("الأخبـــار", "الاخبار"),
    # alef forms, alef maqsura, teh marbuta
    ("أحمد إسلام آخر ٱلرحمن", "احمد اسلام اخر الرحمن"),
    ("مستشفى على", "مستشفي علي"),
    ("مدرسة", "مدرسه"),
    # decomposed hamza (NFKC composes it) folds like the composed letter
    ("ا\u0654حمد", "احمد"),
    ("ا\u0655سلام", "اسلام"),
    ("ا\u0653خر", "اخر"),
    ("ر\u064a\u0654يس", "رءيس"),
    # hamza seats fold to ء; ي before ء is an old spelling of ئ
    ("مسؤول مسئول", "مسءول مسءول"),
    ("شؤون شئون", "شءون شءون"),
    ("الطوارئ الطوارىء", "الطوارء الطوارء"),
    ("شيء شئ شىء", "شء شء شء"),
    # Persian yeh and keheh from Persian keyboards
    ("کتاب فی", "كتاب في"),
    # digits
    ("٢٠٢٦", "2026"),
    ("۲۰۲۶", "2026"),
    ("عام ٢٠٢٦م", "عام 2026م"),
    # bidi and invisible controls disappear without splitting the word
    ("مدر\u200bسة", "مدرسه"),
    ("مدرس\u200cه", "مدرسه"),
    ("كل\u200dمة", "كلمه"),
    ("\u200fعاجل\u200e", "عاجل"),
    ("\u202bعاجل\u202c \u202eنص\u202d", "عاجل نص"),
    ("\u2067نص\u2069 \u2066آخر\u2068", "نص اخر"),
    ("\ufeffخبر", "خبر"),
    # NUL and other control characters separate words
    ("خبر\x00عاجل", "خبر عاجل"),
    ("خبر\tعاجل\r\nالآن\x7f", "خبر عاجل الان"),
    # Arabic punctuation
    ("دمشق، بيروت؛ عمان؟", "دمشق بيروت عمان"),
    ("«عاجل»", "عاجل"),
    ("“خبر” و‹نص›", "خبر و نص"),
    ("50٪", "50"),
    ("3٫5", "3 5"),
    # Latin punctuation and case
    ("COVID-19", "covid 19"),
    ("NATO, T4!", "nato t4"),
    ("e-mail@host.com", "e mail host com"),
    ("Straße İstanbul", "strasse istanbul"),
    # presentation forms and compatibility characters (NFKC)
    ("ﻻ", "لا"),
    ("ﺍﻟﺴﻼﻡ", "السلام"),
    ("ﷲ", "الله"),
    ("ＣＯＶＩＤ x²", "covid x2"),
    # whitespace collapsed and stripped
    ("  خبر   عاجل  ", "خبر عاجل"),
    ("\u00a0خبر\u2003عاجل\u2028", "خبر عاجل"),
    # nothing left
    ("", ""),
    ("   ", ""),
    ("،؛؟!…", ""),
    ("\u064b\u0640\u200f", ""),
    # lone surrogates and symbols become separators
    ("\ud800خبر\udfff", "خبر"),
    ("خبر🔥عاجل", "خبر عاجل"),
    # Hangul jamo brought together by a dropped control compose on the second pass
    ("\u1100\u200b\u1161", "\uac00"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


TOKEN_CASES = [
    ("قال الرئيس: T4 و COVID", ["قال", "الرءيس", "t4", "و", "covid"]),
    ("٢٠٢٦/١/١٢", ["2026", "1", "12"]),
    ("مدرسة\u200cجديدة", ["مدرسهجديده"]),
    ("«عاجل»: انفجار في المرفأ!", ["عاجل", "انفجار", "في", "المرفا"]),
    ("", []),
]


@pytest.mark.parametrize(("raw", "expected"), TOKEN_CASES)
def test_tokenize(raw, expected):
    assert tokenize(raw) == expected


CLEAN_CASES = [
    ("الأخبـــار: مسؤولٌ «عاجل»", "الأخبار مسؤول عاجل"),
    ("مدرسة على الشاطئ ٢٠٢٦", "مدرسة على الشاطئ 2026"),
    ("\u202bCOVID\u202c-19", "COVID 19"),
]


@pytest.mark.parametrize(("raw", "expected"), CLEAN_CASES)
def test_clean_keeps_reader_spelling(raw, expected):
    assert clean(raw) == expected


@given(TEXT)
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@given(TEXT)
def test_normalize_leaves_no_marks_controls_or_stray_spaces(text):
    result = normalize(text)
    assert result == result.strip()
    assert "  " not in result
    assert "\u0640" not in result
    for char in result:
        assert unicodedata.category(char)[0] not in "CMPS", repr(char)


@given(st.text())
def test_tokenize_never_raises_and_yields_words(text):
    for token in tokenize(text):
        assert token
        assert not any(char.isspace() for char in token)


@pytest.mark.parametrize("name", ["_CLEAN_TABLE", "_FOLD_TABLE"])
def test_replacing_changed_characters_is_str_translate(name):
    """normalize and clean replace only the characters their table changes, for speed."""
    # akhbar.arabic exports the function under the module's name: reach the module by it.
    table = getattr(sys.modules[normalize.__module__], name)
    assert not any(table.changing.search(value) for value in table.changes.values())
    every_character = "".join(map(chr, range(0x10000)))
    for start in range(0, len(every_character), table.MAX_REPLACED - 3):
        text = every_character[start : start + table.MAX_REPLACED - 3]
        assert table.apply(text) == text.translate(table.table), hex(start)
    assert table.apply(every_character) == every_character.translate(table.table)
