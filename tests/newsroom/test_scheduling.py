"""Scheduled publishing and unpublishing happen when time moves on and the scheduler ticks."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from akhbar.news.models import ArticlePage
from akhbar.newsroom import scheduler
from tests.factories import make_article
from tests.newsroom.support import article_form_data

pytestmark = pytest.mark.django_db


def local_input(when) -> str:
    """A datetime as the admin's date-time widget posts it, in the site's time zone."""
    return timezone.localtime(when).strftime("%Y-%m-%d %H:%M")


class OneTick(threading.Event):
    """A stop event that ends the scheduler loop after its first run."""

    def wait(self, timeout=None) -> bool:
        self.set()
        return True


def test_article_scheduled_in_the_editor_goes_live_on_time(client, editor, desk, monkeypatch):
    # The loop drops stale connections as a long-lived process must; inside this test's
    # transaction that would close the test's own connection.
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)
    article = make_article(desk, "خبر مجدول للصباح", live=False)
    go_live = timezone.now() + timedelta(hours=2)
    client.force_login(editor)
    data = article_form_data(
        "خبر مجدول للصباح", go_live_at=local_input(go_live), **{"action-publish": "1"}
    )
    client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)
    article.refresh_from_db()
    assert not article.live
    assert article.latest_revision.approved_go_live_at is not None
    client.logout()
    assert client.get(f"{desk.url}{article.slug}/").status_code == 404

    scheduler.run_scheduler(interval=1, stop=OneTick())
    assert not ArticlePage.objects.get(pk=article.pk).live, "too early"

    with time_machine.travel(go_live + timedelta(minutes=1), tick=False):
        scheduler.run_scheduler(interval=1, stop=OneTick())
    article.refresh_from_db()
    assert article.live
    assert client.get(article.url).status_code == 200


def test_article_with_an_expiry_is_unpublished_when_it_passes(client, editor, desk):
    article = make_article(desk, "عرض محدود المدة", live=False)
    expire = timezone.now() + timedelta(hours=1)
    client.force_login(editor)
    data = article_form_data(
        "عرض محدود المدة", expire_at=local_input(expire), **{"action-publish": "1"}
    )
    client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)
    article.refresh_from_db()
    assert article.live

    with time_machine.travel(expire + timedelta(minutes=1), tick=False):
        call_command("publish_scheduled")
    article.refresh_from_db()
    assert not article.live
    assert article.expired
    client.logout()
    assert client.get(f"{desk.url}{article.slug}/").status_code == 404


def test_a_failing_tick_is_logged_and_the_loop_goes_on(monkeypatch, caplog):
    calls = []

    def flaky() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database is locked")

    class TwoTicks(threading.Event):
        def wait(self, timeout=None) -> bool:
            if len(calls) >= 2:
                self.set()
            return self.is_set()

    monkeypatch.setattr(scheduler, "publish_due_items", flaky)
    scheduler.run_scheduler(interval=0, stop=TwoTicks())
    assert len(calls) == 2
    assert "Scheduled publishing failed" in caplog.text


def test_scheduler_command_runs_once(desk):
    article = make_article(desk, "خبر سينشر بعد دقيقة", live=False)
    article.go_live_at = timezone.now() + timedelta(minutes=1)
    article.save_revision().publish()
    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        call_command("scheduler", "--once")
    assert ArticlePage.objects.get(pk=article.pk).live
