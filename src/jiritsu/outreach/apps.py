from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "jiritsu.outreach"
    verbose_name = "市町村との連携（訪問・会議・意向調査）"
