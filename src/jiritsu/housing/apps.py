from django.apps import AppConfig

from jiritsu.cases import today_sections


class HousingConfig(AppConfig):
    name = "jiritsu.housing"
    verbose_name = "住居確保給付金"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Add the benefit's lists to 今日の業務 and the case's application to the case page, through the
        extension points cases offers (cases never imports this app)."""
        from jiritsu.cases import panels as case_panels

        from . import panels, today

        today_sections.register(today_sections.Section("housing", "includes/work_lists.html", today.benefit_lists))
        case_panels.register(case_panels.Panel("housing_application", panels.application_link))
