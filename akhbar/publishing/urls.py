from django.urls import path

from akhbar.publishing import views

app_name = "publishing"

urlpatterns = [
    path("fragments/ticker/", views.ticker, name="ticker"),
    path("fragments/most-read/", views.most_read, name="most_read"),
]
