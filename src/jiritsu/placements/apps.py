from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "jiritsu.placements"
    verbose_name = "就労体験・訓練先のマッチング"

    def ready(self):
        """End the developer's matches when the case stops being shared, show the matching profile's link on
        the case page, and the open places in the resource directory (neither imports placements)."""
        from jiritsu.cases import panels as case_panels
        from jiritsu.cases import sharing
        from jiritsu.directory import gaps, live
        from jiritsu.directory.models import LiveCapacity, ResourceKind

        from . import endings, panels, resources

        live.register(LiveCapacity.PLACEMENT_SLOTS, resources.open_places)
        gaps.register_counter(ResourceKind.PLACEMENT, resources.sites_by_region)
        sharing.register(endings.end_matches)
        case_panels.register(case_panels.Panel("placement_profile", panels.profile_link))
