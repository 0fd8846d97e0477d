"""jiritsu grant-runtime-role ROLE (PostgreSQL): what the app needs to run, and no more, for ROLE.

The tables stay owned by the role that runs the migrations. The runtime role reads and writes the app's
tables but only reads and appends to the access log: it cannot update or delete a row of it, truncate it,
alter it, or disable or drop its triggers (all of which need the table's owner). Run it again after every
migration, which may add tables.
"""
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from jiritsu.audit.models import AccessLog

READ_ONLY_TABLES = ("django_migrations",)  # the runtime role checks, never applies, migrations


class Command(BaseCommand):
    help = ("PostgreSQL: アプリの実行用ロールに必要な権限だけを付与します（アクセス記録は閲覧と追記のみ）。"
            " Grant the app's runtime database role what it needs (access log: SELECT and INSERT only).")

    def add_arguments(self, parser):
        parser.add_argument("role", help="実行用のデータベースロール名（事前に CREATE ROLE ... LOGIN で作成）")

    def handle(self, *args, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("このコマンドは PostgreSQL 用です（SQLite にはロールがありません）。")
        with transaction.atomic(), connection.cursor() as cursor:
            self._refuse_an_owner(cursor, role)
            for sql in grants(connection, role):
                cursor.execute(sql)
        self.stdout.write(f"ロール {role} に実行用の権限を付与しました（アクセス記録は閲覧と追記のみ）。")

    def _refuse_an_owner(self, cursor, role):
        cursor.execute("SELECT rolsuper, pg_has_role(%s, tableowner, 'MEMBER') FROM pg_roles, pg_tables "
                       "WHERE rolname = %s AND tablename = %s",
                       [role, role, AccessLog._meta.db_table])
        found = cursor.fetchone()
        if found is None:
            raise CommandError(f"ロール {role} がありません。先に CREATE ROLE {role} LOGIN PASSWORD '...' で作成してください。")
        if found[0] or found[1]:
            raise CommandError(f"ロール {role} はスーパーユーザーか、テーブルの所有者（またはそのメンバー）です。"
                               "所有者とは別のロールを指定してください。")


def grants(connection, role: str) -> list[str]:
    q = connection.ops.quote_name
    who, log = q(role), q(AccessLog._meta.db_table)
    read_only = ", ".join(q(t) for t in READ_ONLY_TABLES)
    return [
        f"GRANT CONNECT ON DATABASE {q(connection.settings_dict['NAME'])} TO {who}",
        f"GRANT USAGE ON SCHEMA public TO {who}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {who}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {who}",
        f"REVOKE INSERT, UPDATE, DELETE ON {read_only} FROM {who}",
        f"REVOKE UPDATE, DELETE ON {log} FROM {who}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who}",
    ]
