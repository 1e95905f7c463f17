"""The reader route: an article found in one query, everything else answered as Wagtail does.

Each case is asked through the client (the real URL conf, Wagtail's serve and its hooks);
the cheap route's own answers are checked on `article_route` directly.
"""

import time
from urllib.parse import quote, unquote

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, Site

from akhbar.core.models import FooterLink, SiteSettings, StandardPage
from akhbar.news.queries import (
    CHROME_TIMEOUT,
    CHROME_VERSION_KEY,
    SECTIONS_KEY,
    default_site,
    remember_chrome,
    site_sections,
    stop_remembering_chrome,
)
from akhbar.news.routing import article_route, prime_site
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def routed(path: str):
    """What the cheap route answers for `path` (None: left to Wagtail)."""
    request = RequestFactory().get(path)
    prime_site(request)
    return article_route(request, path.lstrip("/"))


def test_an_article_is_routed_in_one_query_with_its_section_attached(
    section, django_assert_num_queries
):
    article = make_article(section, "افتتاح جسر الرستن بعد ترميمه")
    site_sections()
    default_site()
    with django_assert_num_queries(1):
        page, args, kwargs = routed(article.url)
        assert page.get_parent().pk == section.pk
    assert page.pk == article.pk
    assert (args, kwargs) == ([], {})
    with django_assert_num_queries(0):  # the cached private paths show it is public
        assert not page.get_view_restrictions()


def test_the_article_page_answers_as_before(client, section):
    article = make_article(section, "افتتاح جسر الرستن بعد ترميمه")
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "افتتاح جسر الرستن بعد ترميمه" in html
    assert section.title in html


@pytest.mark.parametrize("encode", [False, True], ids=["raw", "percent-encoded"])
def test_an_arabic_slug_is_found_raw_and_percent_encoded(client, home, encode):
    section = make_section(home, "رياضة", slug="رياضة")
    article = make_article(section, "فوز فريق حماة")
    article.slug = "فوز-فريق-حماة"
    article.save_revision().publish()
    article.refresh_from_db()
    path = "/رياضة/فوز-فريق-حماة/"
    assert unquote(article.url) == path
    assert routed(path).page.pk == article.pk
    response = client.get(quote(path) if encode else path)
    assert response.status_code == 200
    assert "فوز فريق حماة" in response.content.decode()


def test_a_draft_is_not_found(client, section):
    draft = make_article(section, "خبر لم ينشر بعد", live=False)
    assert routed(f"/{section.slug}/{draft.slug}/") is None
    assert client.get(f"/{section.slug}/{draft.slug}/").status_code == 404


def test_an_unknown_article_or_section_is_not_found(client, section):
    assert client.get(f"/{section.slug}/no-such-article/").status_code == 404
    assert client.get("/no-such-section/no-such-article/").status_code == 404


def test_a_missing_trailing_slash_redirects(client, section):
    article = make_article(section)
    response = client.get(article.url.rstrip("/"))
    assert response.status_code == 301
    assert response.headers["Location"] == article.url


def test_a_private_article_sends_the_reader_to_log_in(client, section):
    article = make_article(section, "خبر للمشتركين")
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    page = routed(article.url).page
    assert page.pk == article.pk  # Wagtail's hooks still run after it
    assert not page.known_public
    response = client.get(article.url)
    assert response.status_code == 302
    assert "/_util/login/" in response.headers["Location"]


def test_an_article_of_a_private_section_takes_wagtails_route(client, home):
    private = make_section(home, "أرشيف داخلي", slug="internal")
    article = make_article(private, "مذكرة داخلية")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert routed(article.url) is None
    response = client.get(article.url)
    assert response.status_code == 302
    assert "/_util/login/" in response.headers["Location"]


def test_a_redirect_from_an_old_address_still_redirects(client, section):
    article = make_article(section)
    Redirect.objects.create(old_path=f"/{section.slug}/old-address", redirect_page=article)
    response = client.get(f"/{section.slug}/old-address/")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(article.url)


def test_an_alias_is_served_as_wagtail_serves_it(client, home, section):
    article = make_article(section, "قرار رفع أسعار الخبز")
    sport = make_section(home, "اقتصاد", slug="economy")
    alias = article.create_alias(parent=sport)
    response = client.get(f"/economy/{alias.slug}/")
    assert response.status_code == 200
    assert "قرار رفع أسعار الخبز" in response.content.decode()


