"""jiritsu import staff FILE.csv [--dry-run] [--links FILE] [--resend]  (docs/organisations-staff-csv.md)"""
import csv
import os
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError

from jiritsu.audit.context import via
from jiritsu.orgs.imports import import_staff
from jiritsu.orgs.management.csvcommand import prefecture, read_csv, report

SUBJECT = "【jiritsu】アカウントを登録しました（はじめてのログイン）"


def link_days() -> int:
    return settings.PASSWORD_RESET_TIMEOUT // 86400


class Command(BaseCommand):
    help = ("職員アカウント（ユーザー名・氏名・役割・所属・メールアドレス）を CSV から登録します。新しい職員には、"
            "自分でパスワードを決めてログインする一度きりのリンクをメールで送ります（--links では送らずにファイルへ）。"
            "すべての行を検証し、1か所でも誤りがあれば何も取り込みません。同じファイルの再取込では何も変わりません。")

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV ファイル（UTF-8（BOM の有無は問いません）または Shift_JIS（CP932））")
        parser.add_argument("--dry-run", action="store_true", help="検証のみ行い、何も書き込みません")
        parser.add_argument("--prefecture", help="都道府県コード（複数の都道府県を登録している場合）")
        parser.add_argument("--base-url", default=settings.BASE_URL,
                            help="リンクの先頭（例 https://jiritsu.example.lg.jp、既定は JIRITSU_BASE_URL）")
        parser.add_argument("--links", help="リンクをメールで送らず、この CSV ファイルに書き出す（手渡し用、所有者のみ読める）")
        parser.add_argument("--resend", action="store_true",
                            help="まだパスワードを決めていない職員にもリンクを出し直す（期限切れのとき）")

    def handle(self, *args, file, dry_run, base_url, links, resend, **options):
        path = Path(file)
        if not dry_run and not base_url.startswith(("https://", "http://")):
            raise CommandError("リンクの先頭 URL がありません。--base-url https://... か JIRITSU_BASE_URL を指定してください。")
        header, records = read_csv(path)
        with via(f"command: import staff {path.name}"):
            result = import_staff(header, records, prefecture=prefecture(options["prefecture"]), base_url=base_url,
                                  dry_run=dry_run, resend=resend)
        report(self, path, result, dry_run)
        if result.links:
            self._deliver(result.links, Path(links) if links else None)

    def _deliver(self, links: list[dict], to_file: Path | None) -> None:
        days = link_days()
        if to_file is not None:
            # Created readable by its owner only: each line signs someone in until they choose a password.
            fd = os.open(to_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=["username", "display_name", "email", "link"])
                writer.writeheader()
                writer.writerows(links)
            self.stdout.write(f"{len(links)} 人分のログイン用リンクを {to_file} に書き出しました（有効期限 {days} 日、"
                              "一度使うと無効）。本人に手渡し、渡したらファイルを削除してください。")
            return
        for item in links:
            body = (f"{item['display_name']} 様\n\njiritsu（生活困窮者自立支援 相談支援システム）のアカウントを登録しました。\n"
                    f"ユーザー名: {item['username']}\n\n次のリンクを開き、ご自分でパスワードを決めてログインしてください。\n"
                    f"{item['link']}\n\nこのリンクは一度だけ使えます（有効期限 {days} 日）。心当たりがない場合は破棄してください。\n")
            send_mail(SUBJECT, body, None, [item["email"]])
        self.stdout.write(f"{len(links)} 人にログイン用リンクをメールで送りました（有効期限 {days} 日）。")
