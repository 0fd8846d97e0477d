from django.apps import AppConfig

from jiritsu.cases import today_sections


class PrepConfig(AppConfig):
    name = "jiritsu.prep"
    verbose_name = "就労準備支援"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """The provider's handed cases on 今日の業務, through the extension point cases offers."""
        from . import today

        today_sections.register(today_sections.Section("prep", "includes/work_lists.html", today.handed_lists))
