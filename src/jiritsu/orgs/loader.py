"""Load a prefecture's municipalities and welfare-office bodies from its file (docs/prefecture-file.md).

The one loader: `jiritsu setup-prefecture` and the demo both call load_prefecture(). The whole file is
checked first and every problem named by file, row and column; nothing is written unless all is right.
Idempotent: a second run updates in place and changes nothing.

By default a city (市) runs its own welfare office and towns and villages are covered by the prefecture
acting as a body under its prefecture code (Ibaraki: 08000); a municipality's `body_code` says otherwise
(a town with its own office, or a city whose office the prefecture runs).
"""
import csv
import datetime as dt
import io
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import Body, Municipality, Organisation, Prefecture, normalise_body_code

DATA_DIR = Path(__file__).resolve().parent / "data"
# Prefectures shipped with the package, by the name `jiritsu setup-prefecture NAME` accepts.
SHIPPED = {"ibaraki": DATA_DIR / "ibaraki.json"}
MUNICIPALITY_COLUMNS = ("code", "name", "kind", "county", "region", "population_2020", "body_code")
REQUIRED_COLUMNS = ("code", "name", "kind", "population_2020")
KINDS = {k.value for k in Municipality.Kind}
SURVEY_UNITS = {"core_cities": Body.SurveyUnit.CORE_CITY, "designated_cities": Body.SurveyUnit.DESIGNATED_CITY}
MAX_POPULATION = 40_000_000


class PrefectureFileError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class PrefectureData:
    code: str
    name: str
    policy_division: str
    municipalities: list[dict] = field(default_factory=list)
    survey_units: dict = field(default_factory=dict)  # body code -> (unit, since)

    @property
    def body_code(self) -> str:
        return f"{self.code}000"


def resolve(name_or_path: str | Path) -> Path:
    """A shipped prefecture's name (`ibaraki`) or a path to a prefecture file."""
    return SHIPPED.get(str(name_or_path).lower(), Path(name_or_path))


