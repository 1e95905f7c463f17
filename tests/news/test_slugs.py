"""Page slugs: Arabic kept, cleaned, unique among siblings, stable, and redirected on change."""

from urllib.parse import unquote

import pytest

from akhbar.news.models import ArticlePage, Author
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def add_article(section, title: str, slug: str = "") -> ArticlePage:
    article = ArticlePage(title=title, slug=slug, live=False)
    section.add_child(instance=article)
    return article


def test_slug_from_the_title_is_clean_arabic(section):
    article = add_article(section, "«عاجل»: وَزِيرُ الاقتصـــاد يزور حلب، اليوم!")
    assert article.slug == "عاجل-وزير-الاقتصاد-يزور-حلب-اليوم"


def test_long_titles_give_short_slugs(section):
    title = "واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة"
    assert add_article(section, title).slug == "واحد-اثنان-ثلاثة-أربعة-خمسة-ستة-سبعة-ثمانية"


def test_same_title_in_one_section_gets_a_unique_slug(section):
    first = add_article(section, "افتتاح الجسر")
    second = add_article(section, "افتتاح الجسر")
    assert (first.slug, second.slug) == ("افتتاح-الجسر", "افتتاح-الجسر-2")


def test_an_editors_slug_is_cleaned_but_kept(section):
    article = add_article(section, "عنوان", slug="مَوْسِمُ-الزيتـون")
    assert article.slug == "موسم-الزيتون"


def test_slug_stays_when_the_title_changes(section):
    article = add_article(section, "العنوان الأول")
    article.title = "عنوان آخر تماما"
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.slug == "العنوان-الأول"


def test_changing_a_slug_redirects_the_old_url(client, section, django_capture_on_commit_callbacks):
    article = make_article(section, "خبر سيغير رابطه")
    old_url = article.url
    article.slug = "رابط-جديد"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail signals on commit
        article.save_revision().publish()
    response = client.get(old_url)
    assert response.status_code == 301
    assert unquote(response["Location"]).endswith(f"{section.url}رابط-جديد/")
    assert client.get(response["Location"]).status_code == 200


def test_author_slug_comes_from_the_name():
    assert Author.objects.create(name="سَلمى الحلبي").slug == "سلمى-الحلبي"
