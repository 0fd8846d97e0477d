from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "jiritsu.demo"
    verbose_name = "デモデータ"
