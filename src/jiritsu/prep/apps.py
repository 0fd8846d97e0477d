from django.apps import AppConfig


class PrepConfig(AppConfig):
    name = "jiritsu.prep"
    verbose_name = "就労準備支援"
    default_auto_field = "django.db.models.BigAutoField"
