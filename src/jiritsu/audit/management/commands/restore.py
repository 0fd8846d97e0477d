"""jiritsu restore FILE [--force]: put back what `jiritsu backup` wrote (core.backup)."""
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiritsu.audit import log as audit
from jiritsu.core.backup import BackupError, restore
from jiritsu.core.schema import pending_migrations


class Command(BaseCommand):
    help = ("バックアップからデータベースとアップロードファイルを復元します。復元先が空でなければ、--force がない限り"
            "何もしません。 Restore a backup; refuses a non-empty database unless --force.")
    requires_system_checks = []  # the schema may be anything until restored

    def add_arguments(self, parser):
        parser.add_argument("file", help="jiritsu backup で作ったファイル")
        parser.add_argument("--force", action="store_true",
                            help="復元先のデータベースとアップロードファイルをすべて置き換える")

    def handle(self, *args, file, force, **options):
        path = Path(file)
        started = time.monotonic()
        try:
            manifest = restore(path, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        audit.record(user=None, action="update", via="command: restore",
                     what=f"バックアップから復元：{path.name}（{manifest['created_at'][:19]} 作成）")
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"{path} から復元しました: {len(manifest['tables'])} 表 {rows:,} 行、アップロードファイル"
                          f" {manifest['media_files']} 件、{time.monotonic() - started:.1f} 秒。")
        pending = pending_migrations()
        if pending:
            self.stdout.write(f"このバックアップはいまのプログラムより古い版のものです。jiritsu migrate を実行してください"
                              f"（未適用 {len(pending)} 件）。")
