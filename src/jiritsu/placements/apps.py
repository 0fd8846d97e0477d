from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "jiritsu.placements"
    verbose_name = "就労体験・訓練先のマッチング"

    def ready(self):
        """End the developer's matches when the case stops being shared (cases never imports placements)."""
        from jiritsu.cases import sharing

        from . import endings

        sharing.register(endings.end_matches)
