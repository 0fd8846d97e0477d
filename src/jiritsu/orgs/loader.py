"""Load a prefecture's municipalities, welfare-office bodies and offices from data files.

Cities (市) run their own welfare office; towns and villages are covered by the prefecture acting as a
body under its prefecture code (Ibaraki: 08000). Idempotent: re-running updates in place.
"""
import csv
import datetime as dt
import json
from pathlib import Path

from django.db import transaction

from .models import Body, Municipality, Organisation, Prefecture

DATA_DIR = Path(__file__).resolve().parent / "data"


@transaction.atomic
def load_prefecture(config_path: Path | str = DATA_DIR / "ibaraki.json") -> Prefecture:
    config_path = Path(config_path)
    config = json.loads(config_path.read_text(encoding="utf-8"))
    pref, _ = Prefecture.objects.update_or_create(
        code=config["prefecture"]["code"], defaults={"name": config["prefecture"]["name"]}
    )
    rows = _read_municipalities(config_path.parent / config["municipalities_csv"])
    pref_body = _upsert_body(pref, pref.body_code, f"{pref.name}（町村部）", Body.Kind.PREFECTURE, None)
    core = {code: dt.date.fromisoformat(d) for code, d in config.get("core_cities", {}).items()}
    for row in rows:
        if row["kind"] == "市":
            body = _upsert_body(pref, row["code"], row["name"], Body.Kind.CITY, core.get(row["code"]))
        else:
            body = pref_body
        Municipality.objects.update_or_create(
            code=row["code"],
            defaults={
                "prefecture": pref, "name": row["name"], "kind": row["kind"], "county": row["county"],
                "region": row["region"], "population": int(row["population_2020"] or 0), "body": body,
            },
        )
    Organisation.objects.update_or_create(
        prefecture=pref, kind=Organisation.Kind.PREFECTURE, defaults={"name": config["policy_division"]}
    )
    for office in config.get("welfare_offices", []):
        org, _ = Organisation.objects.update_or_create(
            prefecture=pref, kind=Organisation.Kind.BODY_OFFICE, name=office["name"],
            defaults={"body": pref_body},
        )
        org.catchment.set(Municipality.objects.filter(code__in=office["municipalities"]))
    return pref


def _read_municipalities(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _upsert_body(pref, code, name, kind, core_since):
    unit = Body.SurveyUnit.CORE_CITY if core_since else Body.SurveyUnit.GENERAL
    body, _ = Body.objects.update_or_create(
        code=code,
        defaults={"prefecture": pref, "name": name, "kind": kind, "survey_unit": unit,
                  "survey_unit_since": core_since},
    )
    return body
