"""Fictitious but plausible Ibaraki social resources for the demo database (names marked 架空/デモ).

Ids are derived from fixed names, so running setup-demo again updates the same objects.
"""
import datetime as dt
import uuid

from django.utils import timezone

from jiritsu.orgs.models import Municipality, Role, Staff

from . import models as m

DEMO_NAMESPACE = uuid.UUID("0b8e6f2a-93c4-4d7e-8a41-5f0d2c7b9e10")
WEEKDAYS = "MO,TU,WE,TH,FR"


def _id(*parts) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, ":".join(parts))


RESOURCES = [
    {
        "key": "foodbank", "org": "NPO法人いばらき食のわネット（架空）", "legal": "特定非営利活動法人",
        "org_description": "県内の企業・農家から寄付された食品を、相談機関を通じて生活に困っている世帯に届けるフードバンク。",
        "service": "緊急食料支援（フードバンク）", "needs": ["no_food", "income"],
        "description": "自立相談支援機関の依頼で、3〜7日分の食品を手渡しまたは配送します。",
        "application": "相談支援員が電話で依頼してください。本人からの直接申込は受け付けていません。",
        "fees": "無料", "municipality": "08201", "city": "水戸市", "address": "千波町1-2-3（架空）",
        "postal": "3100851", "phone": "029-000-0101", "area": "茨城県", "languages": [("ja", "日本語")],
        "schedule": (WEEKDAYS, "09:30", "16:00", "平日 9:30〜16:00"),
        "capacity": ("世帯分の食品", 20, 40, "今週お渡しできる食品セット"),
    },
    {
        "key": "meal", "org": "土浦まちの食堂ネット（架空）", "legal": "任意団体",
        "org_description": "土浦市内の地域食堂・子ども食堂の連絡会。",
        "service": "地域食堂（誰でも食堂）", "needs": ["no_food", "childcare", "community"],
        "description": "毎週土曜の昼、どなたでも低額で食事ができます。子どもは無料。",
        "application": "予約不要。初回は相談支援員の紹介があると席を確保します。",
        "fees": "大人300円、高校生以下無料", "municipality": "08203", "city": "土浦市", "address": "中央2-4-6（架空）",
        "postal": "3000043", "phone": "029-000-0202", "area": "土浦市", "languages": [("ja", "日本語")],
        "schedule": ("SA", "11:30", "14:00", "毎週土曜 11:30〜14:00"),
        "capacity": None,
    },
    {
        "key": "hellowork", "org": "ハローワーク水戸（デモ）", "legal": "国の機関",
        "org_description": "公共職業安定所。職業相談・職業紹介、生活保護受給者等就労自立促進事業の窓口。",
        "service": "生活困窮者向け就労支援窓口", "needs": ["job_search", "work_trouble", "income"],
        "description": "自立相談支援機関と連携し、担当者制で職業相談から定着まで支援します。",
        "application": "自立相談支援機関からの支援要請書により受け付けます。",
        "fees": "無料", "municipality": "08201", "city": "水戸市", "address": "水府町1573-1（デモ）",
        "postal": "3108509", "phone": "029-000-0303", "area": "水戸市",
        "languages": [("ja", "日本語"), ("en", "English"), ("pt", "Português")],
        "schedule": (WEEKDAYS, "08:30", "17:15", "平日 8:30〜17:15"),
        "capacity": None,
    },
    {
        "key": "housing", "org": "一般社団法人ひたち住まいサポート（架空）", "legal": "一般社団法人（居住支援法人）",
        "org_description": "住宅確保要配慮者居住支援法人。入居前の物件探しから入居後の見守りまで支援。",
        "service": "住まい探し・入居支援", "needs": ["housing", "rent_loan"],
        "description": "保証人がいない方の物件探し、同行内見、入居後の見守り訪問を行います。",
        "application": "電話で相談予約。相談支援員の同席を歓迎します。",
        "fees": "相談無料（家賃債務保証は実費）", "municipality": "08202", "city": "日立市",
        "address": "幸町1-10-1（架空）", "postal": "3170073", "phone": "0294-00-0404", "area": "日立市",
        "languages": [("ja", "日本語"), ("vi", "Tiếng Việt")],
        "schedule": (WEEKDAYS, "09:00", "17:00", "平日 9:00〜17:00"),
        "capacity": ("室", 2, 5, "提携する緊急入居可能な住戸"),
    },
    {
        "key": "shakyo", "org": "日立市社会福祉協議会（デモ）", "legal": "社会福祉法人",
        "org_description": "地域福祉の推進、生活福祉資金の貸付窓口。",
        "service": "生活福祉資金貸付・家計相談", "needs": ["income", "debt", "tax_utilities", "care"],
        "description": "緊急小口資金・総合支援資金の貸付相談。家計改善支援と連携します。",
        "application": "来所または電話で予約。本人確認書類をお持ちください。",
        "fees": "無料（貸付は償還が必要）", "municipality": "08202", "city": "日立市",
        "address": "助川町1-1-1（架空）", "postal": "3170063", "phone": "0294-00-0505", "area": "日立市",
        "languages": [("ja", "日本語")],
        "schedule": (WEEKDAYS, "08:30", "17:15", "平日 8:30〜17:15"),
        "capacity": None,
    },
]


