"""Wire the newsroom into Wagtail's admin: URLs, menu items, dashboard panels, article list."""

from __future__ import annotations

from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import include, path, reverse_lazy
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.viewsets.pages import PageListingViewSet, PageViewSet
from wagtail.models import Page

from akhbar.news.models import ArticlePage
from akhbar.newsroom import urls
from akhbar.newsroom.panels import ExpiringTickerPanel, MostReadTodayPanel, ScheduledItemsPanel
from akhbar.newsroom.views import can_use_newsroom_desk


class DeskMenuItem(MenuItem):
    """A menu item only for people who can publish (editors and the editor-in-chief)."""

    def is_shown(self, request: HttpRequest) -> bool:
        return can_use_newsroom_desk(request.user)


class PageSearchView(SearchView):
    """Wagtail's page search, naming what it counts: 8.0.1's says «1-12 of 12 None»."""

    verbose_name = Page._meta.verbose_name
    verbose_name_plural = Page._meta.verbose_name_plural


class BasePageViewSet(PageViewSet):
    """Wagtail's views for every page type; registered after Wagtail's own, it replaces it."""

    model = Page
    search_view_class = PageSearchView


class ArticleListingViewSet(PageListingViewSet):
    """«الأخبار»: every article in one filterable list; «إضافة» asks for the section first."""

    model = ArticlePage
    icon = "doc-full"
    menu_label = "الأخبار"
    menu_order = 90
    add_to_admin_menu = True
    name = "articles"


@hooks.register("register_admin_urls")
def register_newsroom_urls() -> list:
    return [path("newsroom/", include(urls, namespace="newsroom"))]


@hooks.register("register_admin_viewset")
def register_base_page_views() -> BasePageViewSet:
    return BasePageViewSet()


@hooks.register("register_admin_viewset")
def register_article_listing() -> ArticleListingViewSet:
    return ArticleListingViewSet()


@hooks.register("register_admin_menu_item")
def register_breaking_menu_item() -> MenuItem:
    return DeskMenuItem(
        "خبر عاجل", reverse_lazy("newsroom:breaking"), icon_name="warning", order=95
    )


@hooks.register("register_admin_menu_item")
def register_ticker_menu_item() -> MenuItem:
    return DeskMenuItem(
        "الشريط الإخباري", reverse_lazy("newsroom:ticker"), icon_name="list-ul", order=96
    )


@hooks.register("construct_homepage_panels")
def add_newsroom_panels(request: HttpRequest, panels: list) -> None:
    panels.extend([ExpiringTickerPanel(), ScheduledItemsPanel(), MostReadTodayPanel()])


@hooks.register("insert_global_admin_css")
def newsroom_admin_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("newsroom/admin.css"))
