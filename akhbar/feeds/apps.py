from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "akhbar.feeds"
    label = "feeds"
    verbose_name = "التوزيع"
