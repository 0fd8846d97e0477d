"""jiritsu serve: the production server (gunicorn) on the configured database.

Static files come from the app itself through WhiteNoise (settings.MIDDLEWARE), so no web server or CDN is
needed; a reverse proxy in front (TLS) is optional. The system checks and the migrations are checked before
the workers start: a server on a schema behind its code refuses to start rather than fail page by page.
`docs/systemd.md` runs it as a service.
"""
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = "設定されたデータベースで Web アプリを起動します（gunicorn）。 Serve the configured database over HTTP."
    requires_system_checks = []  # run in handle(), with the production settings loaded

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("JIRITSU_PORT", "8000")),
                            help="ポート番号（既定 8000、JIRITSU_PORT）")
        parser.add_argument("--host", default=os.environ.get("JIRITSU_HOST", "127.0.0.1"),
                            help="待ち受けるアドレス（既定 127.0.0.1、JIRITSU_HOST）")
        parser.add_argument("--workers", type=int,
                            default=int(os.environ.get("JIRITSU_WORKERS", min(4, (os.cpu_count() or 1) + 1))),
                            help="ワーカープロセス数（JIRITSU_WORKERS）")
        parser.add_argument("--threads", type=int, default=int(os.environ.get("JIRITSU_THREADS", "4")),
                            help="ワーカーごとのスレッド数（JIRITSU_THREADS）")
        parser.add_argument("--access-log", default=os.environ.get("JIRITSU_ACCESS_LOG"),
                            help="アクセスログの出力先（- で標準出力、既定はなし）")

    def handle(self, *args, host, port, workers, threads, access_log, **options):
        self.check(display_num_errors=False)
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            raise CommandError(f"未適用のマイグレーションが {len(pending)} 件あります。先に jiritsu migrate を実行してください。")
        connections.close_all()  # each worker opens its own after the fork
        self.stdout.write(f"http://{host}:{port}/ で起動します（gunicorn, workers={workers}, threads={threads}）。"
                          "Ctrl+C で停止。")
        self.stdout.flush()
        _gunicorn({"bind": f"{host}:{port}", "workers": workers, "threads": threads, "worker_class": "gthread",
                   "accesslog": access_log, "errorlog": "-", "timeout": 60, "graceful_timeout": 30,
                   # Behind a reverse proxy on the same machine, trust its X-Forwarded-* headers only.
                   "forwarded_allow_ips": "127.0.0.1,::1"}).run()


def _gunicorn(config: dict):
    from django.core.wsgi import get_wsgi_application
    from gunicorn.app.base import BaseApplication

    class App(BaseApplication):
        def load_config(self):
            for key, value in config.items():
                self.cfg.set(key, value)

        def load(self):
            return get_wsgi_application()

    return App()
