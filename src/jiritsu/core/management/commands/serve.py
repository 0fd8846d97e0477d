"""jiritsu serve [--port N]: serve the configured database.

With gunicorn installed (the `bench` extra) it runs gunicorn; otherwise Django's runserver without
the reloader. Either way static files are served by the app itself (no CDN, no web server needed),
which suits the demo and a single small office; production puts nginx in front.
"""
import importlib.util
import os

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "設定されたデータベースでWebアプリを起動します。 Serve the configured database over HTTP."
    requires_system_checks = []  # runserver / gunicorn run the checks themselves

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="ポート番号 (default 8000)")
        parser.add_argument("--host", default="127.0.0.1", help="待ち受けるアドレス (default 127.0.0.1)")
        parser.add_argument("--workers", type=int, default=min(4, (os.cpu_count() or 1) + 1),
                            help="gunicorn のワーカー数")
        parser.add_argument("--runserver", action="store_true", help="gunicorn があっても runserver を使う")

    def handle(self, *args, host, port, workers, runserver, **options):
        if runserver or importlib.util.find_spec("gunicorn") is None:
            call_command("runserver", f"{host}:{port}", use_reloader=False, insecure_serving=True,
                         use_threading=True)
            return
        self.check(display_num_errors=False)
        self.check_migrations()
        self.stdout.write(f"http://{host}:{port}/ で起動します（gunicorn, workers={workers}）。Ctrl+C で停止。")
        self.stdout.flush()
        _gunicorn(host, port, workers).run()


def _gunicorn(host: str, port: int, workers: int):
    from django.core.wsgi import get_wsgi_application
    from gunicorn.app.base import BaseApplication

    class App(BaseApplication):
        def load_config(self):
            for key, value in {"bind": f"{host}:{port}", "workers": workers, "worker_class": "gthread",
                               "threads": 4, "accesslog": None, "errorlog": "-", "timeout": 60}.items():
                self.cfg.set(key, value)

        def load(self):
            # The same handler runserver --insecure uses: static files straight from the app's finders.
            return StaticFilesHandler(get_wsgi_application())

    return App()
