"""The README's "Production" steps, run as written on a new database, end with a worker signed in."""
import csv
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JIRITSU = Path(sys.executable).with_name("jiritsu")
BASE = "https://jiritsu.example.lg.jp"


def readme_steps() -> list[str]:
    """The `jiritsu ...` lines of the second shell block of the Production section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Production", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    return [line.strip() for line in blocks[1].splitlines() if line.startswith("jiritsu ")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def fresh_database(tmp_path):
    """A new empty database: PostgreSQL beside the test database when DATABASE_URL is set, else SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield {"JIRITSU_DATA_DIR": str(tmp_path / "var")}
        return
    name = f"jiritsu_readme_{os.getpid()}"
    admin = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name}"],
                   check=True)
    yield {"DATABASE_URL": url.rsplit("/", 1)[0] + f"/{name}", "JIRITSU_DATA_DIR": str(tmp_path / "var")}
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)


def _env(extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "JIRITSU_FAST_TESTS")}
    # Production mode (the default), but on plain HTTP: the test talks to the app directly, not through the
    # HTTPS proxy that production puts in front (JIRITSU_PROXY_COUNT).
    return {**env, **extra, "JIRITSU_BASE_URL": BASE, "JIRITSU_SECRET_KEY": "readme-test-" + "k" * 40,
            "JIRITSU_ENV": "production", "JIRITSU_HTTPS": "0", "DJANGO_SETTINGS_MODULE": "jiritsu.settings"}


def _wait(port, server):
    for _ in range(600):
        if server.poll() is not None:
            raise AssertionError(server.stdout.read())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the server did not start")


@pytest.mark.skipif(shutil.which("psql") is None and bool(os.environ.get("DATABASE_URL")), reason="needs psql")
def test_the_readme_production_steps_take_a_new_prefecture_to_its_first_signed_in_worker(tmp_path, fresh_database):
    steps = readme_steps()
    assert [s.split()[1] for s in steps] == ["migrate", "setup-prefecture", "import", "import", "serve"]
    env = _env(fresh_database)
    port = free_port()
    # Run where the README's relative paths hold (its examples), in a scratch folder for links.csv.
    shutil.copytree(ROOT / "docs" / "examples", tmp_path / "docs" / "examples")
    for step in steps[:-1]:
        args = step.split()[1:]
        done = subprocess.run([str(JIRITSU), *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{step}\n{done.stdout}\n{done.stderr}"
        if args[:2] == ["import", "staff"]:
            assert "新規 5 件" in done.stdout
    serve = steps[-1].split()[1:]
    serve[serve.index("--port") + 1] = str(port)
    server = subprocess.Popen([str(JIRITSU), *serve], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        _wait(port, server)
        _first_sign_in(tmp_path / "links.csv", port)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _first_sign_in(links_file: Path, port: int) -> None:
    with open(links_file, encoding="utf-8-sig") as fh:
        link = next(row for row in csv.DictReader(fh) if row["username"] == "mito.sato")["link"]
    assert link.startswith(BASE)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    local = f"http://127.0.0.1:{port}"
    page = opener.open(local + link.removeprefix(BASE))
    html = page.read().decode()
    assert "はじめてのログイン" in html and "mito.sato" in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "new_password1": "hajimete-no-2026",
                                   "new_password2": "hajimete-no-2026"}).encode()
    today = opener.open(urllib.request.Request(page.url, data=data))
    body = today.read().decode()
    assert urllib.parse.urlparse(today.url).path == "/", today.url
    assert "佐藤 見本（水戸市 自立相談支援機関・相談支援員）" in body  # signed in, on 今日の業務
