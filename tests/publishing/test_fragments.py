"""The ticker and most-read fragments refresh on desk actions and expiry, not whole pages."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.utils import timezone

from akhbar.news.models import Urgency
from akhbar.newsroom.services import end_ticker_item
from akhbar.publishing.signals import refresh_fragments
from tests.factories import make_article


@pytest.fixture
def chief(db):
    return User.objects.create_superuser("chief", password="x")  # noqa: S106


def ticker_file(root):
    return (root / "fragments/ticker/index.html").read_text()


def test_a_ticker_desk_action_rewrites_the_fragment_only(
    section, chief, publish_root, django_capture_on_commit_callbacks
):
    article = make_article(section, "عاجل: زلزال خفيف في الشمال", urgency=Urgency.BREAKING)
    with django_capture_on_commit_callbacks(execute=True):
        refresh_fragments()
    assert "زلزال خفيف في الشمال" in ticker_file(publish_root)
    home_page = publish_root / "index.html"
    assert not home_page.exists()
    with django_capture_on_commit_callbacks(execute=True):
        end_ticker_item(article, by=chief)
    assert "زلزال خفيف في الشمال" not in ticker_file(publish_root)


def test_expired_items_leave_the_fragment_at_the_next_scheduler_tick(section, publish_root):
    make_article(
        section,
        "إغلاق طريق المطار مؤقتاً",
        urgency=Urgency.HOT,
        urgent_until=timezone.now() + timedelta(minutes=10),
    )
    refresh_fragments()
    assert "إغلاق طريق المطار مؤقتاً" in ticker_file(publish_root)
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        refresh_fragments()
    assert "إغلاق طريق المطار مؤقتاً" not in ticker_file(publish_root)


def test_pages_embed_the_ticker_without_recording_it(client, home, section):
    from akhbar.publishing.rendering import render
    from tests.factories import make_section

    economy = make_section(home, "اقتصاد", slug="economy")
    on_ticker = make_article(economy, "انقطاع الكهرباء في المدينة", urgency=Urgency.HOT)
    other = make_article(section, "افتتاح حديقة عامة")
    rendering = render(other.url)
    html = rendering.body.decode()
    assert 'data-fragment="/fragments/ticker/"' in html
    assert "انقطاع الكهرباء في المدينة" in html
    assert other.pk in rendering.shown
    assert on_ticker.pk not in rendering.shown
    fragment = client.get("/fragments/ticker/").content.decode()
    assert "انقطاع الكهرباء في المدينة" in fragment
    assert "<html" not in fragment
