from django.apps import AppConfig


class ArabicConfig(AppConfig):
    """Register the package so Django finds the `{% load arabic %}` template library."""

    name = "akhbar.arabic"
    label = "arabic"
    verbose_name = "Arabic"
