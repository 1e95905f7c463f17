from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "akhbar.search"
    label = "akhbar_search"
    verbose_name = "البحث"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from akhbar.search import signals

        signals.connect()
        # `flush` (and test teardown) ends with post_migrate: clear what it left behind.
        post_migrate.connect(signals.drop_orphan_terms, sender=self)
