from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class OrgsConfig(AppConfig):
    name = "jiritsu.orgs"
    verbose_name = "組織・職員"

    def ready(self):
        from .second_factor import remember_at_sign_in

        user_logged_in.connect(remember_at_sign_in, dispatch_uid="jiritsu_second_factor_required")
