from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "jiritsu.placements"
    verbose_name = "就労体験・訓練先のマッチング"
