from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "akhbar.search"
    label = "akhbar_search"
    verbose_name = "البحث"

    def ready(self) -> None:
        from akhbar.search import signals

        signals.connect()
