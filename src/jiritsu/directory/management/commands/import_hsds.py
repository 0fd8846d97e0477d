import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from jiritsu.directory import hsds


class Command(BaseCommand):
    help = ("Open Referral HSDS 3.1 の JSON フォルダを社会資源ディレクトリに取り込む"
            "（UUID で追加・更新。誤りがあれば何も取り込まず終了コード 1）")

    def add_arguments(self, parser):
        parser.add_argument("directory", help="organizations.json などのあるフォルダ")

    def handle(self, *args, directory, **options):
        try:
            counts = hsds.import_directory(Path(directory))
        except hsds.HsdsError as exc:
            self.stderr.write(f"取り込めません（何も取り込んでいません）: {exc}")
            sys.exit(1)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
