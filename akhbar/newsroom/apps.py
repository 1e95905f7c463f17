from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "akhbar.newsroom"
    label = "newsroom"
    verbose_name = "غرفة الأخبار"
