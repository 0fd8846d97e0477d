from django.apps import AppConfig

from jiritsu.cases import today_sections


class PrepConfig(AppConfig):
    name = "jiritsu.prep"
    verbose_name = "就労準備支援"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """The provider's handed cases on 今日の業務 and the link to the person's schedule on the case page,
        through the extension points cases offers (cases never imports this app)."""
        from jiritsu.cases import panels as case_panels

        from . import panels, today

        today_sections.register(today_sections.Section("prep", "includes/work_lists.html", today.handed_lists))
        case_panels.register(case_panels.Panel("prep_schedule", panels.schedule_link))
