from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "jiritsu.cases"
    verbose_name = "相談支援"

    def ready(self):
        """Follow the changes orgs announces (orgs never imports cases)."""
        from jiritsu.orgs.signals import monitoring_interval_changed

        from .services import derived

        monitoring_interval_changed.connect(derived.refresh_body, dispatch_uid="cases.derived.refresh_body")
