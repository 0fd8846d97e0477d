"""Approximate centres (city-hall positions) of Ibaraki's municipalities: where a placement site without
coordinates is put, and where the directory's gap chart places each region."""
import csv
from functools import cache
from pathlib import Path

CENTRES_CSV = Path(__file__).parent / "data" / "ibaraki-municipality-centres.csv"


@cache
def municipality_centres() -> dict[str, tuple[float, float]]:
    with CENTRES_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(handle)}


def centre_of(municipality) -> tuple[float, float] | None:
    return municipality_centres().get(municipality.code) if municipality is not None else None
