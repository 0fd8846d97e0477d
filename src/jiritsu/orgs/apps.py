from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "jiritsu.orgs"
    verbose_name = "組織・職員"
