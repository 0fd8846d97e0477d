from django.apps import AppConfig


class ShelterConfig(AppConfig):
    name = "jiritsu.shelter"
    label = "shelter"
    verbose_name = "一時生活支援（居室）"
    default_auto_field = "django.db.models.BigAutoField"
