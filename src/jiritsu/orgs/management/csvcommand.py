"""What `jiritsu import organisations` and `jiritsu import staff` share: reading the file, the prefecture."""
from pathlib import Path

from django.core.management.base import CommandError

from jiritsu.core.csvfiles import FileProblem, decode_utf8_or_cp932, read_rows
from jiritsu.orgs.models import Prefecture


def read_csv(path: Path) -> tuple[list[str], list]:
    try:
        return read_rows(decode_utf8_or_cp932(path.read_bytes()))
    except OSError as exc:
        raise CommandError(f"ファイル「{path}」を読めません: {exc.strerror}") from None
    except FileProblem as exc:
        raise CommandError(f"{exc} 何も取り込んでいません。") from None


def prefecture(code: str | None) -> Prefecture:
    """The prefecture named by --prefecture, or the only one loaded."""
    prefectures = list(Prefecture.objects.order_by("code"))
    if code:
        found = [p for p in prefectures if p.code == code.strip()]
        if not found:
            raise CommandError(f"都道府県コード「{code}」の都道府県は登録されていません。")
        return found[0]
    if not prefectures:
        raise CommandError("都道府県が登録されていません。先に jiritsu setup-prefecture を実行してください。")
    if len(prefectures) > 1:
        codes = "、".join(p.code for p in prefectures)
        raise CommandError(f"都道府県が複数登録されています（{codes}）。--prefecture で指定してください。")
    return prefectures[0]


def report(command, path: Path, result, dry_run: bool) -> None:
    """The problems by row and column and the counts; raises CommandError (exit 1) when anything is wrong."""
    command.stdout.write(f"検証結果: {path.name}")
    for problem in result.problems:
        command.stdout.write(str(problem))
    if result.problems:
        raise CommandError(f"取込を中止しました：{len(result.problems)} 件の誤りがあります。何も取り込んでいません。",
                           returncode=1)
    if dry_run:
        command.stdout.write(f"誤りはありません。取り込む予定: {result.summary()}（--dry-run のため何も書き込んでいません）。")
    else:
        command.stdout.write(f"取り込みました: {result.summary()}。")
