"""Append-only record of every read and write of a case's personal data, and of every refusal.

Rows are never updated or deleted: database triggers (migration 0002) refuse it on SQLite and
PostgreSQL alike, so not even a bug or a shell session can rewrite history; on PostgreSQL the app's
runtime role does not own the table and cannot lift them (`jiritsu grant-runtime-role`). Each row is
chained to the previous one by a hash (audit.chain), so a rewrite by the table's owner, or of a SQLite
file, shows.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    class Action(models.TextChoices):
        READ = "read", _("閲覧")
        CREATE = "create", _("登録")
        UPDATE = "update", _("更新")
        SEARCH = "search", _("検索")
        PRINT = "print", _("印刷")
        EXPORT = "export", _("出力")
        DENIED = "denied", _("拒否")

    at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)
    # No index: the log is searched by user name, and every index costs every row written.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False,
        db_index=False,
    )
    username = models.CharField(_("利用者"), max_length=150)
    # The role code (orgs.Role) as it was when the row was written: the log takes it as data, below orgs, and
    # its pages (auditlog) name it.
    role = models.CharField(_("役割"), max_length=24, blank=True)
    organisation_name = models.CharField(_("所属"), max_length=80, blank=True)
    organisation_id = models.BigIntegerField(null=True)
    # No index of its own: (body_id, at) below serves every look-up by body, and each index costs every
    # access-log row (a search page writes fifty).
    body_id = models.BigIntegerField(_("ケースの自治体"), null=True)
    case_id = models.BigIntegerField(_("ケース"), null=True, db_index=True)
    case_number = models.CharField(_("ケース番号"), max_length=30, blank=True)
    action = models.CharField(_("操作"), max_length=8, choices=Action.choices)
    what = models.CharField(_("対象"), max_length=200)
    via = models.CharField(_("経路"), max_length=200)
    # Where from: an address as text (not inet), so the row's hash reads the same on both databases.
    client_address = models.CharField(_("接続元"), max_length=45, null=True)
    token_id = models.BigIntegerField(_("APIトークン"), null=True)
    # Set by the database as it inserts the row (audit.chain), never by the app.
    row_hash = models.CharField(_("ハッシュ"), max_length=64, blank=True, db_default="", editable=False)

    class Meta:
        verbose_name = _("アクセス記録")
        verbose_name_plural = _("アクセス記録")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["body_id", "at"]),
            # A chief's view of the log: the body's cases or the body's own staff (auditlog.policies), newest first.
            models.Index(fields=["organisation_id", "at"], name="accesslog_org_at"),
            # The latest write to a body's data is one index entry away (audit.log.last_write).
            models.Index(fields=["body_id", "id"], condition=models.Q(action__in=["create", "update", "delete"]),
                         name="accesslog_body_writes"),
        ]
