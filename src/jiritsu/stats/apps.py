from django.apps import AppConfig


class StatsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "jiritsu.stats"
    verbose_name = "統計（支援状況調査）"
