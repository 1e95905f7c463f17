"""The permission matrix: each role tries each action through the real admin views.

An action counts as allowed only when its effect is in the database afterwards; a refusal
must be a redirect or a re-rendered form, never a server error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from akhbar.core.models import HomePage, SiteSettings
from akhbar.news.models import ArticlePage, SectionPage
from akhbar.newsroom.roles import CHIEF, EDITOR, WRITER
from tests.factories import make_article, make_section
from tests.newsroom.support import article_form_data, make_member

pytestmark = pytest.mark.django_db


@dataclass
class Newsroom:
    client: Client
    actor: object
    home: HomePage
    section: SectionPage
    other_section: SectionPage
    colleague: object

    def own_draft(self) -> ArticlePage:
        return owned(make_article(self.section, "مسودة الممثل", live=False), self.actor)

    def colleagues_draft(self) -> ArticlePage:
        return owned(make_article(self.section, "مسودة الزميل", live=False), self.colleague)

    def colleagues_live_article(self) -> ArticlePage:
        return owned(make_article(self.section, "خبر منشور للزميل"), self.colleague)


def owned(article: ArticlePage, user) -> ArticlePage:
    ArticlePage.objects.filter(pk=article.pk).update(owner=user)
    article.refresh_from_db()
    return article


def checked(response) -> None:
    assert response.status_code < 500, response.content[:2000]


def latest_title(article: ArticlePage) -> str:
    return ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object().title


def edit(room: Newsroom, article: ArticlePage, **data) -> None:
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    checked(room.client.post(url, article_form_data(**data)))


def create_draft(room: Newsroom) -> bool:
    url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", room.section.pk))
    checked(room.client.post(url, article_form_data("خبر جديد من غرفة الأخبار")))
    return ArticlePage.objects.filter(title="خبر جديد من غرفة الأخبار").exists()


def edit_own_draft(room: Newsroom) -> bool:
    article = room.own_draft()
    edit(room, article, title="عنوان معدّل")
    return latest_title(article) == "عنوان معدّل"


def edit_colleagues_draft(room: Newsroom) -> bool:
    article = room.colleagues_draft()
    edit(room, article, title="عنوان معدّل")
    return latest_title(article) == "عنوان معدّل"


def edit_in_other_section(room: Newsroom) -> bool:
    article = owned(make_article(room.other_section, "خبر في قسم آخر", live=False), room.colleague)
    edit(room, article, title="عنوان معدّل")
    return latest_title(article) == "عنوان معدّل"


def submit_for_review(room: Newsroom) -> bool:
    article = room.own_draft()
    edit(room, article, title=article.title, **{"action-submit": "1"})
    return ArticlePage.objects.get(pk=article.pk).workflow_in_progress


def publish(room: Newsroom) -> bool:
    article = room.own_draft()
    edit(room, article, title=article.title, **{"action-publish": "1"})
    return ArticlePage.objects.get(pk=article.pk).live


def unpublish(room: Newsroom) -> bool:
    article = room.colleagues_live_article()
    url = reverse("wagtailadmin_pages:unpublish", args=[article.pk])
    checked(room.client.post(url))
    return not ArticlePage.objects.get(pk=article.pk).live


def delete_own_draft(room: Newsroom) -> bool:
    article = room.own_draft()
    checked(room.client.post(reverse("wagtailadmin_pages:delete", args=[article.pk])))
    return not ArticlePage.objects.filter(pk=article.pk).exists()


def delete_published(room: Newsroom) -> bool:
    article = room.colleagues_live_article()
    checked(room.client.post(reverse("wagtailadmin_pages:delete", args=[article.pk])))
    return not ArticlePage.objects.filter(pk=article.pk).exists()


def edit_site_settings(room: Newsroom) -> bool:
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=("core", "sitesettings", site.pk))
    response = room.client.get(url)
    checked(response)
    if response.status_code != 200:
        return False
    data = resubmission(response.context["form"])
    data["tagline"] = "شعار جديد"
    checked(room.client.post(url, data))
    return SiteSettings.for_site(site).tagline == "شعار جديد"


def add_section(room: Newsroom) -> bool:
    url = reverse("wagtailadmin_pages:add", args=("news", "sectionpage", room.home.pk))
    data = nested_form_data(
        {
            "title": "قسم جديد",
            "slug": "new-section",
            "intro": "",
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            "comments": inline_formset([]),
        }
    )
    checked(room.client.post(url, data))
    return SectionPage.objects.filter(slug="new-section").exists()


def manage_users(room: Newsroom) -> bool:
    data = {
        "username": "new-reporter",
        "email": "reporter@example.org",
        "first_name": "سمر",
        "last_name": "الخطيب",
        "password1": "a-long-passphrase-1984",
        "password2": "a-long-passphrase-1984",
        "groups": [],
    }
    checked(room.client.post(reverse("wagtailusers_users:add"), data))
    return get_user_model().objects.filter(username="new-reporter").exists()


def resubmission(form) -> dict:
    """POST data that submits a Wagtail form (with its inline formsets) unchanged."""
    data: dict = {}
    for bound in [*form, *_formset_fields(form)]:
        value = bound.value()
        if value is None or value is False:
            continue
        data[bound.html_name] = "on" if value is True else value
    return data


def _formset_fields(form):
    for formset in getattr(form, "formsets", {}).values():
        yield from formset.management_form
        for child in formset.forms:
            yield from child


ACTIONS: dict[str, Callable[[Newsroom], bool]] = {
    "create draft": create_draft,
    "edit own draft": edit_own_draft,
    "edit a colleague's draft": edit_colleagues_draft,
    "edit outside own sections": edit_in_other_section,
    "submit for review": submit_for_review,
    "publish": publish,
    "unpublish": unpublish,
    "delete own draft": delete_own_draft,
    "delete a published article": delete_published,
    "edit site settings": edit_site_settings,
    "add a section": add_section,
    "manage users": manage_users,
}

# The editor in this matrix works on one desk («سياسة»): their group's permission on the
# other section is removed, as an editor-in-chief would do for a desk editor.
MATRIX = {
    WRITER: {
        "create draft": True,
        "edit own draft": True,
        "edit a colleague's draft": False,
        "edit outside own sections": False,
        "submit for review": True,
        "publish": False,
        "unpublish": False,
        "delete own draft": True,
        "delete a published article": False,
        "edit site settings": False,
        "add a section": False,
        "manage users": False,
    },
    EDITOR: {
        "create draft": True,
        "edit own draft": True,
        "edit a colleague's draft": True,
        "edit outside own sections": False,
        "submit for review": True,
        "publish": True,
        "unpublish": True,
        "delete own draft": True,
        "delete a published article": True,
        "edit site settings": False,
        "add a section": False,
        "manage users": False,
    },
    CHIEF: dict.fromkeys(ACTIONS, True),
    None: dict.fromkeys(ACTIONS, False),
}


@pytest.mark.parametrize("role", MATRIX, ids=lambda role: role or "no role")
@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix(client, site_home, role, action):
    section = make_section(site_home, "سياسة", slug="politics")
    other_section = make_section(site_home, "رياضة", slug="sports")
    narrow_editors_to(section)
    actor = make_member(role, username="actor")
    client.force_login(actor)
    room = Newsroom(client, actor, site_home, section, other_section, make_member(WRITER))
    assert ACTIONS[action](room) is MATRIX[role][action]


def narrow_editors_to(section: SectionPage) -> None:
    GroupPagePermission.objects.filter(group__name=EDITOR).exclude(page=section).delete()


def test_new_sections_open_to_writers_and_editors_only(site_home):
    section = make_section(site_home, "ثقافة", slug="culture")
    writer, editor, chief = (make_member(role) for role in (WRITER, EDITOR, CHIEF))
    assert section.permissions_for_user(writer).can_add_subpage()
    assert not section.permissions_for_user(writer).can_publish_subpage()
    assert section.permissions_for_user(editor).can_publish_subpage()
    assert site_home.permissions_for_user(chief).can_add_subpage()
    assert not site_home.permissions_for_user(editor).can_add_subpage()


def test_roles_and_workflow_come_from_migrations(site_home):
    assert set(Group.objects.values_list("name", flat=True)) == {WRITER, EDITOR, CHIEF}
    workflow = Page.objects.get(pk=site_home.pk).get_workflow()
    assert workflow.name == "مراجعة التحرير"
    [task] = [task.specific for task in workflow.tasks]
    assert set(task.groups.values_list("name", flat=True)) == {EDITOR, CHIEF}
