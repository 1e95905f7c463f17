from django.apps import AppConfig
from django.db.models.signals import post_save


class NewsroomConfig(AppConfig):
    name = "akhbar.newsroom"
    label = "newsroom"
    verbose_name = "غرفة الأخبار"

    def ready(self) -> None:
        from akhbar.news.models import SectionPage
        from akhbar.newsroom.roles import grant_new_section_permissions

        post_save.connect(
            grant_new_section_permissions,
            sender=SectionPage,
            dispatch_uid="newsroom_grant_new_section_permissions",
        )
