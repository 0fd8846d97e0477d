"""jiritsu backup / restore: the demo round-trips, every table equal, uploads included, the access log
still verifies; a non-empty database is refused unless forced."""
import io
import os
import tarfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from jiritsu.audit.chain import verify
from jiritsu.audit.models import AccessLog
from jiritsu.core.backup import BackupError, restore
from jiritsu.demo import generate
from jiritsu.orgs.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)


def every_table() -> dict:
    """Every table's rows, sorted: what a restore must give back exactly."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        content = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            content[table] = sorted(cursor.fetchall(), key=repr)
    return content


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "outreach" / "2025").mkdir(parents=True)
    material = settings.MEDIA_ROOT / "outreach" / "2025" / "運営会議資料.pdf"
    material.write_bytes(b"%PDF-1.4 " + os.urandom(2048))
    return settings.MEDIA_ROOT


def test_the_demo_round_trips_with_every_table_equal_and_the_log_still_verifying(media, tmp_path):
    generate.setup_demo(cases=40)
    archive = tmp_path / "backups" / "demo.jiritsu"
    out = StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "バックアップしました" in out.getvalue() and "アップロードファイル 4 件" in out.getvalue()
    assert archive.stat().st_mode & 0o077 == 0  # personal data: readable by its owner only
    backed_up = every_table()
    upload = (media / "outreach" / "2025" / "運営会議資料.pdf").read_bytes()

    # Life goes on after the backup: a new organisation, more log rows, an upload replaced.
    Organisation.objects.create(prefecture=Organisation.objects.first().prefecture, kind="audit", name="後から")
    call_command("audit_verify", stdout=StringIO())
    (media / "outreach" / "2025" / "運営会議資料.pdf").write_bytes(b"changed")
    (media / "later.txt").write_text("after the backup")

    with pytest.raises(CommandError, match="空ではありません"):
        call_command("restore", str(archive), stdout=StringIO())
    assert Organisation.objects.filter(name="後から").exists()  # refused: nothing touched

    out = StringIO()
    call_command("restore", str(archive), "--force", stdout=out)
    assert "復元しました" in out.getvalue()
    restored = every_table()
    log_table = AccessLog._meta.db_table
    restore_row = AccessLog.objects.order_by("-id").first()
    assert restore_row.what.startswith("バックアップから復元：demo.jiritsu")
    # The log as backed up, plus the one row saying it was restored.
    assert [row for row in restored[log_table] if row[0] != restore_row.pk] == backed_up[log_table]
    del restored[log_table], backed_up[log_table]
    assert restored == backed_up
    assert not Organisation.objects.filter(name="後から").exists()
    assert (media / "outreach" / "2025" / "運営会議資料.pdf").read_bytes() == upload
    assert not (media / "later.txt").exists()
    verdict = verify()
    assert verdict.intact and verdict.rows == AccessLog.objects.count()


def test_a_backup_of_one_engine_is_not_restored_into_the_other(tmp_path, media):
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    archive = tmp_path / "other.jiritsu"
    manifest = (f'{{"format": "jiritsu-backup/1", "engine": "{other}", "created_at": "2025-04-01T00:00:00", '
                '"migrations": [], "tables": {}, "media_files": 0}').encode()
    with tarfile.open(archive, "w") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
    with pytest.raises(BackupError, match=f"{other} のものです"):
        restore(archive, force=True)


def test_a_file_that_is_not_a_backup_is_refused_in_japanese(tmp_path, media):
    junk = tmp_path / "junk.jiritsu"
    junk.write_bytes(b"\x00not a tar")
    with pytest.raises(CommandError, match="読めません"):
        call_command("restore", str(junk), "--force", stdout=StringIO())
