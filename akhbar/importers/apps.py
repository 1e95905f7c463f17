from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "akhbar.importers"
    label = "importers"
    verbose_name = "الاستيراد"
