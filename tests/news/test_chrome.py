"""The cached site chrome (section menu, ticker) never outlives a publish, unpublish or edit."""

import pytest
import time_machine
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


def test_later_requests_keep_the_chrome_until_any_process_drops_it(
    section, keep_connection_across_requests
):
    """Each process keeps the chrome it read while the shared version stays the same; another
    process's `forget_chrome` replaces that version and is seen by the next request."""
    from django.core.cache import cache
    from django.core.signals import request_finished, request_started

    from akhbar.news.queries import CHROME_VERSION_KEY, SECTIONS_KEY, site_sections

    def in_a_request():
        request_started.send(sender=None)
        try:
            return site_sections()
        finally:
            request_finished.send(sender=None)

    first = in_a_request()
    assert in_a_request() is first
    SectionPage = type(section)
    SectionPage.objects.filter(pk=section.pk).update(title="قسم بعنوان جديد")
    assert in_a_request() is first  # no signal yet: the same menu
    # What another process's forget_chrome() leaves in the shared cache.
    cache.delete(SECTIONS_KEY)
    cache.set(CHROME_VERSION_KEY, "another-process")
    assert [item.title for item in in_a_request()] == ["قسم بعنوان جديد"]


def test_a_ticker_item_leaves_when_its_time_is_up_without_a_signal(client, section):
    from datetime import timedelta

    from django.utils import timezone

    soon = timezone.now() + timedelta(seconds=2)
    make_article(section, "تحويلة مرورية مؤقتة", urgency="hot", urgent_until=soon)
    assert "تحويلة مرورية مؤقتة" in ticker_html(client)
    with time_machine.travel(soon + timedelta(seconds=1)):
        assert "تحويلة مرورية مؤقتة" not in ticker_html(client)


def test_header_and_footer_render_once_per_process_until_the_chrome_changes(client, section):
    """Every page shows the same header and footer: a process renders each once, until a
    change drops the chrome."""
    from django.test.signals import template_rendered

    from akhbar.news.queries import forget_chrome

    article = make_article(section, "افتتاح مكتبة عامة في الحي")
    rendered = []

    def count(sender, template, **kwargs):
        if template.name in {"components/header.html", "components/footer.html"}:
            rendered.append(template.name)

    template_rendered.connect(count)
    try:
        for _ in range(3):
            assert "افتتاح مكتبة عامة في الحي" in client.get(article.url).content.decode()
        assert sorted(rendered) == ["components/footer.html", "components/header.html"]
        forget_chrome()
        page = client.get(article.url).content.decode()
        assert len(rendered) == 4
    finally:
        template_rendered.disconnect(count)
    assert 'class="site-header"' in page
    assert 'class="site-footer"' in page


def test_each_section_keeps_its_own_highlighted_menu_item(client, home, section):
    sport = make_section(home, "رياضة", slug="sport")
    pages = {
        section.pk: make_article(section, "جلسة برلمانية طارئة"),
        sport.pk: make_article(sport, "فوز الفريق المحلي بالكأس"),
    }

    def highlighted(url: str) -> list[str]:
        html = client.get(url).content.decode()
        menu = html[html.index('class="sections"') : html.index("</nav>")]
        return [
            link.split('href="', 1)[1].split('"', 1)[0]
            for link in menu.split("<a ")[1:]
            if "aria-current" in link.split(">", 1)[0]
        ]

    for _ in range(2):  # rendered, then as kept
        assert highlighted(pages[section.pk].url) == [section.url]
        assert highlighted(pages[sport.pk].url) == [sport.url]
        assert highlighted(sport.url) == [sport.url]
        assert highlighted(home.url) == ["/"]
