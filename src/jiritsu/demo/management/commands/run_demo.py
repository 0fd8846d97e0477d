"""jiritsu demo: set up the demo database, then serve it and print the demo logins."""
from django.core.management import call_command
from django.core.management.base import BaseCommand

from jiritsu.demo.generate import DEFAULT_CASES
from jiritsu.demo.management.commands.setup_demo import format_logins
from jiritsu.demo.organisations import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = ("デモ用データベースを用意して http://127.0.0.1:8000 で起動し、デモ用ログインを表示します。"
            " Set up the demo database, serve it and print the demo logins.")

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="ポート番号 (default 8000)")
        parser.add_argument("--cases", type=int, default=DEFAULT_CASES, help="架空ケースの件数")
        parser.add_argument("--reset", action="store_true", help="SQLite のデモ用データベースを作り直す")

    def handle(self, *args, port, cases, reset, **options):
        call_command("setup_demo", cases=cases, reset=reset, quiet_logins=True, stdout=self.stdout)
        self.stdout.write("\n" + format_logins(demo_logins(), DEMO_PASSWORD))
        self.stdout.write(f"\nブラウザで http://127.0.0.1:{port}/ を開いてください（Open http://127.0.0.1:{port}/）。\n")
        self.stdout.flush()
        call_command("serve", port=port)