def read_prefecture(path: Path | str) -> PrefectureData:
    """Parse and check the file; raises PrefectureFileError listing every problem."""
    path = Path(path)
    problems: list[str] = []
    try:
        config = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise PrefectureFileError([f"ファイル「{path}」を読めません: {exc.strerror}"]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f"（{exc.lineno}行目）" if isinstance(exc, json.JSONDecodeError) else ""
        raise PrefectureFileError([f"{path.name}: UTF-8 の JSON として読めません{where}。"]) from None
    if not isinstance(config, dict):
        raise PrefectureFileError([f"{path.name}: JSON のオブジェクト（{{...}}）で書いてください。"])
    pref = config.get("prefecture") if isinstance(config.get("prefecture"), dict) else {}
    code, name = str(pref.get("code", "")).strip(), str(pref.get("name", "")).strip()
    if not (len(code) == 2 and code.isdigit() and 1 <= int(code) <= 47):
        problems.append(f"{path.name}, prefecture.code: 都道府県コードは 01〜47 の2桁で書いてください。")
    if not name or len(name) > 20:
        problems.append(f"{path.name}, prefecture.name: 都道府県名を20文字以内で書いてください。")
    division = str(config.get("policy_division", "")).strip()
    if not division or len(division) > 80:
        problems.append(f"{path.name}, policy_division: 県の政策担当課の名称を80文字以内で書いてください。")
    data = PrefectureData(code=code, name=name, policy_division=division)
    source, rows = _municipality_rows(path, config, problems)
    data.municipalities = _check_municipalities(source, rows, code, problems)
    _check_survey_units(path.name, config, data, problems)
    if problems:
        raise PrefectureFileError(problems)
    return data


def _municipality_rows(path: Path, config: dict, problems: list) -> tuple[str, list[tuple[int, dict]]]:
    """(where, [(row number, cells)]): from the CSV file the JSON names, or inline in the JSON."""
    if "municipalities" in config:
        items = config["municipalities"]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            problems.append(f"{path.name}, municipalities: 市町村はオブジェクトの配列で書いてください。")
            return path.name, []
        # Inline rows count from 1, the first municipality.
        return f"{path.name} municipalities", [(n, {k: str(v) for k, v in item.items()})
                                                for n, item in enumerate(items, start=1)]
    name = str(config.get("municipalities_csv", ""))
    if not name:
        problems.append(f"{path.name}: municipalities（配列）か municipalities_csv（CSV ファイル名）が必要です。")
        return path.name, []
    csv_path = path.parent / name
    try:
        text = csv_path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        problems.append(f"{path.name}, municipalities_csv: ファイル「{name}」を読めません: {exc.strerror}")
        return name, []
    except UnicodeDecodeError:
        problems.append(f"{name}: UTF-8 で保存してください。")
        return name, []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    for column in header:
        if column not in MUNICIPALITY_COLUMNS:
            problems.append(f"{name} row 1, column {column or '(空欄)'}: 不明な列名です。")
    for column in REQUIRED_COLUMNS:
        if column not in header:
            problems.append(f"{name} row 1, column {column}: 必須の列がありません。")
    # CSV rows are numbered as a spreadsheet shows them: the header is row 1.
    return name, [(n, row) for n, row in enumerate(reader, start=2) if any((v or "").strip() for v in row.values())]


def _check_municipalities(source: str, rows: list, pref_code: str, problems: list) -> list[dict]:
    checked, codes = [], {}
    for number, cells in rows:
        def fail(column, message, number=number):
            problems.append(f"{source} row {number}, column {column}: {message}")

        v = {k: unicodedata.normalize("NFKC", (cells.get(k) or "").strip()) for k in MUNICIPALITY_COLUMNS}
        v["name"], v["county"], v["region"] = (cells.get(k, "").strip() for k in ("name", "county", "region"))
        try:
            v["code"] = normalise_body_code(v["code"])
            if pref_code and not v["code"].startswith(pref_code):
                fail("code", f"団体コード「{v['code']}」はこの都道府県（{pref_code}）のものではありません。")
            elif v["code"].endswith("000"):
                fail("code", "末尾 000 は都道府県のコードです。市町村のコードを書いてください。")
            elif v["code"] in codes:
                fail("code", f"団体コード「{v['code']}」が row {codes[v['code']]} と重複しています。")
            codes.setdefault(v["code"], number)
        except ValueError as exc:
            fail("code", str(exc))
        if not v["name"] or len(v["name"]) > 40:
            fail("name", "市町村名を40文字以内で書いてください。")
        if v["kind"] not in KINDS:
            fail("kind", f"種別「{v['kind']}」は 市・町・村 のいずれかで書いてください。")
        for column in ("county", "region"):
            if len(v[column]) > 20:
                fail(column, "20文字以内で書いてください。")
        population = v["population_2020"].replace(",", "")
        if not population.isdigit() or int(population) > MAX_POPULATION:
            fail("population_2020", "国勢調査人口を0以上の整数で書いてください。")
        else:
            v["population_2020"] = int(population)
        checked.append((number, v))
    for number, v in checked:
        _normalise_body_code(source, number, v, pref_code, problems)
    own = {v["code"] for _, v in checked if v["body_code"] == v["code"]} | {f"{pref_code}000"}
    for number, v in checked:
        if v["body_code"] and v["body_code"] not in own:
            problems.append(f"{source} row {number}, column body_code: 団体コード「{v['body_code']}」は福祉事務所を"
                            f"設置する団体ではありません（この市町村自身、自ら設置する市町村、または都道府県"
                            f"（{pref_code}000））。")
    return [v for _, v in checked]


def _normalise_body_code(source, number, v, pref_code, problems) -> None:
    """Blank: the usual rule (a city its own body, a town or village the prefecture)."""
    if not v["body_code"]:
        v["body_code"] = v["code"] if v["kind"] == "市" else f"{pref_code}000"
        return
    try:
        v["body_code"] = normalise_body_code(v["body_code"])
    except ValueError as exc:
        problems.append(f"{source} row {number}, column body_code: {exc}")
        v["body_code"] = ""


def _check_survey_units(filename: str, config: dict, data: PrefectureData, problems: list) -> None:
    """core_cities / designated_cities: {city code: the date it began reporting on its own}."""
    own_bodies = {m["code"] for m in data.municipalities if m["body_code"] == m["code"]}
    for key, unit in SURVEY_UNITS.items():
        entries = config.get(key, {})
        if not isinstance(entries, dict):
            problems.append(f"{filename}, {key}: {{\"団体コード\": \"YYYY-MM-DD\"}} の形で書いてください。")
            continue
        for code, since in entries.items():
            where = f"{filename}, {key}「{code}」"
            if code not in own_bodies:
                problems.append(f"{where}: 福祉事務所を設置する市町村の団体コードではありません。")
            elif code in data.survey_units:
                problems.append(f"{where}: 中核市と指定都市の両方に書かれています。")
            try:
                data.survey_units[code] = (unit, dt.date.fromisoformat(str(since)))
            except ValueError:
                problems.append(f"{where}: 日付は YYYY-MM-DD で書いてください。")


@transaction.atomic
def load_prefecture(path: Path | str = SHIPPED["ibaraki"]) -> Prefecture:
    data = read_prefecture(resolve(path))
    pref, _ = Prefecture.objects.update_or_create(code=data.code, defaults={"name": data.name})
    bodies = {data.body_code: _upsert_body(pref, data.body_code, f"{pref.name}（町村部）", Body.Kind.PREFECTURE,
                                           (Body.SurveyUnit.GENERAL, None))}
    for row in data.municipalities:
        if row["body_code"] == row["code"]:
            kind = Body.Kind.CITY if row["kind"] == "市" else Body.Kind.TOWN
            unit = data.survey_units.get(row["code"], (Body.SurveyUnit.GENERAL, None))
            bodies[row["code"]] = _upsert_body(pref, row["code"], row["name"], kind, unit)
    for row in data.municipalities:
        Municipality.objects.update_or_create(
            code=row["code"],
            defaults={
                "prefecture": pref, "name": row["name"], "kind": row["kind"], "county": row["county"],
                "region": row["region"], "population": row["population_2020"], "body": bodies[row["body_code"]],
            },
        )
    # By name: `jiritsu import organisations` may add other departments of the prefecture.
    Organisation.objects.get_or_create(prefecture=pref, kind=Organisation.Kind.PREFECTURE, name=data.policy_division)
    return pref


def _upsert_body(pref, code, name, kind, survey_unit):
    unit, since = survey_unit
    body, _ = Body.objects.update_or_create(
        code=code,
        defaults={"prefecture": pref, "name": name, "kind": kind, "survey_unit": unit, "survey_unit_since": since},
    )
    return body
