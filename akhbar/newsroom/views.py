"""Admin views of the newsroom: the breaking-news quick form and the ticker desk."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page
from wagtail.permissions import policy_registry

from akhbar.core.models import SiteSettings
from akhbar.news.models import ArticlePage, SectionPage
from akhbar.news.queries import ticker_items
from akhbar.newsroom.forms import BreakingNewsForm
from akhbar.newsroom.services import (
    TICKER_DESK_LIMIT,
    end_ticker_item,
    move_ticker_item,
    publish_breaking,
    set_ticker_urgency,
)

TICKER_ACTIONS = {
    "end": "أُنهي الخبر من الشريط: «{}».",
    "breaking": "صار الخبر «عاجلاً» في أول الشريط: «{}».",
    "hot": "صار الخبر «ساخناً»: «{}».",
    "up": "تقدّم الخبر في الشريط: «{}».",
    "down": "تأخّر الخبر في الشريط: «{}».",
}


def publishable_sections(user: AbstractBaseUser) -> QuerySet[SectionPage]:
    """Sections where `user` may publish articles, in site order."""
    sections = SectionPage.objects.order_by("path")
    allowed = [s.pk for s in sections if s.permissions_for_user(user).can_publish_subpage()]
    return sections.filter(pk__in=allowed)


def can_use_newsroom_desk(user: AbstractBaseUser) -> bool:
    """Who sees the breaking-news form and the ticker desk: anyone who can publish pages."""
    return policy_registry.get_by_type(Page).user_has_permission(user, "publish")


class BreakingNewsView(WagtailAdminTemplateMixin, FormView):
    """One form, one step: a published article on the ticker, with an expiry."""

    form_class = BreakingNewsForm
    template_name = "newsroom/breaking.html"
    page_title = "خبر عاجل"
    header_icon = "warning"
    success_url = reverse_lazy("newsroom:ticker")

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.sections = publishable_sections(request.user)
        if not self.sections.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "sections": self.sections}

    def form_valid(self, form: BreakingNewsForm) -> HttpResponse:
        data = form.cleaned_data
        article = publish_breaking(
            data["section"],
            headline=data["headline"],
            line=data["line"],
            urgency=data["urgency"],
            minutes=data["minutes"],
            by=self.request.user,
        )
        messages.success(
            self.request,
            format_html(
                "نُشر الخبر ووُضع في الشريط: <a href='{}'>{}</a>. <a href='{}'>أكمل كتابته</a>.",
                article.url,
                article.title,
                reverse("wagtailadmin_pages:edit", args=[article.pk]),
            ),
        )
        return super().form_valid(form)


class TickerDeskView(WagtailAdminTemplateMixin, TemplateView):
    """The ticker as readers see it, with end and «عاجل»/«ساخن» buttons per item.

    Order is the ticker's own: breaking first, then newest first unless an editor moved an
    item up or down within its kind.
    """

    template_name = "newsroom/ticker.html"
    page_title = "الشريط الإخباري"
    header_icon = "list-ul"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not can_use_newsroom_desk(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        shown = SiteSettings.for_request(self.request).ticker_length
        items = ticker_items(TICKER_DESK_LIMIT)
        context.update(
            items=[
                {"article": item, "shown": position < shown, "can_publish": self._can(item)}
                for position, item in enumerate(items)
            ],
            shown=shown,
        )
        return context

    def _can(self, article: ArticlePage) -> bool:
        return article.permissions_for_user(self.request.user).can_publish()


@require_POST
def change_ticker_item(request: HttpRequest, article_id: int, action: str) -> HttpResponse:
    """End a ticker item now, or make it breaking or hot."""
    if action not in TICKER_ACTIONS:
        raise Http404
    article = get_object_or_404(ArticlePage, pk=article_id)
    if action == "end":
        end_ticker_item(article, by=request.user)
    elif action in ("up", "down"):
        move_ticker_item(article, up=action == "up", by=request.user)
    else:
        set_ticker_urgency(article, action, by=request.user)
    messages.success(request, TICKER_ACTIONS[action].format(article.title))
    return redirect("newsroom:ticker")
