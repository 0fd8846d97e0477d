from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "jiritsu.programs"
    verbose_name = "事業"
