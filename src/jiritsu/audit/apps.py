from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AuditConfig(AppConfig):
    name = "jiritsu.audit"
    verbose_name = "アクセス記録"

    def ready(self):
        from .chain import register_sqlite_function

        # SQLite's access-log trigger computes each row's hash with this function (migration 0007).
        connection_created.connect(register_sqlite_function, dispatch_uid="jiritsu_accesslog_hash")
