from django.apps import AppConfig

from jiritsu.cases import today_sections


class BudgetConfig(AppConfig):
    name = "jiritsu.budget"
    verbose_name = "家計改善支援"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """The provider's handed cases on 今日の業務, the saved versions in the case's 変更履歴 and the link to
        the sheets on the case page, through the extension points cases offers (cases never imports this app)."""
        from jiritsu.cases import history as case_history
        from jiritsu.cases import panels as case_panels

        from . import history, panels, today

        today_sections.register(today_sections.Section("budget", "includes/work_lists.html", today.handed_lists))
        case_history.register(case_history.Source("budget_versions", history.case_rows))
        case_panels.register(case_panels.Panel("budget_sheets", panels.sheets_link))
