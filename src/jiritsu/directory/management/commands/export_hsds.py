from pathlib import Path

from django.core.management.base import BaseCommand

from jiritsu.directory import hsds


class Command(BaseCommand):
    help = "社会資源ディレクトリを Open Referral HSDS 3.1 の JSON（オブジェクト種別ごとに1ファイル）で書き出す"

    def add_arguments(self, parser):
        parser.add_argument("directory", help="書き出し先フォルダ（なければ作成）")

    def handle(self, *args, directory, **options):
        counts = hsds.export_directory(Path(directory))
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
