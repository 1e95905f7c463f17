"""Breaking news in one step, onto the ticker and the home page; expiry, end now, reorder."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from akhbar.news.models import ArticlePage
from akhbar.news.queries import ticker_items
from akhbar.newsroom.services import end_ticker_item
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

HEADLINE = "انقطاع المياه عن أحياء المدينة القديمة حتى المساء"


def ticker_text(html: str) -> str:
    """The text of the reader site's ticker strip, empty when there is none."""
    match = re.search(r'<section class="ticker.*?</section>', html, re.DOTALL)
    return match.group(0) if match else ""


def post_breaking(client, section, **fields):
    data = {
        "headline": HEADLINE,
        "line": "أعلنت مؤسسة المياه أن الضخ يعود عند السادسة.",
        "section": section.pk,
        "urgency": "breaking",
        "minutes": "30",
        **fields,
    }
    return client.post(reverse("newsroom:breaking"), data)


def test_breaking_form_publishes_onto_ticker_and_home(client, editor, desk):
    client.force_login(editor)
    assert client.get(reverse("newsroom:breaking")).status_code == 200
    response = post_breaking(client, desk)
    assert response.status_code == 302
    article = ArticlePage.objects.get(title=HEADLINE)
    assert article.live
    assert article.owner == editor
    assert article.get_parent().pk == desk.pk
    assert article.urgency == "breaking"
    assert ticker_items(8)[0].pk == article.pk

    client.logout()
    home = client.get("/").content.decode()
    assert HEADLINE in ticker_text(home)
    assert "عاجل" in ticker_text(home)
    assert client.get(article.url).status_code == 200


def test_expiry_takes_it_off_the_ticker(client, editor, desk):
    client.force_login(editor)
    post_breaking(client, desk, minutes="30")
    client.logout()
    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        assert ticker_items(8) == []
        assert HEADLINE not in ticker_text(client.get("/").content.decode())
    article = ArticlePage.objects.get(title=HEADLINE)
    assert client.get(article.url).status_code == 200, "it stays published"


def test_writers_cannot_use_the_breaking_form(client, writer, desk):
    client.force_login(writer)
    assert client.get(reverse("newsroom:breaking")).status_code == 302
    post_breaking(client, desk)
    assert not ArticlePage.objects.filter(title=HEADLINE).exists()
    assert client.get(reverse("newsroom:ticker")).status_code == 302
    assert "خبر عاجل" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_editors_cannot_publish_breaking_news_outside_their_sections(client, editor, desk):
    sport = make_section(desk.get_parent().specific, "رياضة", slug="sport")
    GroupPagePermission.objects.filter(page=sport).delete()
    client.force_login(editor)
    response = post_breaking(client, sport)
    assert response.status_code == 200
    assert "section" in response.context["form"].errors
    assert not ArticlePage.objects.filter(title=HEADLINE).exists()


def test_end_now_takes_it_off_the_ticker_for_good(client, editor, desk):
    article = make_article(desk, "حريق في سوق الخضار", urgency="hot")
    client.force_login(editor)
    desk_page = client.get(reverse("newsroom:ticker")).content.decode()
    assert "حريق في سوق الخضار" in desk_page
    client.post(reverse("newsroom:ticker_change", args=(article.pk, "end")))
    article.refresh_from_db()
    assert article.live
    assert article.urgent_until <= timezone.now()
    assert ticker_items(8) == []
    # The ending is a published revision: re-publishing the latest revision keeps it off.
    article.get_latest_revision().publish()
    assert ticker_items(8) == []


def test_end_now_keeps_a_pending_draft_and_its_review(client, editor, writer, desk):
    article = make_article(desk, "العنوان المنشور", urgency="breaking")
    draft = article.get_latest_revision_as_object()
    draft.title = "عنوان المسودة قيد المراجعة"
    draft.save_revision(user=writer)
    article.refresh_from_db()
    article.get_workflow().start(article, writer)
    end_ticker_item(article, by=editor)

    article.refresh_from_db()
    assert article.title == "العنوان المنشور"
    assert ticker_items(8) == []
    assert article.workflow_in_progress, "ending the ticker item must not cancel the review"
    pending = article.get_latest_revision_as_object()
    assert pending.title == "عنوان المسودة قيد المراجعة"
    assert pending.urgent_until is not None
    article.current_workflow_task_state.approve(user=editor)
    article.refresh_from_db()
    assert article.title == "عنوان المسودة قيد المراجعة"
    assert ticker_items(8) == [], "approving the draft must not bring the item back"


def test_reorder_by_making_an_item_breaking_or_hot(client, editor, desk):
    older = make_article(
        desk, "خبر ساخن أقدم", urgency="hot", published_at=timezone.now() - timedelta(hours=1)
    )
    newer = make_article(desk, "خبر ساخن أحدث", urgency="hot")
    assert [item.pk for item in ticker_items(8)] == [newer.pk, older.pk]
    client.force_login(editor)
    client.post(reverse("newsroom:ticker_change", args=(older.pk, "breaking")))
    assert [item.pk for item in ticker_items(8)] == [older.pk, newer.pk]
    client.post(reverse("newsroom:ticker_change", args=(older.pk, "hot")))
    assert [item.pk for item in ticker_items(8)] == [newer.pk, older.pk]


def test_writers_cannot_change_the_ticker(client, writer, desk):
    article = make_article(desk, "خبر ساخن", urgency="hot")
    client.force_login(writer)
    response = client.post(reverse("newsroom:ticker_change", args=(article.pk, "end")))
    assert response.status_code in (302, 403)
    assert ticker_items(8)[0].pk == article.pk


def test_editors_move_items_up_and_down_within_their_kind(client, editor, desk):
    now = timezone.now()
    first, second, third = (
        make_article(desk, f"خبر ساخن {n}", urgency="hot", published_at=now - timedelta(minutes=n))
        for n in (1, 2, 3)
    )
    breaking = make_article(
        desk, "خبر عاجل", urgency="breaking", published_at=now - timedelta(hours=2)
    )
    client.force_login(editor)

    def move(article, direction):
        client.post(reverse("newsroom:ticker_change", args=(article.pk, direction)))
        return [item.pk for item in ticker_items(8)]

    assert move(third, "up") == [breaking.pk, first.pk, third.pk, second.pk]
    assert move(third, "up") == [breaking.pk, third.pk, first.pk, second.pk]
    # The top hot item does not pass a breaking one: that is a change of kind, not a move.
    assert move(third, "up") == [breaking.pk, third.pk, first.pk, second.pk]
    assert move(first, "down") == [breaking.pk, third.pk, second.pk, first.pk]
    assert move(first, "down") == [breaking.pk, third.pk, second.pk, first.pk]
    assert ArticlePage.objects.get(pk=third.pk).live


def test_ticker_desk_offers_moves(client, editor, desk):
    article = make_article(desk, "خبر ساخن", urgency="hot")
    client.force_login(editor)
    html = client.get(reverse("newsroom:ticker")).content.decode()
    assert reverse("newsroom:ticker_change", args=(article.pk, "up")) in html
    assert reverse("newsroom:ticker_change", args=(article.pk, "down")) in html
