from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "jiritsu.directory"
    verbose_name = "社会資源ディレクトリ"
    default_auto_field = "django.db.models.BigAutoField"
