"""Dashboard panels: what is scheduled, what readers read today, what leaves the ticker soon.

«بانتظار مراجعتي» is Wagtail's own WorkflowObjectsToModeratePanel, already on the dashboard.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision
from wagtail.permissions import policy_registry

from akhbar.news.models import ArticleDailyViews, ArticlePage, Urgency
from akhbar.newsroom.views import can_use_newsroom_desk

PANEL_ROWS = 10
EXPIRY_WINDOW = timedelta(minutes=60)


def editable_pages(user: AbstractBaseUser) -> QuerySet[Page]:
    """Pages `user` may edit: any page under their "change" permission, or their own."""
    return policy_registry.get_by_type(Page).instances_user_has_any_permission_for(user, {"change"})


class ScheduledItemsPanel(Component):
    """Pages that will go live or be taken down at a set time, soonest first."""

    name = "newsroom_scheduled"
    template_name = "newsroom/panels/scheduled.html"
    order = 230

    def get_context_data(self, parent_context: Mapping[str, Any]) -> dict[str, Any]:
        user = parent_context["request"].user
        now = timezone.now()
        pages = editable_pages(user)
        revisions = Revision.objects.filter(
            approved_go_live_at__isnull=False,
            base_content_type=ContentType.objects.get_for_model(Page),
        ).order_by("approved_go_live_at")[: PANEL_ROWS * 5]
        going_live = {int(r.object_id): r.approved_go_live_at for r in revisions}
        rows = [
            {"page": page, "action": "نشر", "at": going_live[page.pk]}
            for page in pages.filter(pk__in=going_live)
        ]
        rows += [
            {"page": page, "action": "سحب", "at": page.expire_at}
            for page in pages.filter(live=True, expire_at__gt=now).order_by("expire_at")[
                :PANEL_ROWS
            ]
        ]
        rows.sort(key=lambda row: row["at"])
        return {"rows": rows[:PANEL_ROWS]}


class MostReadTodayPanel(Component):
    """Today's reads per article, counted by the reader site's beacon."""

    name = "newsroom_most_read_today"
    template_name = "newsroom/panels/most_read.html"
    order = 240

    def get_context_data(self, parent_context: Mapping[str, Any]) -> dict[str, Any]:
        rows = (
            ArticleDailyViews.objects.filter(day=timezone.localdate(), article__live=True)
            .select_related("article")
            .order_by("-views", "article__title")[:PANEL_ROWS]
        )
        return {"rows": list(rows)}


class ExpiringTickerPanel(Component):
    """Hot and breaking items leaving the ticker within the hour, so someone decides in time
    whether to extend them (in the article) or let them go."""

    name = "newsroom_expiring_ticker"
    template_name = "newsroom/panels/expiring_ticker.html"
    order = 205

    def get_context_data(self, parent_context: Mapping[str, Any]) -> dict[str, Any]:
        now = timezone.now()
        rows = (
            ArticlePage.objects.live()
            .exclude(urgency=Urgency.NORMAL)
            .filter(urgent_until__gt=now, urgent_until__lte=now + EXPIRY_WINDOW)
            .order_by("urgent_until")[:PANEL_ROWS]
        )
        return {
            "rows": list(rows),
            "can_manage_ticker": can_use_newsroom_desk(parent_context["request"].user),
        }
