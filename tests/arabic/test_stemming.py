import pytest
from hypothesis import given
from hypothesis import strategies as st

from akhbar.arabic import analyze, normalize, stem

STEM_CASES = [
    # one article prefix, then suffixes until none applies (keeping 3 letters)
    ("المدرسة", "مدرس"),
    ("بالمدرسة", "مدرس"),
    ("للمدرسة", "مدرس"),
    ("كالمدرسة", "مدرس"),
    ("فالمدرسة", "مدرس"),
    ("الحكومات", "حكوم"),
    ("حكومية", "حكوم"),
    ("الاقتصادية", "اقتصاد"),
    ("الفلسطينيين", "فلسط"),
    ("بيانات", "بيان"),
    ("بيان", "بيان"),
    ("مدينتها", "مدينت"),
    # the conjunction و goes from words longer than 3 letters, then an article may follow
    ("والمدرسة", "مدرس"),
    ("وقال", "قال"),
    ("وطن", "وطن"),
    # ...but not from frequent words whose و is a root letter
    ("وزير", "وزير"),
    ("الوزير", "وزير"),
    ("ووزير", "وزير"),
    ("وزارة", "وزار"),
    ("وجود", "وجود"),
    # الله keeps its article
    ("الله", "الله"),
    ("بالله", "الله"),
    ("لله", "الله"),
    # prefixes and suffixes leave at least 2 and 3 letters
    ("الم", "الم"),
    ("بنه", "بنه"),
    # non-Arabic tokens are untouched
    ("covid", "covid"),
    ("2026", "2026"),
    ("t4", "t4"),
    ("كوفيد19", "كوفيد19"),
]


@pytest.mark.parametrize(("raw", "expected"), STEM_CASES)
def test_stem(raw, expected):
    assert stem(normalize(raw)) == expected


# Forms a reader expects one search to find: each group must give one term.
CONFLATED = [
    "المدرسة مدرسة مدارس المدارس بالمدرسة والمدرسة للمدرسة",
    "الحكومة حكومة الحكومات حكومية الحكومي للحكومة",
    "الاقتصاد اقتصاد اقتصادي الاقتصادية اقتصادية والاقتصاد",
    "وزير الوزير وزراء الوزراء للوزير والوزير ووزير",
    "أحمد احمد",
    "مسؤول مسئول المسؤول مسؤولون المسؤولين",
    "سوريا سورية السورية سوري السوري السوريين",
    "فلسطين فلسطيني الفلسطينية الفلسطينيين",
    "مدينة المدينة مدن المدن بالمدينة",
    "شؤون شئون الشؤون",
    "الطوارئ الطوارىء طوارئ",
    "شيء شئ الشيء",
    "قانون القانون قانوني القانونية قوانين",
    "رئيس الرئيس رؤساء الرؤساء ورئيس للرئيس",
    "طفل الأطفال أطفال للأطفال",
    "الأخبار أخبار خبر الخبر",
    "الله والله لله بالله",
    "وزارة الوزارة وزارات للوزارة",
    "الوطن وطن وطني الوطنية والوطن",
    "أمريكا أميركا",
    "جوجل غوغل",
]


@pytest.mark.parametrize("group", CONFLATED)
def test_analyze_conflates(group):
    terms = {tuple(analyze(word)) for word in group.split()}
    assert len(terms) == 1, terms
    assert len(terms.pop()) == 1


# Unrelated words that a careless stemmer or folding would merge.
DISTINCT = [
    ("الله", "له"),
    ("وزير", "زير"),
    ("وزارة", "زار"),
    ("وجود", "جود"),
    ("وقود", "قود"),
    ("واقع", "اقع"),
    ("عمان", "عم"),
    ("الأمين", "أم"),
    ("مكان", "مكة"),
    ("بيان", "بي"),
    ("ثمانية", "ثم"),
    ("حسين", "حس"),
    ("شؤون", "شيء"),
    ("قانون", "قوة"),
    ("فئة", "فيه"),
    ("رؤية", "روية"),
]


@pytest.mark.parametrize(("raw", "other"), DISTINCT)
def test_analyze_keeps_unrelated_words_apart(raw, other):
    assert analyze(raw) != analyze(other)


ANALYZE_CASES = [
    ("في المدرسة", ["مدرس"]),
    ("إلى المدارس", ["مدرس"]),
    ("هذا هو الذي قال", ["هو", "قال"]),
    # على normalizes to علي, the name Ali, so it is no stop word
    ("علي", ["علي"]),
    ("حزب الله", ["حزب", "الله"]),
    ("COVID-19 و T4", ["covid", "19", "t4"]),
    ("الوزراء السوريين", ["وزير", "سور"]),
    ("", []),
    ("،؛ في من", []),
]


@pytest.mark.parametrize(("raw", "expected"), ANALYZE_CASES)
def test_analyze(raw, expected):
    assert analyze(raw) == expected


@given(st.text(alphabet=st.characters()))
def test_analyze_is_the_same_on_normalized_text(text):
    terms = analyze(text)
    assert terms == analyze(normalize(text)) == analyze(text)
    assert all(term and " " not in term for term in terms)