# Availability of these two is read live from the shelter's rooms and the placement developer's tasks.
RESOURCES += [
    {
        "key": "shelter", "org": "一時生活支援 広域実施事業者（デモ）", "legal": "社会福祉法人",
        "org_description": "県の委託で、県営住宅の空き住戸を使った一時生活支援（衣食住の提供）を行う。",
        "service": "一時生活支援（県営住宅の居室）", "needs": ["housing"],
        "description": "住まいを失った方に、県内各地の県営住宅の居室を原則3か月まで無料で提供します。",
        "application": "自立相談支援機関から利用を依頼してください（急迫時は当日入居を調整）。",
        "fees": "無料", "municipality": "08201", "city": "水戸市", "address": "笠原町978-6（デモ）",
        "postal": "3108555", "phone": "029-000-0606", "area": "茨城県", "languages": [("ja", "日本語")],
        "schedule": (WEEKDAYS, "08:30", "17:15", "平日 8:30〜17:15（急迫時は随時）"),
        "capacity": None, "live": m.LiveCapacity.SHELTER_ROOMS,
    },
    {
        "key": "placement", "org": "就労体験・訓練先開拓事業者（デモNPO）", "legal": "特定非営利活動法人",
        "org_description": "県の委託で就労体験・就労訓練の受入れ先を開拓し、業務の切り出しとマッチングを行う。",
        "service": "就労体験・就労訓練の受入れ先の紹介", "needs": ["job_search", "withdrawal", "work_trouble"],
        "description": "県内の社会福祉法人・企業・農家での就労体験の受入れ枠を紹介し、初回は同行します。",
        "application": "自立相談支援機関の就労支援員から相談してください。",
        "fees": "無料", "municipality": "08201", "city": "水戸市", "address": "三の丸1-5-38（デモ）",
        "postal": "3100011", "phone": "029-000-0707", "area": "茨城県", "languages": [("ja", "日本語")],
        "schedule": (WEEKDAYS, "09:00", "17:00", "平日 9:00〜17:00"),
        "capacity": None, "live": m.LiveCapacity.PLACEMENT_SLOTS,
    },
]


# A meal-delivery service (配食) the shelter's provider orders from; loaded with the shelter's demo state
# (load_demo_meal_delivery), apart from RESOURCES, which the directory's own demo and tests are made of.
MEAL_DELIVERY = {
    "key": "mealdelivery", "org": "みと配食サービス（架空）", "legal": "株式会社",
    "org_description": "水戸市を中心に、高齢者や生活に困っている方へ弁当を届ける配食事業者。",
    "service": "弁当の配食（昼・夕）", "needs": ["no_food", "care"],
    "description": "一時生活支援の居室や自宅へ、昼食・夕食の弁当を届けます。アレルギー・減塩・刻み食に対応します。",
    "application": "委託事業者または相談支援員が前日までに電話・FAXで注文してください。",
    "fees": "1食500円（一時生活支援の利用中は事業費で負担）", "municipality": "08201", "city": "水戸市",
    "address": "赤塚1-2-3（架空）", "postal": "3114141", "phone": "029-000-0808", "area": "茨城県",
    "languages": [("ja", "日本語")], "schedule": ("MO,TU,WE,TH,FR,SA", "10:00", "18:00", "月〜土 10:00〜18:00"),
    "capacity": None,
}


def load_demo_meal_delivery() -> None:
    _load_resource(MEAL_DELIVERY)


def demo_service(key: str):
    """The demo service loaded under `key`, or None."""
    return m.Service.objects.filter(pk=_id(key, "service")).first()


def _upsert(model, pk, **fields):
    model.objects.update_or_create(id=pk, defaults=fields)


def load_demo_directory() -> int:
    """Upsert the demo resources; returns how many services there are."""
    for r in RESOURCES:
        _load_resource(r)
    return len(RESOURCES)


