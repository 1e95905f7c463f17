import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from akhbar.news.models import ArticlePage
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_article_lives_under_a_section_only():
    assert ArticlePage.parent_page_types == ["news.SectionPage"]
    assert ArticlePage.subpage_types == []


@pytest.mark.parametrize(
    ("fields", "field_in_error"),
    [
        ({"source_url": "https://example.org/x"}, "source_name"),
        ({"urgent_until": timezone.now()}, "urgency"),
    ],
)
def test_inconsistent_fields_are_refused_on_save(section, fields, field_in_error):
    with pytest.raises(ValidationError) as error:
        make_article(section, **fields)
    assert field_in_error in error.value.message_dict


def test_word_count_reads_every_text_block_but_not_read_also_cards(section):
    target = make_article(section, "خبر مرتبط بكلمات كثيرة جدا")
    article = make_article(section, paragraphs=["كلمة كلمة كلمة", "كلمتان هنا"])
    article.body.append(("bullets", ["سطر أول", "سطر ثان"]))
    article.body.append(("heading", "عنوان فرعي"))
    article.body.append(("quote", {"text": "قال <b>المتحدث</b>", "attribution": "الوزير"}))
    article.body.append(("fact_box", {"title": "حقائق", "body": "<p>نص<br/>المربع</p>"}))
    article.body.append(("read_also", {"article": target, "label": "إقرأ أيضاً"}))
    assert article.word_count() == 17


def test_updated_only_when_republished_well_after_first_publication(section):
    from datetime import timedelta

    article = make_article(section)
    assert not article.was_updated
    article.last_published_at = article.first_published_at + timedelta(hours=2)
    assert article.was_updated
