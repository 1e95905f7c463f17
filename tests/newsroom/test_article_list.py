"""«الأخبار»: one list of every article, and «إضافة» that asks for the section first."""

import pytest
from django.urls import reverse

from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def test_article_list_shows_articles(client, writer, desk):
    make_article(desk, "خبر في القائمة")
    client.force_login(writer)
    listing = client.get(reverse("articles:index"))
    assert listing.status_code == 200
    assert "خبر في القائمة" in listing.content.decode()


def test_adding_an_article_asks_for_one_of_the_writers_sections(client, writer, desk, site_home):
    sport = make_section(site_home, "رياضة", slug="sport")
    client.force_login(writer)
    assert client.get(reverse("articles:choose_parent")).status_code == 200
    response = client.post(reverse("articles:choose_parent"), {"parent_page": sport.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtailadmin_pages:add", args=("news", "articlepage", sport.pk)
    )


def test_with_a_single_section_adding_goes_straight_to_the_editor(client, writer, desk):
    client.force_login(writer)
    response = client.get(reverse("articles:choose_parent"))
    assert response["Location"] == reverse(
        "wagtailadmin_pages:add", args=("news", "articlepage", desk.pk)
    )
