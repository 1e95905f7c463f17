from django.urls import path

from akhbar.news import views

app_name = "news"

urlpatterns = [
    path("tags/<str:slug>/", views.tag_detail, name="tag"),
    path("authors/<str:slug>/", views.author_detail, name="author"),
    path("archive/<int:year>/", views.archive, name="archive_year"),
    path("archive/<int:year>/<int:month>/", views.archive, name="archive_month"),
    path("archive/<int:year>/<int:month>/<int:day>/", views.archive, name="archive_day"),
    path("hit/<int:article_id>/", views.count_view, name="count_view"),
]
