from django.apps import AppConfig


class AuditLogConfig(AppConfig):
    """The access log's pages for a body's chief and the auditor: who may read which rows (policies.py), the
    filters and refusal bursts (selectors.py). The log itself is the audit app's, which everyone writes to and
    which knows nothing of organisations and roles; reading it by them is this app's, above orgs."""

    name = "jiritsu.auditlog"
    verbose_name = "アクセス記録の閲覧"
