"""jiritsu serve: gunicorn with the static files from the app, liveness and readiness."""
import pytest

from tests.ops.server import Server, command_env, jiritsu


@pytest.fixture
def env(tmp_path):
    """A database of its own (SQLite here: the server and the migrations are what is tested)."""
    env = command_env(JIRITSU_DATA_DIR=str(tmp_path / "var"))
    env.pop("DATABASE_URL", None)
    jiritsu("migrate", env=env)
    return env


def test_the_production_server_serves_static_files_health_and_readiness(env):
    server = Server(env)
    try:
        status, headers, body = server.get("/static/jiritsu/app.css")
        assert status == 200 and headers["Content-Type"].startswith("text/css") and body
        assert "max-age=3600" in headers["Cache-Control"]
        assert headers["Server"] == "gunicorn"  # not Django's development server
        assert server.json("/healthz") == (200, {"status": "ok"})
        assert server.json("/readyz") == (200, {"status": "ok", "database": "ok", "migrations": "current"})
        status, headers, _ = server.get("/readyz")
        assert "no-cache" in headers["Cache-Control"]
        status, _, _ = server.get("/")
        assert status == 200  # the login page, after the redirect
        # A migration rolled back under the running server: not ready, and it says which.
        jiritsu("migrate", "orgs", "0001", env=env)
        status, answer = server.json("/readyz")
        assert status == 503 and answer["migrations"] == "pending" and "orgs.0002_body_kind_town" in answer["pending"]
        assert server.json("/healthz") == (200, {"status": "ok"})  # alive all the same: no restart needed
        # A new server refuses to start on a schema behind its code.
        refused = jiritsu("serve", "--port", "1", env=env, check=False)
        assert refused.returncode != 0 and "jiritsu migrate" in refused.stderr
        jiritsu("migrate", env=env)
        assert server.json("/readyz")[0] == 200
    finally:
        server.stop()
