"""The «مراجعة التحرير» workflow: a writer submits, an editor approves (publishes) or
requests changes with a comment that the writer then sees."""

import pytest
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from akhbar.news.models import ArticlePage
from tests.factories import make_article
from tests.newsroom.support import article_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client, writer, desk) -> ArticlePage:
    """An article a writer created and submitted for review through the editor."""
    client.force_login(writer)
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", desk.pk))
    data = article_form_data("افتتاح جسر المشاة فوق نهر العاصي", **{"action-submit": "1"})
    response = client.post(add_url, data)
    assert response.status_code == 302
    article = ArticlePage.objects.get(title="افتتاح جسر المشاة فوق نهر العاصي")
    assert article.workflow_in_progress
    assert not article.live
    client.logout()
    return article


def act(client, article: ArticlePage, action: str, comment: str = ""):
    state = article.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(article.pk, action, state.pk))
    return client.post(url, {"comment": comment})


def test_editor_sees_it_awaiting_review_and_approving_publishes(client, submitted, editor, desk):
    client.force_login(editor)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "افتتاح جسر المشاة فوق نهر العاصي" in dashboard

    response = act(client, submitted, "approve", "جاهز للنشر")
    assert response.status_code < 400
    article = ArticlePage.objects.get(pk=submitted.pk)
    assert article.live
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_APPROVED

    client.logout()
    assert "افتتاح جسر المشاة فوق نهر العاصي" in client.get("/").content.decode()
    assert "افتتاح جسر المشاة فوق نهر العاصي" in client.get(desk.url).content.decode()
    assert client.get(article.url).status_code == 200


def test_requesting_changes_returns_it_to_the_writer_with_the_comment(
    client, submitted, editor, writer
):
    client.force_login(editor)
    act(client, submitted, "reject", "أضف اسم المصدر وتاريخ الافتتاح")
    article = ArticlePage.objects.get(pk=submitted.pk)
    assert not article.live
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    rejected = TaskState.objects.get(workflow_state=state)
    assert rejected.status == TaskState.STATUS_REJECTED
    assert rejected.comment == "أضف اسم المصدر وتاريخ الافتتاح"

    client.force_login(writer)
    editor_page = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert "أضف اسم المصدر وتاريخ الافتتاح" in editor_page.content.decode()
    # The writer can edit again and resubmit.
    data = article_form_data(
        "افتتاح جسر المشاة فوق نهر العاصي", source_name="مجلس المدينة", **{"action-submit": "1"}
    )
    client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)
    article.refresh_from_db()
    assert article.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert article.get_latest_revision_as_object().source_name == "مجلس المدينة"


def test_writer_cannot_approve_nor_edit_while_in_review(client, submitted, writer):
    client.force_login(writer)
    response = act(client, submitted, "approve")
    assert response.status_code in (302, 403)
    assert not ArticlePage.objects.get(pk=submitted.pk).live

    edit_url = reverse("wagtailadmin_pages:edit", args=[submitted.pk])
    client.post(edit_url, article_form_data("عنوان غيّره الكاتب أثناء المراجعة"))
    latest = ArticlePage.objects.get(pk=submitted.pk).get_latest_revision_as_object()
    assert latest.title == "افتتاح جسر المشاة فوق نهر العاصي"


def test_revisions_can_be_compared_and_reverted(client, editor, desk):
    article = make_article(desk, "النسخة الأولى من العنوان")
    article.title = "النسخة الثانية من العنوان"
    article.save_revision(user=editor).publish(user=editor)
    first, second = article.revisions.order_by("created_at")[:2]
    client.force_login(editor)
    compare = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=(article.pk, first.pk, second.pk))
    )
    assert compare.status_code == 200
    # The comparison marks the changed word: الأولى removed, الثانية added.
    html = compare.content.decode()
    assert "الأولى" in html
    assert "الثانية" in html
    revert = client.get(reverse("wagtailadmin_pages:revisions_revert", args=(article.pk, first.pk)))
    assert revert.status_code == 200
    assert "النسخة الأولى من العنوان" in revert.content.decode()
