"""The admin dashboard: awaiting my review, scheduled items, today's most read, and hot
items about to leave the ticker."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from akhbar.news.models import ArticleDailyViews
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_editor_dashboard_shows_the_newsroom_panels(client, editor, writer, desk):
    submitted = make_article(desk, "تقرير ينتظر المراجعة", live=False)
    submitted.get_workflow().start(submitted, writer)
    scheduled = make_article(desk, "خبر مجدول للغد", live=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    scheduled.save_revision(user=editor).publish(user=editor)
    read = make_article(desk, "الخبر الأكثر قراءة اليوم")
    ArticleDailyViews.objects.create(article=read, day=timezone.localdate(), views=321)
    make_article(
        desk,
        "خبر ساخن ينتهي قريباً",
        urgency="hot",
        urgent_until=timezone.now() + timedelta(minutes=20),
    )
    make_article(
        desk, "خبر ساخن باقٍ طويلاً", urgency="hot", urgent_until=timezone.now() + timedelta(hours=5)
    )

    html = dashboard(client, editor)
    assert "تقرير ينتظر المراجعة" in html  # Wagtail's «بانتظار مراجعتك» panel
    assert "مواعيد النشر والسحب" in html
    assert "خبر مجدول للغد" in html
    assert "الأكثر قراءة اليوم" in html
    assert "321" in html
    assert "تخرج من الشريط خلال ساعة" in html
    assert "خبر ساخن ينتهي قريباً" in html
    assert "خبر ساخن باقٍ طويلاً" not in html
    assert reverse("newsroom:ticker") in html
    assert reverse("newsroom:breaking") in html


def test_writer_dashboard_shows_only_what_concerns_them(client, writer, other_writer, desk):
    other = make_article(desk, "خبر زميل مجدول", live=False)
    other.go_live_at = timezone.now() + timedelta(days=1)
    other.save_revision().publish()
    make_article(
        desk,
        "خبر ساخن ينتهي قريباً",
        urgency="hot",
        urgent_until=timezone.now() + timedelta(minutes=20),
    )

    html = dashboard(client, writer)
    assert "خبر زميل مجدول" not in html
    assert "خبر ساخن ينتهي قريباً" in html
    assert reverse("newsroom:ticker") not in html
    assert reverse("newsroom:breaking") not in html


def test_the_admin_names_no_third_party_host(client, django_user_model):
    """No Gravatar look-up of an editor's address, no check for a newer Wagtail release."""
    chief = django_user_model.objects.create_superuser(
        "rais",
        "rais@example.org",
        "not-used",
    )
    html = dashboard(client, chief)
    assert "gravatar.com" not in html
    assert "w-upgrade" not in html  # the panel whose script asks releases.wagtail.org
    assert "default-user-avatar" in html
