"""The admin speaks Arabic, right to left, whatever the browser asks for; English is a
per-user choice in the account settings."""

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def test_login_page_is_arabic_for_an_english_browser(client):
    html = client.get(reverse("wagtailadmin_login"), **ENGLISH_BROWSER).content.decode()
    assert '<html lang="ar" dir="rtl"' in html


def test_dashboard_is_arabic_by_default(client, writer):
    client.force_login(writer)
    html = client.get(reverse("wagtailadmin_home"), **ENGLISH_BROWSER).content.decode()
    assert '<html lang="ar" dir="rtl"' in html


def test_a_user_may_choose_english(client, editor):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert '<html lang="en" dir="ltr"' in html


def test_account_settings_offer_arabic_and_english_only(client, editor):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_account")).content.decode()
    assert 'value="ar"' in html
    assert 'value="en"' in html
    assert 'value="fr"' not in html
