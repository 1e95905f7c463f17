"""Two editors saving the same article lose nothing.

Two mechanisms, both tested: a save made from a stale editor screen is refused (Wagtail
does this for autosave; ArticleAdminForm does it for «حفظ» and «نشر» too), and Wagtail's
page lock keeps everyone but the holder from saving.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from akhbar.news.models import ArticlePage
from tests.factories import make_article
from tests.newsroom.support import article_form_data, make_member

pytestmark = pytest.mark.django_db


def open_editor(client: Client, article: ArticlePage) -> dict[str, str]:
    """Load the editor as a browser would and return the revision it was loaded from."""
    html = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
        for name in ("loaded_revision_id", "loaded_revision_created_at")
    }


def save(client: Client, article: ArticlePage, loaded: dict[str, str], **fields):
    data = article_form_data(fields.pop("title", article.title), **fields)
    return client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), {**data, **loaded})


def test_second_save_from_a_stale_screen_is_refused_and_keeps_its_text(editor, desk):
    article = make_article(desk, "اجتماع مجلس المحافظة")
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(make_member("محرر", username="second-editor"))
    loaded_first, loaded_second = open_editor(first, article), open_editor(second, article)

    assert save(first, article, loaded_first, dek="موجز أضافه المحرر الأول").status_code == 302
    refused = save(second, article, loaded_second, title="عنوان كتبه المحرر الثاني")

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "نسخة أحدث" in html
    assert "editor" in html, "the message names who saved in between"
    assert "عنوان كتبه المحرر الثاني" in html, "the second editor's text is still in the form"
    latest = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert latest.dek == "موجز أضافه المحرر الأول"
    assert latest.title == "اجتماع مجلس المحافظة"

    # Saving again from the refreshed screen is a deliberate choice; both versions stay.
    reloaded = {
        name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
        for name in ("loaded_revision_id", "loaded_revision_created_at")
    }
    assert save(second, article, reloaded, title="عنوان كتبه المحرر الثاني").status_code == 302
    titles_and_deks = [
        (revision.content["title"], revision.content["dek"])
        for revision in ArticlePage.objects.get(pk=article.pk).revisions.order_by("created_at")
    ]
    assert ("اجتماع مجلس المحافظة", "موجز أضافه المحرر الأول") in titles_and_deks
    assert titles_and_deks[-1][0] == "عنوان كتبه المحرر الثاني"


def test_a_save_from_an_up_to_date_screen_goes_through(client, editor, desk):
    article = make_article(desk, "اجتماع مجلس المحافظة")
    client.force_login(editor)
    loaded = open_editor(client, article)
    assert save(client, article, loaded, dek="موجز جديد").status_code == 302
    loaded = open_editor(client, article)
    assert save(client, article, loaded, dek="موجز أحدث").status_code == 302
    assert ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object().dek == (
        "موجز أحدث"
    )


def test_an_editors_own_newer_save_is_not_a_conflict(client, editor, desk):
    # Typically their own autosave landing just before they click «حفظ».
    article = make_article(desk, "اجتماع مجلس المحافظة")
    client.force_login(editor)
    loaded = open_editor(client, article)
    assert save(client, article, loaded, dek="حفظ تلقائي").status_code == 302
    assert save(client, article, loaded, dek="حفظ يدوي").status_code == 302
    assert ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object().dek == (
        "حفظ يدوي"
    )


def test_a_locked_article_can_only_be_saved_by_the_holder(editor, chief, desk):
    article = make_article(desk, "تحقيق عن أسعار الخبز")
    holder, other = Client(), Client()
    holder.force_login(editor)
    other.force_login(make_member("محرر", username="second-editor"))
    holder.post(reverse("wagtailadmin_pages:lock", args=[article.pk]))
    assert ArticlePage.objects.get(pk=article.pk).locked

    refused = save(other, article, open_editor(other, article), dek="تعديل أثناء القفل")
    assert refused.status_code == 200
    assert ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object().dek != (
        "تعديل أثناء القفل"
    )
    assert save(
        holder, article, open_editor(holder, article), dek="تعديل صاحب القفل"
    ).status_code == (302)

    # Only the editor-in-chief may break someone else's lock.
    other.post(reverse("wagtailadmin_pages:unlock", args=[article.pk]))
    assert ArticlePage.objects.get(pk=article.pk).locked
    chief_client = Client()
    chief_client.force_login(chief)
    chief_client.post(reverse("wagtailadmin_pages:unlock", args=[article.pk]))
    assert not ArticlePage.objects.get(pk=article.pk).locked
