"""jiritsu: 生活困窮者自立支援の相談支援システム (support-process case management).

Usage:
    jiritsu migrate                      スキーマの作成・更新（デモデータなし） / create or upgrade the schema
    jiritsu setup-demo [--reset]         デモ用データベースの作成・更新 / create or refresh the demo database
    jiritsu demo [--port N]              setup-demo のあと http://127.0.0.1:8000 で起動 / set up, then serve
    jiritsu serve [--port N]             設定されたデータベースで起動 / serve the configured database
    jiritsu setup-prefecture FILE        都道府県の市町村・福祉事務所設置自治体を登録 / load a prefecture
    jiritsu import|report|export|match X  a two-word command is one management command (import cases: import_cases)
    jiritsu audit verify                 アクセス記録のハッシュの連鎖を検証 / verify the access log's hash chain
    jiritsu grant-runtime-role ROLE      PostgreSQL: 実行用ロールに必要な権限だけを付与 / grant the runtime role
    jiritsu list-api-tokens | revoke-api-token ID   APIトークンの一覧・失効 / list and revoke API tokens
    jiritsu reset-second-factor USERNAME  二要素認証のリセット（再登録させる） / make an account enrol anew
    jiritsu <command> --help             each command's options
    jiritsu <any manage.py command>      e.g. createsuperuser, makemigrations, shell

SQLite under ./var by default; PostgreSQL with DATABASE_URL=postgres://user@host:5432/name.
Production mode unless JIRITSU_ENV=demo (demo and setup-demo set it): it needs JIRITSU_SECRET_KEY.
"""
import os
import sys

ALIASES = {"setup-demo": "setup_demo", "demo": "run_demo", "serve": "serve", "issue-api-token": "issue_api_token"}
TWO_WORD = ("import", "report", "export", "match", "audit")
DEMO_COMMANDS = ("demo", "setup-demo")  # they run in demo mode (JIRITSU_ENV=demo) unless told otherwise


def management_argv(argv: list[str]) -> list[str]:
    """Translate `jiritsu ...` arguments to a manage.py command line."""
    command, rest = argv[0], argv[1:]
    # Two-word commands (`import cases`, `report monthly`, `export hsds`) map to one management command.
    if command in TWO_WORD and rest and not rest[0].startswith("-"):
        command, rest = f"{command}_{rest[0]}".replace("-", "_"), rest[1:]
    # Other hyphenated names (`issue-api-token`) are management commands with underscores.
    return ["jiritsu", ALIASES.get(command, command.replace("-", "_")), *rest]


def _ensure_sqlite_dir() -> None:
    """SQLite cannot create the folder of its file (./var on a fresh checkout)."""
    from pathlib import Path

    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3") and not str(db["NAME"]).startswith((":memory:", "file:")):
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiritsu.settings")
    argv = list(sys.argv[1:] if argv is None else argv)
    from django.core.management import execute_from_command_line

    if not argv or argv[0] in ("-h", "--help", "help"):
        if argv[1:]:  # `jiritsu help setup-demo` is `jiritsu setup-demo --help`
            execute_from_command_line([*management_argv(argv[1:]), "--help"])
            return
        print(__doc__)
        execute_from_command_line(["jiritsu", "help"])
        return
    if argv[0] in DEMO_COMMANDS:
        os.environ.setdefault("JIRITSU_ENV", "demo")
    _ensure_sqlite_dir()
    execute_from_command_line(management_argv(argv))


if __name__ == "__main__":
    main()
