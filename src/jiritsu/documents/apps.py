from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "jiritsu.documents"
    verbose_name = "帳票"
