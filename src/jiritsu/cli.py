"""The `jiritsu` console script: a thin front to Django's management commands.

    jiritsu migrate | setup-demo | demo | serve [--port N] | import ... | report ... | <any manage.py command>
"""
import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiritsu.settings")
    argv = list(sys.argv[1:] if argv is None else argv)
    from django.core.management import execute_from_command_line

    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        execute_from_command_line(["jiritsu", "help"])
        return
    command, rest = argv[0], argv[1:]
    # Two-word commands (`import cases`, `report monthly`, `export hsds`) map to one management command.
    if command in ("import", "report", "export", "match") and rest and not rest[0].startswith("-"):
        command, rest = f"{command}_{rest[0]}".replace("-", "_"), rest[1:]
    command = {"setup-demo": "setup_demo", "demo": "run_demo", "serve": "serve",
               "issue-api-token": "issue_api_token"}.get(command, command)
    if command == "migrate":
        from pathlib import Path

        from django.conf import settings  # noqa: F401  (settings decide DATA_DIR)

        Path(os.environ.get("JIRITSU_DATA_DIR", Path.cwd() / "var")).mkdir(parents=True, exist_ok=True)
    execute_from_command_line(["jiritsu", command, *rest])


if __name__ == "__main__":
    main()
