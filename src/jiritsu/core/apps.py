from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jiritsu.core"
    verbose_name = "共通"
