"""Nothing committed is lost (PostgreSQL): `kill -9` in the middle of a case import and of a burst of step
writes; afterwards every write that answered success is there and nothing is half-written."""
import http.cookiejar
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiritsu.audit.chain import verify
from jiritsu.audit.models import AccessLog
from jiritsu.cases.choices import Status
from jiritsu.cases.models import Case, ProgressRecord, Triage
from jiritsu.cases.models import Client as ClientModel
from tests.factories import PASSWORD, advance_case, new_case
from tests.ops.server import JIRITSU, Server, command_env

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="kill -9 of a PostgreSQL client: DATABASE_URL"),
    pytest.mark.django_db(transaction=True),
]
ROWS = 6000


def _env():
    s = connection.settings_dict
    url = f"postgres://{s['USER'] or 'root'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    # The tests' settings (their fast password hashing): the accounts' passwords were hashed with it.
    return command_env(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="jiritsu.settings_test")


def _writing(pid_application: str) -> bool:
    """A statement of the import is running in the database: it is past validation, in the middle of writing."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid() AND state = 'active' "
                       "AND (query ILIKE 'COPY%%' OR query ILIKE 'INSERT%%')")
        return cursor.fetchone()[0] > 0


def _ledger(path, prefix):
    lines = ["body_code,case_id,received_on,family_name,given_name,main_complaint,triage"]
    lines += [f"08202,{prefix}-{n:05d},2024-04-{1 + n % 28:02d},見本,太郎{n},住まい,継続支援" for n in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_case_import_killed_mid_write_leaves_all_or_nothing(world, tmp_path):
    path = tmp_path / "ledger.csv"
    _ledger(path, "K")
    process = subprocess.Popen([str(JIRITSU), "import", "cases", str(path)], env=_env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not _writing("") and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the import ended before it could be killed mid-write"
    process.send_signal(signal.SIGKILL)
    process.wait()
    imported = Case.objects.filter(case_number__startswith="K-")
    assert imported.count() == 0  # the import is one transaction: killed before COMMIT, nothing of it is there
    # Run again, to the end: every case with its intake (client, triage) and its access-log row.
    subprocess.run([str(JIRITSU), "import", "cases", str(path)], env=_env(), check=True, capture_output=True)
    assert imported.count() == ROWS
    assert Triage.objects.filter(case__in=imported).count() == ROWS
    assert not imported.filter(client__isnull=True).exists()


def _session(base: str, user):
    """Signed in as production signs in a worker: the password, then a code from the authenticator app."""
    device = TOTPDevice.objects.create(user=user, name="認証アプリ", confirmed=True)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/accounts/login/").read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode({"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    opener.open(base + "/accounts/login/", data.encode()).read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    code = f"{totp(device.bin_key, t0=device.t0, step=device.step):06d}"
    data = urllib.parse.urlencode({"code": code, "csrfmiddlewaretoken": token})
    page = opener.open(urllib.request.Request(base + "/accounts/two-factor/", data.encode(),
                                              headers={"Referer": base}))
    assert urllib.parse.urlparse(page.url).path == "/", page.url
    return opener, token


def _burst_then_kill(server, url, opener, token, entry, wanted):
    """Four writers post `entry(n, i, token)` (its label and body) to `url` until `wanted` have been answered, then
    the server is killed mid-burst and restarted once to show it comes back ready. The labels answered."""
    answered, refused, lock, stop = [], [], threading.Lock(), threading.Event()

    def writer(n):
        i = 0
        while not stop.is_set():
            label, data = entry(n, i, token)
            try:
                page = opener.open(urllib.request.Request(url, data, headers={"Referer": server.url}), timeout=30)
                body = page.read().decode()
                if page.url != url:  # saved: the form redirected to the case page, which answered
                    with lock:
                        answered.append(label)
                else:  # the form shown again: not saved
                    refused.append((page.status, re.findall(r'(?:errorlist|form-error)[^>]*>(.*?)</', body, re.S)))
            except urllib.error.HTTPError as exc:
                refused.append((exc.code, exc.read().decode()[:3000]))
            except OSError:
                return  # the server is gone
            i += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    try:
        for t in threads:
            t.start()
        deadline = time.monotonic() + 120
        while len(answered) < wanted and time.monotonic() < deadline:
            time.sleep(0.01)
        server.kill()  # mid-burst: requests in flight, transactions open
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
        server.stop()
    assert len(answered) >= wanted and not refused, refused[:1]
    restarted = Server(_env(), workers=1)
    try:
        assert restarted.json("/readyz")[0] == 200
    finally:
        restarted.stop()
    return answered


def test_a_burst_of_step_writes_killed_mid_way_keeps_every_answered_write_with_its_audit_row(world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    server = Server(_env(), workers=2)
    # One signed-in session (a code from the app is good once), shared by four writers at once.
    opener, token = _session(server.url, world.worker_a)

    def progress(n, i, token):
        text = f"経過 {n}-{i}"
        return text, urllib.parse.urlencode({"occurred_on": timezone.localdate().isoformat(), "kind": "service",
                                             "text": text, "csrfmiddlewaretoken": token}).encode()

    answered = _burst_then_kill(server, server.url + reverse("case_progress_new", args=[case.pk]),
                                opener, token, progress, wanted=40)
    saved = set(ProgressRecord.objects.filter(case=case, text__startswith="経過 ").values_list("text", flat=True))
    assert set(answered) <= saved  # every write that answered success is there
    # Nothing half-written: each step row has its access-log row, written in the same transaction.
    audited = AccessLog.objects.filter(case_id=case.pk, what="支援経過を記録").count()
    assert audited == ProgressRecord.objects.filter(case=case).count() >= len(answered)


def _intake(n: int, i: int, token: str) -> bytes:
    """A new consultation as the 相談受付 form posts it; each entry its own person (name and phone)."""
    return urllib.parse.urlencode({
        "received_on": timezone.localdate().isoformat(), "route": "visit", "family_name": "停電",
        "given_name": f"試験{n}-{i}", "family_name_kana": "ていでん", "given_name_kana": "しけん", "sex": "male",
        "birth_date": "1970-02-03", "phone_mobile": f"090-{n:04d}-{i:04d}", "complaints": ["income", "housing"],
        "main_complaint": "housing", "consultation_note": "寮を出される", "confirm_new": "1",
        "csrfmiddlewaretoken": token}, doseq=True).encode()


def test_a_burst_of_new_case_entries_killed_mid_way_keeps_every_answered_case_whole(world):
    server = Server(_env(), workers=2)
    opener, token = _session(server.url, world.worker_a)
    answered = _burst_then_kill(server, server.url + reverse("case_new"), opener, token,
                                lambda n, i, token: (f"試験{n}-{i}", _intake(n, i, token)), wanted=30)
    cases = Case.objects.filter(client__family_name="停電")
    assert set(answered) <= set(cases.values_list("client__given_name", flat=True))  # every answered entry is there
    # Nothing half-saved: no person without the case of the entry, each case with its intake (complaints, main
    # complaint, the note) and its access-log row, numbers unique, and the access log's chain still holds.
    assert not ClientModel.objects.filter(family_name="停電", cases__isnull=True).exists()
    assert not cases.exclude(main_complaint="housing", complaints=["income", "housing"],
                             consultation_note="寮を出される").exists()
    created = AccessLog.objects.filter(case_id__in=cases.values("pk"), what="相談受付（新規ケース登録）")
    assert created.count() == cases.count()
    assert len(set(cases.values_list("case_number", flat=True))) == cases.count()
    assert verify().intact
