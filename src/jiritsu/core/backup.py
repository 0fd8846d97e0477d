"""Backup and restore of the whole system: the database and the uploaded files, in one file.

The file is a tar archive (readable by its owner only: it holds every person's data) of
  manifest.json      what it holds: engine, when, the applied migrations, the rows of each table;
  database.pgdump    PostgreSQL: `pg_dump --format=custom`, a consistent snapshot taken while the app runs;
  database.sqlite3   SQLite: a copy made through SQLite's online backup API, consistent while the app runs;
  media/...          the uploaded files (MEDIA_ROOT).
It is written beside its destination and renamed when complete, so a backup interrupted half-way never
leaves a file that looks whole.

Restore refuses a database that already has tables, or a media folder that has files, unless forced. On
PostgreSQL the forced restore drops the schema and reloads the archive in ONE transaction (pg_restore's SQL
run through psql --single-transaction), so a failed restore leaves the database as it was; on SQLite the
online backup API replaces the database in one step. The PostgreSQL tools come from Debian's
postgresql-client of the server's major version; the connection travels in PG* environment variables,
never on a command line.
"""
import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "jiritsu-backup/1"
DUMP = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
CHUNK = 1 << 20


class BackupError(Exception):
    """A problem the person running the command can act on; the message is in Japanese."""


@dataclass
class Manifest:
    engine: str
    created_at: str
    migrations: list
    tables: dict  # table -> rows
    media_files: int

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, **self.__dict__}, ensure_ascii=False, indent=1)


def _connection(alias=DEFAULT_DB_ALIAS):
    return connections[alias]


def table_counts(alias=DEFAULT_DB_ALIAS) -> dict:
    connection = _connection(alias)
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env(connection) -> dict:
    s = connection.settings_dict
    env = {**os.environ, "PGDATABASE": s["NAME"], "PGHOST": s.get("HOST") or "", "PGPORT": str(s.get("PORT") or ""),
           "PGUSER": s.get("USER") or "", "PGPASSWORD": s.get("PASSWORD") or "", "PGAPPNAME": "jiritsu backup"}
    return {k: v for k, v in env.items() if v != "" or k not in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD")}


def _run(args: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    if shutil.which(args[0]) is None:
        raise BackupError(f"{args[0]} が見つかりません。サーバーと同じ版の postgresql-client を入れてください"
                          "（Debian: apt-get install postgresql-client-15）。")
    done = subprocess.run(args, env=env, capture_output=True, **kwargs)
    if done.returncode != 0:
        raise BackupError(f"{args[0]} が失敗しました: {done.stderr.decode(errors='replace').strip()[-2000:]}")
    return done


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


def backup(destination: Path | str, alias=DEFAULT_DB_ALIAS) -> Manifest:
    destination = Path(destination)
    connection = _connection(alias)
    if connection.vendor not in DUMP:
        raise BackupError(f"{connection.vendor} のバックアップには対応していません。")
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".jiritsu-backup-") as work:
        work = Path(work)
        dump = work / DUMP[connection.vendor]
        connection.ensure_connection()
        manifest = Manifest(engine=connection.vendor, created_at=timezone.now().isoformat(),
                            migrations=sorted(f"{a}.{n}" for a, n in MigrationRecorder(connection).applied_migrations()),
                            tables=table_counts(alias), media_files=0)
        if connection.vendor == "postgresql":
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"],
                 _pg_env(connection))
        else:
            target = sqlite3.connect(dump)
            try:
                connection.connection.backup(target)  # SQLite's online backup API: a consistent copy
            finally:
                target.close()
        files = _media_files()
        manifest.media_files = len(files)
        partial = work / "backup.tar"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as tar:
            _add_bytes(tar, "manifest.json", manifest.to_json().encode())
            tar.add(dump, arcname=dump.name)
            root = Path(settings.MEDIA_ROOT)
            for path in files:
                tar.add(path, arcname=f"media/{path.relative_to(root).as_posix()}")
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, destination)  # complete, or not there at all
    return manifest


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(dt.datetime.now().timestamp()), 0o600
    tar.addfile(info, io.BytesIO(data))


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    except (KeyError, AttributeError, ValueError):
        raise BackupError("jiritsu のバックアップファイルではありません（manifest.json がありません）。") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"対応していない形式のバックアップです（{manifest.get('format')}）。")
    return manifest


def is_empty(alias=DEFAULT_DB_ALIAS) -> bool:
    """No table at all in the database, and no uploaded file."""
    connection = _connection(alias)
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    return not tables and not _media_files()


def restore(source: Path | str, *, force: bool = False, alias=DEFAULT_DB_ALIAS) -> dict:
    """Replace the database and the uploaded files with the backup's. Returns its manifest."""
    source = Path(source)
    connection = _connection(alias)
    try:
        tar = tarfile.open(source, mode="r:")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"バックアップファイル「{source}」を読めません: {exc}") from None
    with tar, tempfile.TemporaryDirectory(prefix=".jiritsu-restore-") as work:
        manifest = read_manifest(tar)
        if manifest["engine"] != connection.vendor:
            raise BackupError(f"このバックアップは {manifest['engine']} のものです。{connection.vendor} の"
                              "データベースには復元できません（同じ種類のデータベースに復元してください）。")
        if not force and not is_empty(alias):
            raise BackupError("復元先のデータベース（またはアップロードファイルの保存先）は空ではありません。"
                              "いまの内容をすべて置き換えてよい場合だけ --force を付けて実行してください。")
        tar.extractall(work, filter="data")
        work = Path(work)
        if connection.vendor == "postgresql":
            _restore_postgresql(connection, work / DUMP["postgresql"])
        else:
            _restore_sqlite(connection, work / DUMP["sqlite"])
        _restore_media(work / "media")
    return manifest


def _restore_postgresql(connection, dump: Path) -> None:
    connection.close()  # the schema is dropped under it
    env = _pg_env(connection)
    for tool in ("pg_restore", "psql"):
        if shutil.which(tool) is None:
            _run([tool], env)
    script = subprocess.Popen(["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(dump)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    psql = subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", "-"],
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        # Dropped and reloaded in the one transaction psql runs: a failure leaves the database untouched.
        psql.stdin.write(b"DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n")
        shutil.copyfileobj(script.stdout, psql.stdin, CHUNK)
        psql.stdin.close()
    except BrokenPipeError:
        pass  # psql stopped at an error: its message follows
    script_error, psql_error = script.stderr.read(), psql.stderr.read()
    if script.wait() != 0 or psql.wait() != 0:
        message = (psql_error or script_error).decode(errors="replace").strip()[-2000:]
        raise BackupError(f"復元に失敗しました（データベースは元のままです）: {message}")


def _restore_sqlite(connection, dump: Path) -> None:
    source = sqlite3.connect(dump)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)  # replaces every page of the database in one step
    finally:
        source.close()
    connection.close()  # the next query reads the restored schema afresh


def _restore_media(extracted: Path) -> None:
    root = Path(settings.MEDIA_ROOT)
    if root.exists():
        shutil.rmtree(root)
    if extracted.is_dir():
        shutil.copytree(extracted, root)
    else:
        root.mkdir(parents=True, exist_ok=True)

