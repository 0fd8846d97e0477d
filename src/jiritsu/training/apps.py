from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "jiritsu.training"
    verbose_name = "人材養成研修"
