from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "jiritsu.budget"
    verbose_name = "家計改善支援"
    default_auto_field = "django.db.models.BigAutoField"
