"""Readers never see drafts, previews or unpublished revisions; editors' preview is the
reader page itself."""

import pytest
from django.urls import reverse

from tests.factories import make_article
from tests.newsroom.support import article_form_data

pytestmark = pytest.mark.django_db


def test_draft_is_nowhere_on_the_reader_site(client, desk):
    draft = make_article(desk, "مسودة لم تُنشر بعد", live=False, urgency="breaking")
    assert client.get(draft.url or f"/politics/{draft.slug}/").status_code == 404
    for url in ("/", desk.url):
        assert "مسودة لم تُنشر بعد" not in client.get(url).content.decode()


def test_readers_see_the_live_revision_not_a_newer_draft(client, desk):
    article = make_article(desk, "العنوان المنشور")
    article.title = "عنوان المسودة الجديدة"
    article.save_revision()
    html = client.get(article.url).content.decode()
    assert "العنوان المنشور" in html
    assert "عنوان المسودة الجديدة" not in html
    assert "عنوان المسودة الجديدة" not in client.get("/").content.decode()


@pytest.mark.parametrize(
    "view",
    [
        "wagtailadmin_pages:view_draft",
        "wagtailadmin_pages:preview_on_edit",
        "wagtailadmin_pages:revisions_index",
        "wagtailadmin_pages:history",
    ],
)
def test_anonymous_users_are_sent_to_login_from_drafts_and_previews(client, desk, view):
    article = make_article(desk, "عنوان المسودة", live=False)
    response = client.get(reverse(view, args=[article.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_anonymous_users_cannot_see_a_revision(client, desk):
    article = make_article(desk, "عنوان المسودة", live=False)
    revision = article.latest_revision
    url = reverse("wagtailadmin_pages:revisions_view", args=(article.pk, revision.pk))
    response = client.get(url)
    assert response.status_code == 302
    assert "عنوان المسودة" not in response.content.decode()


def test_preview_renders_the_reader_page(client, editor, desk):
    article = make_article(desk, "خبر للمعاينة", live=False)
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
    data = article_form_data("عنوان في المعاينة فقط", dateline="حمص")
    assert client.post(url, data).json()["is_valid"]
    html = client.get(url).content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert '<h1 class="article-title">عنوان في المعاينة فقط</h1>' in html
    assert 'class="site-main"' in html
    assert "حمص" in html
    client.logout()
    assert "عنوان في المعاينة فقط" not in client.get(url).content.decode()
