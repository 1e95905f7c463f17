"""The index follows the content: publish, edit, unpublish, move, rename, delete, rebuild."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from akhbar.news.models import ArticlePage
from akhbar.search import indexing
from akhbar.search.models import SearchDocument
from akhbar.search.query import parse_query
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

DAMASCUS = ZoneInfo("Asia/Damascus")


def indexed_titles(backend, text: str) -> list[str]:
    return [hit.title for hit in backend.search(parse_query(text), limit=50)]


def test_publishing_indexes_what_readers_see(publish, section, backend):
    when = datetime(2026, 1, 12, 10, 0, tzinfo=DAMASCUS)
    article = publish(
        section,
        "افتتاح مكتبة عامة في حمص",
        dek="مكتبة بثلاثة طوابق.",
        paragraphs=["تضم المكتبة عشرين ألف كتاب.", "وتفتح أبوابها يومياً."],
        tags=["ثقافة"],
        published_at=when,
    )
    document = SearchDocument.objects.get(pk=article.pk)
    assert document.title == "افتتاح مكتبة عامة في حمص"
    assert document.url == article.get_url_parts()[2]
    assert (document.section_id, document.section_title) == (section.pk, "سياسة")
    assert document.published_ts == int(when.timestamp())  # the date set after publishing
    assert "مكتبة بثلاثة طوابق." in document.body and "عشرين ألف كتاب" in document.body
    for query in ("مكتبة", "طوابق", "الكتاب", "ثقافة"):
        assert indexed_titles(backend, query) == [article.title], query


def test_drafts_are_not_indexed_until_published(publish, section, backend, committed):
    draft = publish(section, "مسودة عن الانتخابات", live=False)
    assert not SearchDocument.objects.filter(pk=draft.pk).exists()
    with committed():
        draft.save_revision().publish()
    assert indexed_titles(backend, "الانتخابات") == ["مسودة عن الانتخابات"]


def test_edit_and_republish_replaces_the_entry(publish, section, backend, committed):
    article = publish(section, "عنوان أول عن الزراعة")
    with committed():
        article.title = "عنوان جديد عن الصناعة"
        article.save_revision()  # a draft: readers still see the old title
    assert indexed_titles(backend, "الزراعة") == ["عنوان أول عن الزراعة"]
    with committed():
        article.get_latest_revision().publish()
    assert indexed_titles(backend, "الزراعة") == []
    assert indexed_titles(backend, "الصناعة") == ["عنوان جديد عن الصناعة"]


def test_unpublish_removes_and_republish_restores(publish, section, backend, committed):
    article = publish(section, "خبر عن الكهرباء")
    with committed():
        article.unpublish()
    assert indexed_titles(backend, "الكهرباء") == []
    with committed():
        article.save_revision().publish()
    assert indexed_titles(backend, "الكهرباء") == ["خبر عن الكهرباء"]


def test_move_updates_section_and_url(publish, home, section, committed):
    economy = make_section(home, "اقتصاد", slug="economy")
    article = publish(section, "خبر ينتقل بين القسمين")
    with committed():
        article.move(economy, pos="last-child")
    document = SearchDocument.objects.get(pk=article.pk)
    assert (document.section_id, document.section_title) == (economy.pk, "اقتصاد")
    assert document.url.startswith("/economy/")


def test_renaming_a_section_updates_its_articles(publish, section, committed):
    article = publish(section, "خبر في قسم يتغير اسمه")
    with committed():
        section.title = "شؤون سياسية"
        section.slug = "siyasa"
        section.save_revision().publish()
    document = SearchDocument.objects.get(pk=article.pk)
    assert document.section_title == "شؤون سياسية"
    assert document.url.startswith("/siyasa/")


def test_deleting_an_article_or_its_section_removes_it(publish, home, section, committed):
    kept = publish(section, "خبر يبقى")
    gone = publish(section, "خبر يحذف")
    with committed():
        ArticlePage.objects.get(pk=gone.pk).delete()
    assert set(SearchDocument.objects.values_list("pk", flat=True)) == {kept.pk}
    with committed():
        section.delete()
    assert not SearchDocument.objects.exists()


def test_aliases_and_private_articles_stay_out(publish, home, section, committed):
    other = make_section(home, "رياضة", slug="sports")
    article = publish(section, "خبر له نسخة مرآة")
    with committed():
        alias = article.create_alias(parent=other)
    assert not SearchDocument.objects.filter(pk=alias.pk).exists()
    private = publish(section, "خبر خاص بالمشتركين")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    indexing.rebuild()
    assert set(SearchDocument.objects.values_list("pk", flat=True)) == {article.pk}


def test_rebuild_command_indexes_every_live_article(section, backend):
    articles = [make_article(section, f"خبر رقم {n} عن المياه") for n in range(3)]
    make_article(section, "مسودة عن المياه", live=False)
    SearchDocument.objects.all().delete()
    out = StringIO()
    call_command("search", "rebuild", "--batch-size", "2", stdout=out)
    assert "3 articles" in out.getvalue()
    assert sorted(hit.id for hit in backend.search(parse_query("المياه"))) == sorted(
        a.pk for a in articles
    )


def test_an_indexing_failure_never_undoes_a_publication(
    publish, section, committed, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("index down")

    monkeypatch.setattr(indexing, "index_pages", broken)
    article = publish(section, "خبر ينشر رغم عطل الفهرس")
    assert ArticlePage.objects.live().filter(pk=article.pk).exists()
    assert "index down" in caplog.text
