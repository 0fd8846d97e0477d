from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jiritsu.api"
    verbose_name = "API"
