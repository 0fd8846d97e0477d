from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "jiritsu.placements"
    verbose_name = "就労体験・訓練先のマッチング"

    def ready(self):
        """End the developer's matches when the case stops being shared, show the matching profile's link on
        the case page, the confirmed placements in 就労準備支援's 就労自立 stage, and the open places in the resource
        directory (none of them imports placements)."""
        from jiritsu.cases import panels as case_panels
        from jiritsu.cases import sharing, stage_parts
        from jiritsu.directory import gaps, live
        from jiritsu.directory.models import LiveCapacity, ResourceKind
        from jiritsu.programs.catalog import Program

        from . import endings, panels, resources, stages

        live.register(LiveCapacity.PLACEMENT_SLOTS, resources.open_places)
        gaps.register_counter(ResourceKind.PLACEMENT, resources.sites_by_region)
        sharing.register(endings.end_matches)
        case_panels.register(case_panels.Panel("placement_profile", panels.profile_link))
        # 就労準備支援's stages (prep.rules.Stage; prep is placements' peer): "work" is 就労自立.
        stage_parts.register(stage_parts.Part("placements", Program.EMPLOYMENT_PREP, "work", stages.work_experience))
