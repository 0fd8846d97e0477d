"""jiritsu setup-prefecture FILE|ibaraki  (docs/prefecture-file.md)"""
from django.core.management.base import BaseCommand, CommandError

from jiritsu.audit.context import via
from jiritsu.orgs.loader import SHIPPED, PrefectureFileError, load_prefecture, resolve
from jiritsu.orgs.models import Body, Municipality


class Command(BaseCommand):
    help = ("都道府県の市町村・福祉事務所設置自治体・政策担当課を登録します（デモ用の人やケースは作りません）。"
            "何度実行しても同じ結果になります。 / Load a prefecture's municipalities and welfare-office bodies.")

    def add_arguments(self, parser):
        shipped = "、".join(SHIPPED)
        parser.add_argument("file", help=f"都道府県ファイル（JSON、docs/prefecture-file.md）または同梱の名前（{shipped}）")

    def handle(self, *args, file, **options):
        path = resolve(file)
        try:
            with via(f"command: setup-prefecture {path.name}"):
                pref = load_prefecture(path)
        except PrefectureFileError as exc:
            for problem in exc.problems:
                self.stdout.write(problem)
            raise CommandError(f"{len(exc.problems)} 件の誤りがあるため、何も登録していません。", returncode=1) from None
        towns = Municipality.objects.filter(prefecture=pref).count()
        bodies = Body.objects.filter(prefecture=pref).count()
        self.stdout.write(f"{pref.name}（{pref.code}）: 市町村 {towns}、福祉事務所設置自治体 {bodies} を登録しました。")
