"""jiritsu setup-demo: create or refresh the Ibaraki demo database."""
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from jiritsu.cases.choices import Status
from jiritsu.demo.generate import DEFAULT_CASES, DEFAULT_SEED, setup_demo


def format_logins(logins: list, password: str) -> str:
    width = max(len(row["username"]) for row in logins)
    lines = ["デモ用ログイン（Demo logins）", f"パスワード（全員共通 / password for all）: {password}", ""]
    lines += [f"  {row['username']:<{width}}  {row['role']}（{row['organisation']}）" for row in logins]
    return "\n".join(lines)


class Command(BaseCommand):
    help = ("デモ用データベースを作成・更新します（茨城県の組織、デモ用アカウント、架空のケース）。"
            " Create or refresh the demo database: migrate, load Ibaraki, demo accounts and fictitious cases.")

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=DEFAULT_CASES, help="架空ケースの件数 (number of cases)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="乱数の種 (random seed)")
        parser.add_argument("--reset", action="store_true",
                            help="SQLite のデモ用データベースを削除して作り直す (delete the SQLite file first)")
        parser.add_argument("--quiet-logins", action="store_true", help="ログイン一覧を表示しない")

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["reset"]:
            self._reset_sqlite()
        self._ensure_sqlite_dir()
        def progress(line: str) -> None:
            self.stdout.write(f"[{time.monotonic() - started:5.1f} 秒] {line}")
            self.stdout.flush()

        call_command("migrate", interactive=False, verbosity=0)
        progress("データベースの作成・更新（migrate）")
        result = setup_demo(cases=options["cases"], seed=options["seed"], progress=progress)
        total = sum(result.statuses.values())
        note = f"{result.created} 件を作成" if result.created else "作成済みのため変更なし（--reset で作り直し）"
        self.stdout.write(f"デモデータ: ケース {total} 件（{note}）、{time.monotonic() - started:.1f} 秒")
        for status in Status:
            self.stdout.write(f"  {status.label}: {result.statuses.get(status.value, 0)}")
        if not options["quiet_logins"]:
            self.stdout.write("\n" + format_logins(result.logins, result.password))

    @staticmethod
    def _sqlite_path() -> Path | None:
        db = settings.DATABASES["default"]
        if db["ENGINE"] != "django.db.backends.sqlite3" or str(db["NAME"]).startswith((":memory:", "file:")):
            return None
        return Path(db["NAME"])

    def _ensure_sqlite_dir(self):
        path = self._sqlite_path()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)

    def _reset_sqlite(self):
        path = self._sqlite_path()
        if path is None:
            raise CommandError("--reset は SQLite のデモ用データベースにだけ使えます。"
                               "PostgreSQL ではデータベースを作り直してから実行してください。")
        connections.close_all()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        self.stdout.write(f"{path} を削除しました。")
