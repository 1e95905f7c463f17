"""Reader paths from stored url_paths equal what Wagtail's get_url() gives."""

import pytest

from akhbar.news.paths import page_path_maker
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["وزير-الخارجية-يزور-عمان", "plain-slug", "٢٠٢٦-أرقام_جديدة"])
def test_a_path_from_the_url_path_is_the_one_get_url_gives(home, slug):
    article = make_article(make_section(home, "محليات", slug="محليات"), "خبر")
    article.slug = slug
    article.save()
    assert page_path_maker(home)(article.url_path) == article.get_url()
    assert "%D9%85%D8%AD%D9%84%D9%8A%D8%A7%D8%AA" in article.get_url()  # محليات, encoded