def test_an_alias_of_a_private_article_sends_the_reader_to_log_in(client, home, section):
    article = make_article(section, "تقرير للمشتركين")
    sport = make_section(home, "اقتصاد", slug="economy")
    alias = article.create_alias(parent=sport)
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    assert not routed(f"/economy/{alias.slug}/").page.known_public
    response = client.get(f"/economy/{alias.slug}/")
    assert response.status_code == 302
    assert "/_util/login/" in response.headers["Location"]


def test_home_sections_and_plain_pages_take_wagtails_route(client, home, section):
    page = home.add_child(instance=StandardPage(title="من نحن", slug="about", body="<p>نحن.</p>"))
    page.save_revision().publish()
    for path in ("/", section.url, page.url):
        assert routed(path) is None
        assert client.get(path).status_code == 200


def test_a_renamed_section_shows_and_routes_on_the_next_render(client, home, section):
    article = make_article(section, "جلسة طارئة لمجلس المحافظة")
    assert client.get(article.url).status_code == 200
    old_url, stale_sections = article.url, site_sections()
    section.title, section.slug = "شؤون محلية", "local"
    section.save_revision().publish()
    article.refresh_from_db()
    response = client.get(article.url)
    assert response.status_code == 200
    assert "شؤون محلية" in response.content.decode()
    # Another process may still hold the old menu: its slug no longer routes the article.
    cache.set(SECTIONS_KEY, (stale_sections, time.time() + CHROME_TIMEOUT))
    cache.delete(CHROME_VERSION_KEY)  # this process reads the menu from the cache again
    assert routed(old_url) is None
    assert client.get(old_url).status_code in (301, 302, 404)
    assert client.get(article.url).status_code == 200


def test_changed_site_settings_show_on_the_next_render(client, section):
    article = make_article(section)
    assert "نشرة الصباح" not in client.get(article.url).content.decode()
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    settings.tagline = "نشرة الصباح"
    settings.save()
    FooterLink.objects.create(settings=settings, label="اتصل بنا", url="/contact/")
    site.site_name = "أخبار الساحل"
    site.save()
    html = client.get(article.url).content.decode()
    assert "نشرة الصباح" in html
    assert "اتصل بنا" in html
    assert "أخبار الساحل" in html


def test_with_several_sites_wagtail_matches_the_host(client, home, section):
    article = make_article(section)
    Site.objects.create(hostname="other.example", port=80, root_page=home, site_name="آخر")
    assert default_site() is None
    assert client.get(article.url).status_code == 200


def test_a_page_url_is_worked_out_once_per_request_and_follows_a_new_path(section, monkeypatch):
    calls = []
    original = Page.get_url_parts

    def counted(page, request=None):
        calls.append(page.pk)
        return original(page, request)

    monkeypatch.setattr(Page, "get_url_parts", counted)
    request = RequestFactory().get("/")
    assert section.get_url(request) == section.get_url(request) == "/politics/"
    assert len(calls) == 1
    section.url_path = section.url_path.replace("/politics/", "/local/")
    assert section.get_url(request) == "/local/"
    assert section.get_url(RequestFactory().get("/")) == "/local/"
    assert len(calls) == 3


def test_requests_sharing_the_cached_site_keep_a_sections_url_until_the_chrome_changes(
    section, monkeypatch
):
    """The menu's sections and every request's site root paths come from the process's
    cached chrome (`prime_site`): a section's address is worked out once per chrome."""
    calls = []
    original = Page.get_url_parts

    def counted(page, request=None):
        calls.append(page.pk)
        return original(page, request)

    def menu_urls() -> list[str]:
        # What request_started and request_finished do for the chrome; sending them would
        # also close the test's database connection, which PostgreSQL's tests hold open.
        remember_chrome()
        try:
            request = RequestFactory().get("/")
            prime_site(request)
            return [item.get_full_url(request) for item in site_sections()]
        finally:
            stop_remembering_chrome()

    monkeypatch.setattr(Page, "get_url_parts", counted)
    assert menu_urls() == menu_urls() == ["http://testserver/politics/"]
    assert len(calls) == 1
    site = Site.objects.get()
    site.port = 8080  # the same pages at another address; saving drops the chrome
    site.save()
    assert menu_urls() == ["http://testserver:8080/politics/"]
    assert len(calls) == 2
