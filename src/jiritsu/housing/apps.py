from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "jiritsu.housing"
    verbose_name = "住居確保給付金"
    default_auto_field = "django.db.models.BigAutoField"
