from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "akhbar.core"
    label = "core"
    verbose_name = "الموقع"
