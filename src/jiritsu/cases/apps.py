from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "jiritsu.cases"
    verbose_name = "相談支援"
