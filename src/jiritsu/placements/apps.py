from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "jiritsu.placements"
    verbose_name = "就労体験・訓練先のマッチング"

    def ready(self):
        """End the developer's matches when the case stops being shared, and show the matching profile's
        link on the case page (cases never imports placements)."""
        from jiritsu.cases import panels as case_panels
        from jiritsu.cases import sharing

        from . import endings, panels

        sharing.register(endings.end_matches)
        case_panels.register(case_panels.Panel("placement_profile", panels.profile_link))
