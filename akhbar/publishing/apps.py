from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "akhbar.publishing"
    label = "publishing"
    verbose_name = "النشر"

    def ready(self) -> None:
        from django.core.signals import setting_changed
        from django.db.models.signals import post_init
        from wagtail.models import Page

        from akhbar.news.models import ArticlePage
        from akhbar.publishing import images, recording, signals, sitewide
        from akhbar.publishing.backends.base import forget_backends

        post_init.connect(recording.record_article, sender=ArticlePage)
        post_init.connect(recording.record_article_page, sender=Page)
        signals.connect()
        sitewide.connect()
        images.connect()
        setting_changed.connect(forget_backends, dispatch_uid="publishing-backends")
