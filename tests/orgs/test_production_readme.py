"""The README's "Production" steps, run as written on a new database, end with a worker signed in."""
import csv
import http.cookiejar
import os
import re
import shutil
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

import pyotp
import pytest

from tests.ops.server import Server, command_env, jiritsu

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://jiritsu.example.lg.jp"


def readme_steps() -> list[str]:
    """The `jiritsu ...` lines of the second shell block of the Production section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Production", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    return [line.strip() for line in blocks[1].splitlines() if line.startswith("jiritsu ")]


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
    env = command_env(**extra, JIRITSU_BASE_URL=BASE)
    env.pop("DATABASE_URL", None)
    return {**env, **extra}


@pytest.mark.skipif(shutil.which("psql") is None and bool(os.environ.get("DATABASE_URL")), reason="needs psql")
def test_the_readme_production_steps_take_a_new_prefecture_to_its_first_signed_in_worker(tmp_path, fresh_database):
    steps = readme_steps()
    assert [s.split()[1] for s in steps] == ["migrate", "setup-prefecture", "import", "import", "serve"]
    env = _env(fresh_database)
    # Run where the README's relative paths hold (its examples), in a scratch folder for links.csv.
    shutil.copytree(ROOT / "docs" / "examples", tmp_path / "docs" / "examples")
    for step in steps[:-1]:
        args = step.split()[1:]
        done = jiritsu(*args, env=env, cwd=tmp_path)
        if args[:2] == ["import", "staff"]:
            assert "新規 5 件" in done.stdout
    assert steps[-1].split()[1] == "serve"  # on a port of its own here, as tests.ops.server starts it
    server = Server(env, cwd=tmp_path)
    try:
        _first_sign_in(tmp_path / "links.csv", server.url)
    finally:
        server.stop()


def _first_sign_in(links_file: Path, local: str) -> None:
    with open(links_file, encoding="utf-8-sig") as fh:
        link = next(row for row in csv.DictReader(fh) if row["username"] == "mito.sato")["link"]
    assert link.startswith(BASE)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(local + link.removeprefix(BASE))
    html = page.read().decode()
    assert "はじめてのログイン" in html and "mito.sato" in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "new_password1": "hajimete-no-2026",
                                   "new_password2": "hajimete-no-2026"}).encode()
    enrol = opener.open(urllib.request.Request(page.url, data=data))
    html = enrol.read().decode()
    # Production: a worker sees personal data, so the second factor is set up before any page.
    assert urllib.parse.urlparse(enrol.url).path == "/accounts/two-factor/", enrol.url
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', html)[1].replace(" ", "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "code": pyotp.TOTP(secret).now(),
                                   "next": "/"}).encode()
    codes = opener.open(urllib.request.Request(enrol.url, data=data)).read().decode()
    assert "二要素認証を登録しました" in codes and codes.count("<li><code>") == 10
    body = opener.open(local + "/").read().decode()
    assert "佐藤 見本（水戸市 自立相談支援機関・相談支援員）" in body  # signed in, on 今日の業務
