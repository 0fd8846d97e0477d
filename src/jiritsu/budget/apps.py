from django.apps import AppConfig

from jiritsu.cases import today_sections


class BudgetConfig(AppConfig):
    name = "jiritsu.budget"
    verbose_name = "家計改善支援"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """The provider's handed cases on 今日の業務, through the extension point cases offers."""
        from . import today

        today_sections.register(today_sections.Section("budget", "includes/work_lists.html", today.handed_lists))
