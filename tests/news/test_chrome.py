"""The cached site chrome (section menu, ticker) never outlives a publish, unpublish or edit."""

import pytest
from django.contrib.auth import get_user_model

from akhbar.news.queries import current_ticker, menu_sections
from akhbar.newsroom.services import end_ticker_item
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def ticker_html(client) -> str:
    html = client.get("/").content.decode()
    return html[html.index('class="ticker-slot"') : html.index('id="main"')]


def test_chrome_is_computed_once_then_served_from_the_cache(section, django_assert_num_queries):
    make_article(section, "حريق في سوق الخضار", urgency="breaking")
    assert [item.title for item in current_ticker(5)] == ["حريق في سوق الخضار"]
    assert [item.pk for item in menu_sections()] == [section.pk]
    with django_assert_num_queries(0):
        assert [item.title for item in current_ticker(5)] == ["حريق في سوق الخضار"]
        assert [item.pk for item in menu_sections()] == [section.pk]


def test_a_published_breaking_item_shows_on_the_next_render(client, section):
    assert "وصول قافلة المساعدات" not in ticker_html(client)
    make_article(section, "وصول قافلة المساعدات", urgency="breaking")
    assert "وصول قافلة المساعدات" in ticker_html(client)


def test_an_ended_ticker_item_leaves_on_the_next_render(client, section):
    article = make_article(section, "إغلاق الطريق الدولي", urgency="breaking")
    assert "إغلاق الطريق الدولي" in ticker_html(client)
    chief = get_user_model().objects.create_superuser("chief-chrome")
    end_ticker_item(article, by=chief)
    assert "إغلاق الطريق الدولي" not in ticker_html(client)


def test_the_menu_follows_a_published_and_an_unpublished_section(client, home, section):
    assert "رياضة" not in client.get(section.url).content.decode()
    sport = make_section(home, "رياضة", slug="sport")
    assert "رياضة" in client.get(section.url).content.decode()
    sport.unpublish()
    assert "رياضة" not in client.get(section.url).content.decode()


def test_a_request_reads_the_chrome_from_the_cache_once(
    section, django_assert_num_queries, keep_connection_across_requests
):
    from django.core.signals import request_finished, request_started

    from akhbar.news.queries import forget_chrome, site_sections

    assert site_sections() is not site_sections()  # outside a request: the cache each time
    request_started.send(sender=None)
    try:
        sections = site_sections()
        assert site_sections() is sections
        forget_chrome()  # a change inside the request is seen at once
        with django_assert_num_queries(2):  # the sections and the private paths
            assert [item.pk for item in site_sections()] == [section.pk]
    finally:
        request_finished.send(sender=None)
    assert site_sections() is not site_sections()
