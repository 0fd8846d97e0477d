"""jiritsu export directory FILE.csv  (docs/directory-csv.md)"""
from pathlib import Path

from django.core.management.base import BaseCommand

from jiritsu.core.exports import csv_text
from jiritsu.directory import csvio


class Command(BaseCommand):
    help = ("社会資源ディレクトリを CSV（1サービス1行、UTF-8 BOM 付き、列は docs/directory-csv.md）に書き出す"
            " / Write the directory as one CSV table.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="書き出す CSV ファイル")

    def handle(self, *args, file, **options):
        rows = csvio.export_rows()
        # The byte-order mark lets Excel open the Japanese text correctly, as the web download does.
        Path(file).write_text("\ufeff" + csv_text(csvio.COLUMNS, rows), encoding="utf-8")
        self.stdout.write(f"{len(rows)} 件のサービスを書き出しました: {file}")
