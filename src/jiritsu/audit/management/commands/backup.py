"""jiritsu backup FILE: the database and the uploaded files in one file (core.backup), the backup itself
recorded in the access log first (hence here, in the audit app, above core)."""
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiritsu.audit import log as audit
from jiritsu.core.backup import BackupError, backup


class Command(BaseCommand):
    help = ("データベースとアップロードファイルを1つのファイルにバックアップします（稼働中でも一貫した内容）。"
            "ファイルは所有者だけが読めます。 Back up the database and the uploaded files.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="書き出すファイル（例 /var/backups/jiritsu/2025-04-01.jiritsu）")

    def handle(self, *args, file, **options):
        path = Path(file)
        started = time.monotonic()
        # Recorded first, so the backup itself holds the row saying it was taken.
        audit.record(user=None, action="export", what=f"バックアップ作成：{path.name}", via="command: backup")
        try:
            manifest = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest.tables.values())
        size = path.stat().st_size / 1_000_000
        self.stdout.write(f"{path} にバックアップしました: {len(manifest.tables)} 表 {rows:,} 行、アップロード"
                          f"ファイル {manifest.media_files} 件、{size:,.1f} MB、{time.monotonic() - started:.1f} 秒。")
