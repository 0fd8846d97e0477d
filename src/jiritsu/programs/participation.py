"""Recording participation: the one place that writes Participation rows (UI form and CSV import).

The CSV (specs/participation.md): columns body_code, program, fiscal_year, method, and optionally
since (date the body started the program) and body_name (ignored; for people reading the file).
Errors are `row N, column C: message` with N the line number in the file (the header is row 1),
as a spreadsheet shows it. Any error: nothing is imported.
"""
import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from jiritsu.core.wareki import (
    fiscal_year_bounds,
    format_fiscal_year,
    parse_date,
    parse_fiscal_year,
)
from jiritsu.orgs.models import Body, normalise_body_code

from .catalog import Program, program_from_name
from .models import Method, Participation, method_from_name

REQUIRED_COLUMNS = ("body_code", "program", "fiscal_year", "method")
OPTIONAL_COLUMNS = ("since", "body_name")
FIRST_FY, LAST_FY = 2000, 2100


def check_since(since: dt.date | None, fy: int) -> None:
    """A body cannot have started a program after the end of a year it implemented it in."""
    if since is not None and since > fiscal_year_bounds(fy)[1]:
        raise ValueError(f"実施開始日が{format_fiscal_year(fy, short=False)}より後になっています。")


@transaction.atomic
def set_participation(*, user, body: Body, program: str, fiscal_year: int, method: str,
                      since: dt.date | None = None) -> tuple[Participation, str]:
    """Create or replace one (body, program, FY) row. Returns the row and created/updated/unchanged."""
    try:
        check_since(since, fiscal_year)
    except ValueError as exc:
        raise ValidationError({"since": str(exc)}) from None
    row = Participation.objects.select_for_update().filter(
        body=body, program=program, fiscal_year=fiscal_year).first()
    if row is None:
        row = Participation.objects.create(body=body, program=program, fiscal_year=fiscal_year, method=method,
                                           since=since, updated_by=user)
        return row, "created"
    if row.method == method and row.since == since:
        return row, "unchanged"
    row.method, row.since, row.updated_by = method, since, user
    row.save()
    return row, "updated"


@transaction.atomic
def clear_participation(*, user, body: Body, program: str, fiscal_year: int) -> bool:
    """Record that the body did not implement the program that year. True when a row was removed."""
    row = Participation.objects.filter(body=body, program=program, fiscal_year=fiscal_year).first()
    if row is None:
        return False
    row._history_user = user  # simple_history: who removed it
    row.delete()
    return True


# ---- CSV import ----

@dataclass
class ImportRow:
    line: int
    body: Body
    program: Program
    fiscal_year: int
    method: Method
    since: dt.date | None


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)
    counts: dict = field(default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0})

    def summary(self) -> str:
        c = self.counts
        return (f"{len(self.rows)} 行を取り込みました（新規 {c['created']}、更新 {c['updated']}、"
                f"変更なし {c['unchanged']}）。")


def decode(data: bytes) -> str:
    """UTF-8 with or without BOM."""
    return data.decode("utf-8-sig")


def read_rows(text: str) -> ImportResult:
    """Validate every row; the result holds either errors or rows ready to write."""
    result = ImportResult()
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    for col in REQUIRED_COLUMNS:
        if col not in header:
            result.errors.append(f"row 1, column {col}: 必須の列がありません。")
    for col in header:
        if col not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            result.errors.append(f"row 1, column {col}: 不明な列です（列名の誤りではありませんか）。")
    if result.errors:
        return result
    bodies = {b.code: b for b in Body.objects.all()}
    seen: dict[tuple, int] = {}
    for line, raw in enumerate(reader, start=2):
        values = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(values.values()):
            continue  # blank line
        row = _read_row(line, values, bodies, result.errors)
        if row is None:
            continue
        key = (row.body.code, row.program, row.fiscal_year)
        if key in seen:
            result.errors.append(f"row {line}, column body_code: row {seen[key]} と同じ団体・事業・年度の行です。")
            continue
        seen[key] = line
        result.rows.append(row)
    if not result.rows and not result.errors:
        result.errors.append("row 2, column body_code: 取り込む行がありません。")
    return result


def _read_row(line: int, values: dict, bodies: dict, errors: list) -> ImportRow | None:
    before = len(errors)

    def fail(column, message):
        errors.append(f"row {line}, column {column}: {message}")

    body = program = fy = method = since = None
    try:
        code = normalise_body_code(values.get("body_code", ""))
        body = bodies.get(code)
        if body is None:
            fail("body_code", f"団体コード「{code}」の福祉事務所設置自治体は登録されていません。")
    except ValueError as exc:
        fail("body_code", str(exc))
    try:
        program = program_from_name(values.get("program", ""))
    except ValueError as exc:
        fail("program", str(exc))
    try:
        fy = parse_fiscal_year(values.get("fiscal_year", "")) if values.get("fiscal_year") else None
        if fy is None:
            fail("fiscal_year", "年度を入力してください。")
        elif not FIRST_FY <= fy <= LAST_FY:
            fail("fiscal_year", f"年度「{values['fiscal_year']}」は範囲外です。")
    except ValueError as exc:
        fail("fiscal_year", str(exc))
    try:
        method = method_from_name(values.get("method", ""))
    except ValueError as exc:
        fail("method", str(exc))
    if values.get("since"):
        try:
            since = parse_date(values["since"])
            if fy is not None:
                check_since(since, fy)
        except ValueError as exc:
            fail("since", str(exc))
    if len(errors) > before:
        return None
    return ImportRow(line, body, program, fy, method, since)


def import_participation(text: str, *, user=None, dry_run: bool = False) -> ImportResult:
    """Validate, then write all rows in one transaction (or none when any row is invalid)."""
    result = read_rows(text)
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        for row in result.rows:
            _, outcome = set_participation(user=user, body=row.body, program=row.program,
                                           fiscal_year=row.fiscal_year, method=row.method, since=row.since)
            result.counts[outcome] += 1
    return result


def load_file(path, *, user=None) -> ImportResult:
    """Import a participation CSV from disk; raises ValueError with the row errors when invalid."""
    result = import_participation(decode(Path(path).read_bytes()), user=user)
    if result.errors:
        raise ValueError("\n".join(result.errors))
    return result


def load_ibaraki_history() -> ImportResult:
    """The seed's R元–R4 history (data/ibaraki-participation.csv; see data/README.md)."""
    return load_file(Path(__file__).resolve().parent / "data" / "ibaraki-participation.csv")
