from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jiritsu.audit"
    verbose_name = "アクセス記録"
