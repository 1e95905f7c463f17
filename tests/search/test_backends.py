"""Search behaviour on the active database's backend: SQLite FTS5 in the first pass of
`make test`, PostgreSQL in the second, with the same expectations for both."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from akhbar.search.backends.base import Mode, SearchFilters, Sort
from akhbar.search.query import parse_query
from akhbar.search.service import SearchRequest, SearchResults
from tests.search.conftest import HOSTILE, NOW, doc

pytestmark = pytest.mark.django_db


def found(backend, text: str, **request) -> list[int]:
    results = SearchResults(
        SearchRequest(query=parse_query(text), **request), backend=backend, now=NOW
    )
    return [result.hit.id for result in results[0:50]]


ORTHOGRAPHY = [
    # (indexed title, query)
    ("أحمد يزور حلب", "احمد"),
    ("احمد يزور حلب", "أحمد"),
    ("إحمد يزور حلب", "احمد"),
    ("وزير التربية أحمد", "إحمد"),
    ("مُحَمَّدٌ يَكْتُبُ الشِّعْرَ", "محمد"),
    ("محمد يكتب الشعر", "مُحَمَّد"),
    ("افتتاح مهرجـــان الربيع", "مهرجان"),
    ("افتتاح مهرجان الربيع", "مهرجـان"),
    ("مستشفى الأطفال", "مستشفي"),
    ("مستشفي الأطفال", "مستشفى"),
    ("جامعة دمشق", "جامعه"),
    ("جامعه دمشق", "جامعة"),
    ("موازنة عام ٢٠٢٦", "2026"),
    ("موازنة عام 2026", "٢٠٢٦"),
    ("موازنة عام ۲۰۲۶", "2026"),
    ("مسئول حكومي", "مسؤول"),
    ("خطة طوارىء", "الطوارئ"),
    ("ارتفاع إصابات COVID-19", "covid"),
    ("ارتفاع إصابات covid", "COVID"),
    ("قمة NATO", "nato"),
    ("الأخبـــار", "الاخبار"),
]


@pytest.mark.parametrize(("title", "query"), ORTHOGRAPHY)
def test_spelling_variants_meet(backend, title, query):
    target = doc(title)
    backend.index([target, doc("نص آخر لا علاقة له")])
    assert found(backend, query) == [target.id]


MORPHOLOGY = [
    ("مدرسة", ["افتتاح مدرسة", "عودة الطلاب إلى المدارس", "حريق في المدرسة", "حريق بالمدرسة"]),
    ("المدارس", ["افتتاح مدرسة", "عودة الطلاب إلى المدارس", "حريق بالمدرسة"]),
    ("انتخابات", ["الانتخابات البلدية", "الحملة الانتخابية", "انتخابات المجالس"]),
    ("وزير", ["الوزراء يجتمعون", "الوزير يزور حلب", "وزير الخارجية"]),
    ("سوريا", ["منتخب سورية", "المنتخب السوري", "السوريون في الخارج"]),
]


@pytest.mark.parametrize(("query", "titles"), MORPHOLOGY)
def test_inflected_forms_are_found(backend, query, titles):
    documents = [doc(title) for title in titles]
    unrelated = doc("أسعار الذهب ترتفع")
    backend.index([*documents, unrelated])
    assert sorted(found(backend, query)) == sorted(d.id for d in documents)


def test_quoted_phrase_matches_only_the_words_together(backend):
    together = doc("وزير الخارجية يلتقي نظيره")
    apart = doc("وزير الزراعة يبحث التجارة الخارجية")
    backend.index([together, apart])
    for query in ('"وزير الخارجية"', "«وزير الخارجية»", "“وزير الخارجية”"):
        assert found(backend, query) == [together.id], query
    assert sorted(found(backend, "وزير الخارجية")) == sorted([together.id, apart.id])


def test_phrases_match_across_spelling_and_stop_words(backend):
    target = doc("نص", "قال إن الأمم المتّحدة في نيويورك حذرت من نقص الغذاء")
    backend.index([target, doc("الأمم الآسيوية والإمارات العربية المتحدة")])
    assert found(backend, "«الامم المتحدة»") == [target.id]


def test_title_match_ranks_above_body_match(backend):
    in_body = doc("خبر محلي", "زار المحافظ سوق الحميدية صباح اليوم", days_ago=1)
    in_title = doc("سوق الحميدية يستعد للعيد", "التجار يعرضون بضائعهم", days_ago=200)
    backend.index([in_body, in_title])
    assert found(backend, "الحميدية") == [in_title.id, in_body.id]


def test_newer_first_among_equal_matches(backend):
    old = doc("افتتاح معرض الكتاب", "نص مطابق تماماً", days_ago=300)
    new = doc("افتتاح معرض الكتاب", "نص مطابق تماماً", days_ago=2)
    middle = doc("افتتاح معرض الكتاب", "نص مطابق تماماً", days_ago=40)
    backend.index([old, new, middle])
    assert found(backend, "معرض الكتاب") == [new.id, middle.id, old.id]


def test_fresh_story_outranks_an_old_one_of_similar_relevance(backend):
    old = doc("ارتفاع أسعار الذهب في السوق", "الصاغة يتوقعون الصعود والذهب يرتفع", days_ago=600)
    fresh = doc("ارتفاع أسعار الذهب في الأسواق", "غرام الذهب يسجل رقماً جديداً", days_ago=1)
    backend.index([old, fresh])
    assert found(backend, "أسعار الذهب") == [fresh.id, old.id]


def test_words_standing_together_rank_above_scattered_words(backend):
    scattered = doc("زيارة رسمية", "رئيس البلدية التقى الوزراء في دمشق", days_ago=1)
    together = doc("زيارة رسمية", "التقى رئيس الوزراء أعضاء البلدية في دمشق", days_ago=30)
    backend.index([scattered, together])
    assert found(backend, "رئيس الوزراء") == [together.id, scattered.id]


def test_mixed_latin_and_arabic(backend):
    target = doc("آبل تطرح iPhone 18 في الأسواق العربية")
    other = doc("هاتف جديد في الأسواق")
    backend.index([target, other])
    assert found(backend, "IPHONE") == [target.id]
    assert found(backend, "iphone 18") == [target.id]
    assert found(backend, "iphone الأسواق") == [target.id, other.id]


def test_every_word_first_then_some_words(backend):
    both = doc("ارتفاع أسعار الذهب")
    one = doc("أسعار الخضار ترتفع")
    none = doc("مباراة كرة القدم")
    backend.index([both, one, none])
    results = SearchResults(SearchRequest(query=parse_query("أسعار الذهب")), backend=backend)
    assert results.mode == Mode.ANY
    assert results.complete == 1
    assert results.count() == 2
    assert [r.hit.id for r in results[0:10]] == [both.id, one.id]


def test_many_complete_matches_show_only_complete_matches(backend):
    complete = [doc(f"أسعار الذهب اليوم رقم {n}") for n in range(10)]
    backend.index([*complete, doc("أسعار الخضار ترتفع")])
    results = SearchResults(SearchRequest(query=parse_query("أسعار الذهب")), backend=backend)
    assert results.mode == Mode.ALL
    assert results.count() == 10


def test_filters_and_sort(backend):
    a = doc("أخبار حلب الأولى", days_ago=30, section_id=1)
    b = doc("أخبار حلب الثانية", days_ago=3, section_id=2)
    c = doc("أخبار حلب الثالثة", days_ago=10, section_id=1)
    backend.index([a, b, c])
    query = parse_query("حلب")
    assert {h.id for h in backend.search(query, filters=SearchFilters(section_id=1))} == {
        a.id,
        c.id,
    }
    window = SearchFilters(start=NOW - timedelta(days=15), end=NOW - timedelta(days=5))
    assert [h.id for h in backend.search(query, filters=window, now=NOW)] == [c.id]
    assert backend.count(query, filters=window) == 1
    assert [h.id for h in backend.search(query, sort=Sort.NEWEST)] == [b.id, c.id, a.id]
    assert [h.id for h in backend.search(query, sort=Sort.NEWEST, limit=1, offset=1)] == [c.id]


def test_reindexing_replaces_and_delete_removes(backend):
    first = doc("عنوان قديم عن الزراعة", id=9001)
    backend.index([first])
    backend.index([doc("عنوان جديد عن الصناعة", id=9001)])
    assert backend.count(parse_query("الزراعة")) == 0
    assert backend.count(parse_query("الصناعة")) == 1
    backend.delete([9001])
    assert backend.count(parse_query("الصناعة")) == 0


def test_documents_keep_what_results_show(backend):
    target = doc("عنوان <b>فيه</b> وسم", "نص & رموز")
    backend.index([target])
    (hit,) = backend.search(parse_query("وسم"), now=NOW)
    assert (hit.title, hit.body, hit.url) == (target.title, target.body, target.url)
    assert hit.published == target.published


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_never_fail(backend, text):
    backend.index([doc("خبر من حلب"), doc("title body NEAR AND")])
    query = parse_query(text)
    for mode in Mode:
        assert backend.count(query, mode=mode) >= 0
        backend.search(query, mode=mode, now=NOW)
    SearchResults(SearchRequest(query=query), backend=backend)[0:10]


# Every code point, lone surrogates and controls included.
UNICODE = st.text(alphabet=st.characters(exclude_categories=()), max_size=300)
# Arabic letter variants, marks, quotes and operator characters, so phrases and operators
# turn up far more often than in random text.
QUERY_LIKE = st.lists(
    st.sampled_from(
        [
            "أحمد",
            "احمد",
            "مدرسة",
            "ً",
            "ـ",
            '"',
            "«",
            "»",
            "“",
            "(",
            ")",
            "*",
            "^",
            ":",
            "-",
            "'",
            "\\",
            "NEAR",
            "AND",
            "OR",
            "NOT",
            "title:",
            " ",
            "\x00",
            "2026",
            "٢٠٢٦",
            "COVID",
        ]
    ),
    max_size=40,
).map("".join)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=st.one_of(st.text(max_size=300), UNICODE, QUERY_LIKE))
def test_any_unicode_through_the_query_path(backend, text):
    backend.index([doc("خبر من حلب", "نص قصير", id=424242)])
    query = parse_query(text)
    for mode in Mode:
        backend.count(query, mode=mode)
        backend.search(query, mode=mode, sort=Sort.RELEVANCE, now=NOW)
        backend.search(query, mode=mode, sort=Sort.NEWEST, now=NOW)


def test_counting_and_ranking_reach_the_newest_matches(backend):
    backend.ranking = replace(backend.ranking, max_results=3, max_ranked=2)
    best_but_old = doc("الزيتون الزيتون الزيتون", "الزيتون", days_ago=900)
    recent = [doc("موسم", f"حصاد الزيتون رقم {n}", days_ago=n) for n in (1, 2, 3)]
    backend.index([best_but_old, *recent])
    query = parse_query("الزيتون")
    assert [h.id for h in backend.search(query, limit=2, now=NOW)] == [r.id for r in recent[:2]]
    assert backend.newest(query, limit=10) == sorted(backend.newest(query, limit=10))[::-1]
    assert backend.count(query) == 4
    results = SearchResults(SearchRequest(query=query), backend=backend, now=NOW)
    assert (results.count(), results.capped) == (3, True)
    assert [r.hit.id for r in results[0:2]] == [r.id for r in recent[:2]]
    # Deeper pages rank a deeper window; without limits everything is ranked.
    assert len(results[0:3]) == 3
    backend.ranking = replace(backend.ranking, max_results=0, max_ranked=0)
    results = SearchResults(SearchRequest(query=query), backend=backend, now=NOW)
    assert (results.count(), results.capped) == (4, False)
    assert results[0:1][0].hit.id == best_but_old.id


def test_articles_published_in_the_same_second_both_stay_indexed(backend):
    twins = [doc("توأم أول", id=5), doc("توأم ثان", id=5 + (1 << 20))]
    backend.index(twins)
    assert sorted(h.id for h in backend.search(parse_query("توأم"))) == sorted(t.id for t in twins)
    backend.delete([twins[0].id])
    assert [h.id for h in backend.search(parse_query("توأم"))] == [twins[1].id]
