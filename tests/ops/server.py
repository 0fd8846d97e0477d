"""A real `jiritsu serve` (gunicorn) in a subprocess, for the tests that need the production server."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

JIRITSU = Path(sys.executable).with_name("jiritsu")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command_env(**extra) -> dict:
    """The environment of a subprocess command: production mode with its own secret key, on plain HTTP (the
    test talks to the app directly, not through the HTTPS proxy production puts in front), without the
    test-only fast hashing."""
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "jiritsu.settings", "JIRITSU_ENV": "production", "JIRITSU_HTTPS": "0",
            "JIRITSU_SECRET_KEY": "ops-test-secret-" + "0123456789abcdefghij" * 3, **extra}


def jiritsu(*args, env, cwd=None, timeout=600, check=True) -> subprocess.CompletedProcess:
    done = subprocess.run([str(JIRITSU), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if check:
        assert done.returncode == 0, f"jiritsu {' '.join(args)}\n{done.stdout}\n{done.stderr}"
    return done


class Server:
    def __init__(self, env, *, workers=2, cwd=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(JIRITSU), "serve", "--port", str(self.port), "--workers", str(workers)], env=env, cwd=cwd,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(self.process.stdout.read())
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError("the server did not answer /healthz")

    def get(self, path, **headers):
        """(status, headers, body) without raising on 4xx/5xx."""
        try:
            with urllib.request.urlopen(urllib.request.Request(self.url + path, headers=headers), timeout=30) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read()

    def json(self, path):
        status, _, body = self.get(path)
        return status, json.loads(body)

    def kill(self):
        """kill -9 of the whole server: the master and every worker, nothing flushed or closed."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=60)
