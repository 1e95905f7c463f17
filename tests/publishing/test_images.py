"""An image edit refreshes the pages that show it, and only those."""

import pytest
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from akhbar.core.models import NewsImage, SiteSettings
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.usefixtures("page_cache")


def image(title: str) -> NewsImage:
    return NewsImage.objects.create(title=title, file=get_test_image_file())


def cached(client, *urls: str) -> None:
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Akhbar-Cache"] == "hit", url


def describe(picture: NewsImage, text: str, capture) -> None:
    picture.description = text
    with capture(execute=True):
        picture.save()


def test_a_new_alt_text_reaches_the_article_and_the_lists_showing_it(
    client, home, section, django_capture_on_commit_callbacks
):
    photo = image("صورة الجسر")
    article = make_article(section, "افتتاح الجسر الجديد", lead_image=photo)
    # In another section, without shared tags: its page shows nothing of the article.
    unrelated = make_article(make_section(home, "رياضة", slug="sport"), "خبر بلا صورة")
    cached(client, article.url, section.url, unrelated.url)
    describe(photo, "الجسر عند الغروب", django_capture_on_commit_callbacks)
    for url in (article.url, section.url):
        response = client.get(url)
        assert response["X-Akhbar-Cache"] == "miss", url
        assert 'alt="الجسر عند الغروب"' in response.content.decode(), url
    assert client.get(unrelated.url)["X-Akhbar-Cache"] == "hit"


def test_a_writers_photo_refreshes_their_page_and_bylines(
    client, home, section, django_capture_on_commit_callbacks
):
    photo = image("صورة الكاتبة")
    writer = make_author("هدى الساعاتي", slug="huda")
    writer.photo = photo
    writer.save()
    article = make_article(section, "مقال الأسبوع", authors=[writer])
    unrelated = make_article(make_section(home, "رياضة", slug="sport"), "خبر لكاتب آخر")
    cached(client, writer.get_absolute_url(), article.url, unrelated.url)
    describe(photo, "هدى في مكتبها", django_capture_on_commit_callbacks)
    assert client.get(writer.get_absolute_url())["X-Akhbar-Cache"] == "miss"
    assert client.get(article.url)["X-Akhbar-Cache"] == "miss"
    assert client.get(unrelated.url)["X-Akhbar-Cache"] == "hit"


def test_the_site_logo_refreshes_every_page(client, section, django_capture_on_commit_callbacks):
    logo = image("شعار الموقع")
    article = make_article(section, "خبر في الموقع")
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.logo = logo
    with django_capture_on_commit_callbacks(execute=True):
        settings.save()
    cached(client, "/", article.url)
    describe(logo, "شعار جديد", django_capture_on_commit_callbacks)
    assert client.get("/")["X-Akhbar-Cache"] == "miss"
    assert client.get(article.url)["X-Akhbar-Cache"] == "miss"


def test_an_image_nobody_shows_refreshes_nothing(
    client, section, django_capture_on_commit_callbacks
):
    article = make_article(section, "خبر ثابت")
    cached(client, "/", article.url)
    describe(image("صورة في المكتبة فقط"), "لا تظهر في أي صفحة", django_capture_on_commit_callbacks)
    assert client.get("/")["X-Akhbar-Cache"] == "hit"
    assert client.get(article.url)["X-Akhbar-Cache"] == "hit"
