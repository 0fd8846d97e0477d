from django.apps import AppConfig


class ShelterConfig(AppConfig):
    name = "jiritsu.shelter"
    label = "shelter"
    verbose_name = "一時生活支援（居室）"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Add the shelter's lists to 今日の業務 and its panel and button to the case page, through the
        extension points cases offers, and its rooms to the resource directory (neither imports the shelter)."""
        from jiritsu.cases import panels as case_panels
        from jiritsu.cases import today_sections, worklists
        from jiritsu.directory import gaps, live
        from jiritsu.directory.models import LiveCapacity, ResourceKind

        from . import panels, resources, selectors, today

        live.register(LiveCapacity.SHELTER_ROOMS, resources.free_rooms_tonight)
        gaps.register_counter(ResourceKind.SHELTER, resources.buildings_by_region)

        case_panels.register(case_panels.HandoffAction("shelter_find", panels.find_room))
        case_panels.register(case_panels.Panel("shelter_stay", panels.stay_status))

        worklists.register_source("watch_over", selectors.overdue_visits)
        for key, rows in (("shelter_provider", today.shelter_provider_lists),
                          ("shelter_watch", today.watch_visit_lists),
                          ("shelter_agency", today.agency_stay_lists)):
            today_sections.register(today_sections.Section(key, "shelter/_today_lists.html", rows))
