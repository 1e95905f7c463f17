"""Admin URLs of the newsroom, mounted under /admin/newsroom/ by wagtail_hooks."""

from django.urls import path

from akhbar.newsroom import views

app_name = "newsroom"

urlpatterns = [
    path("breaking/", views.BreakingNewsView.as_view(), name="breaking"),
    path("ticker/", views.TickerDeskView.as_view(), name="ticker"),
    path(
        "ticker/<int:article_id>/<slug:action>/",
        views.change_ticker_item,
        name="ticker_change",
    ),
]
