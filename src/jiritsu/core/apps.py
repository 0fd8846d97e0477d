from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class CoreConfig(AppConfig):
    name = "jiritsu.core"
    verbose_name = "共通"

    def ready(self):
        from .middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="jiritsu_idle_clock")