def _load_resource(r):
    key = r["key"]
    org, service, loc = _id(key, "org"), _id(key, "service"), _id(key, "location")
    _upsert(m.Organization, org, name=r["org"], description=r["org_description"], legal_status=r["legal"])
    _upsert(m.Service, service, organization_id=org, name=r["service"], description=r["description"],
            status=m.Service.Status.ACTIVE, application_process=r["application"], fees_description=r["fees"],
            needs=r["needs"], assured_date=dt.date(2024, 4, 1), live_capacity=r.get("live", ""))
    _upsert(m.Location, loc, organization_id=org, location_type=m.Location.LocationType.PHYSICAL,
            name=r["org"], external_identifier=r["municipality"],
            external_identifier_type=m.Location.MUNICIPALITY_CODE)
    _upsert(m.Address, _id(key, "address"), location_id=loc, address_1=r["address"], city=r["city"],
            state_province="茨城県", postal_code=r["postal"], country="JP",
            address_type=m.Location.LocationType.PHYSICAL)
    _upsert(m.ServiceAtLocation, _id(key, "sal"), service_id=service, location_id=loc)
    _upsert(m.Phone, _id(key, "phone"), organization_id=org, number=r["phone"], type="voice",
            description="代表")
    _upsert(m.Contact, _id(key, "contact"), service_id=service, department="相談機関との連携窓口",
            title="連携担当")
    _upsert(m.ServiceArea, _id(key, "area"), service_id=service, name=r["area"])
    byday, opens, closes, text = r["schedule"]
    _upsert(m.Schedule, _id(key, "schedule"), service_id=service, freq=m.Schedule.Freq.WEEKLY, byday=byday,
            opens_at=dt.time.fromisoformat(opens), closes_at=dt.time.fromisoformat(closes), description=text)
    for code, name in r["languages"]:
        _upsert(m.Language, _id(key, "language", code), service_id=service, code=code, name=name)
    if r["capacity"]:
        unit_name, available, maximum, description = r["capacity"]
        unit = _id("unit", unit_name)
        _upsert(m.Unit, unit, name=unit_name)
        _upsert(m.ServiceCapacity, _id(key, "capacity"), service_id=service, unit_id=unit, available=available,
                maximum=maximum, description=description,
                updated=timezone.now().replace(microsecond=0))


# (opened on, municipality code, kind, directory resource key or "", partner, notes, written by role)
DEVELOPMENT = [
    (dt.date(2023, 6, 12), "08201", m.ResourceKind.FOOD, "foodbank", "",
     "県域の食料支援について協定を締結。相談機関からの依頼で配送可。", Role.PREFECTURE_POLICY),
    (dt.date(2024, 2, 5), "08202", m.ResourceKind.HOUSING, "housing", "",
     "居住支援法人として登録済み。一時生活支援からの転居先探しで連携。", Role.PREFECTURE_POLICY),
    (dt.date(2024, 9, 10), "08203", m.ResourceKind.FOOD, "meal", "",
     "地域食堂の連絡会と面談。初回利用時の席確保を了承。", Role.PREFECTURE_POLICY),
    (dt.date(2024, 5, 20), "08226", m.ResourceKind.PLACEMENT, "", "デモ農園 ひだまりファーム",
     "収穫・袋詰め作業の切り出しを提案し、受入れ了承。", Role.PLACEMENT_DEVELOPER),
    (dt.date(2025, 1, 15), "08220", m.ResourceKind.PLACEMENT, "", "株式会社デモ物流つくば",
     "認定就労訓練（雇用型）の申請を支援。", Role.PLACEMENT_DEVELOPER),
    (dt.date(2025, 7, 1), "08222", m.ResourceKind.OTHER, "", "鹿行地域子ども食堂ネットワーク（架空）",
     "鹿行地域に食料支援の拠点がないため協議を開始。", Role.PREFECTURE_POLICY),
]


def load_demo_development() -> int:
    """Upsert the demo development log, written by the demo prefecture and placement-NPO staff."""
    writers = {}
    for staff in Staff.objects.filter(role__in=[Role.PREFECTURE_POLICY, Role.PLACEMENT_DEVELOPER]).order_by("pk"):
        writers.setdefault(staff.role, staff)
    towns = {t.code: t for t in Municipality.objects.filter(code__in=[row[1] for row in DEVELOPMENT])}
    loaded = 0
    for opened_on, code, kind, key, partner, notes, role in DEVELOPMENT:
        staff = writers.get(role)
        if staff is None or code not in towns:
            continue
        organization = m.Organization.objects.filter(pk=_id(key, "org")).first() if key else None
        m.DevelopmentRecord.objects.update_or_create(
            opened_on=opened_on, municipality=towns[code], kind=kind, opened_by=staff.organisation,
            defaults={"organization": organization, "partner_name": partner or organization.name, "notes": notes,
                      "recorded_by": staff.user})
        loaded += 1
    return loaded
