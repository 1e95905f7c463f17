"""Changes every page shows (settings, menu, privacy) refresh the whole site, once."""

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from akhbar.core.models import SiteSettings
from akhbar.publishing.sitewide import refresh_site
from tests.factories import make_article
from tests.publishing.conftest import PAGE_CACHE
from tests.publishing.test_correctness import published_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(newsroom, publish_root, home):
    """Two articles in each of three sections, published as files, the site's digest kept."""
    sections, _ = newsroom
    titles = {
        "politics": ["مجلس الوزراء يقر الموازنة", "جولة جديدة من المفاوضات"],
        "economy": ["افتتاح سوق للمنتجات الريفية", "نمو الصادرات الزراعية"],
        "culture": ["أمسية شعرية في المركز الثقافي", "معرض لصور المدينة القديمة"],
    }
    articles = {
        title: make_article(sections[slug], title)
        for slug, names in titles.items()
        for title in names
    }
    refresh_site()
    call_command("publish", "--all", verbosity=0)
    return sections, articles


def pages(root) -> dict[str, tuple[int, bytes]]:
    return {name: file for name, file in published_files(root).items() if name.endswith(".html")}


def test_a_renamed_section_rewrites_every_page_with_the_menu(
    published, publish_root, django_capture_on_commit_callbacks
):
    sections, _ = published
    before = pages(publish_root)
    with_menu = {name for name, (_, body) in before.items() if "اقتصاد".encode() in body}
    assert len(with_menu) > 6, "every article page and list shows the menu"

    sections["economy"].title = "المال والأعمال"
    with django_capture_on_commit_callbacks(execute=True):
        sections["economy"].save_revision().publish()

    after = pages(publish_root)
    for name in with_menu:
        assert after[name][0] != before[name][0], name
        assert "المال والأعمال".encode() in after[name][1], name


def test_a_section_edit_that_keeps_the_menu_leaves_articles_alone(
    published, publish_root, django_capture_on_commit_callbacks
):
    sections, articles = published
    before = pages(publish_root)
    with django_capture_on_commit_callbacks(execute=True):
        sections["economy"].save_revision().publish()
    after = pages(publish_root)
    article = articles["مجلس الوزراء يقر الموازنة"]
    name = f"{article.url.strip('/')}/index.html"
    assert after[name][0] == before[name][0]


def test_site_settings_reach_every_page(
    published, publish_root, home, django_capture_on_commit_callbacks
):
    site_settings = SiteSettings.for_site(home.get_site())
    site_settings.copyright_notice = "حقوق النشر محفوظة لأسرة التحرير"
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()
    after = pages(publish_root)
    with_footer = [name for name, (_, body) in after.items() if b"<footer" in body]
    assert len(with_footer) > 6
    for name in with_footer:
        assert "حقوق النشر محفوظة لأسرة التحرير".encode() in after[name][1], name


def test_a_section_made_private_leaves_no_file_showing_it(
    published, publish_root, django_capture_on_commit_callbacks
):
    sections, articles = published
    private = ["أمسية شعرية في المركز الثقافي", "معرض لصور المدينة القديمة"]
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=sections["culture"], restriction_type=PageViewRestriction.LOGIN
        )
    for title in private:
        assert not (publish_root / articles[title].url.strip("/") / "index.html").exists()
    for name, (_, body) in published_files(publish_root).items():
        for title in private:
            assert title.encode() not in body, name


def test_the_page_cache_drops_every_page_at_once(
    settings, client, published, django_capture_on_commit_callbacks
):
    sections, articles = published
    settings.AKHBAR_PUBLISH_BACKENDS = {"cache": {"BACKEND": PAGE_CACHE}}
    url = articles["نمو الصادرات الزراعية"].url
    client.get(url)
    assert client.get(url)["X-Akhbar-Cache"] == "hit"
    sections["politics"].title = "شؤون سياسية"
    with django_capture_on_commit_callbacks(execute=True):
        sections["politics"].save_revision().publish()
    response = client.get(url)
    assert response["X-Akhbar-Cache"] == "miss"
    assert "شؤون سياسية" in response.content.decode()
