"""A few clearly fictitious work-experience sites and carved-out tasks for `jiritsu setup-demo` (idempotent)."""
import datetime as dt
from decimal import Decimal

from jiritsu.orgs.models import Municipality

from . import geo
from .models import Site, Task

# (kind, name, municipality code, certification, hosting hours, tasks)
# task: (title, min stage, hours/week, physical, interpersonal, features, capacity)
DEMO_SITES = [
    (Site.Kind.FARMER, "デモ農園 ひだまりファーム", "08226", Site.Certification.NON_EMPLOYMENT, "火・木 9:00〜12:00", [
        ("野菜の収穫と袋詰め", "日常生活自立", 6, "medium", "few", ["屋外", "農作業"], 2),
        ("苗のポット詰め", "日常生活自立", 4, "light", "few", ["屋内", "農作業", "軽作業"], 1),
    ]),
    (Site.Kind.WELFARE_CORP, "社会福祉法人 デモのぞみ会", "08201", Site.Certification.NON_EMPLOYMENT,
     "月〜金 10:00〜15:00", [
        ("施設内の清掃", "社会生活自立", 10, "medium", "few", ["屋内", "清掃", "立ち仕事"], 2),
        ("配膳の補助", "社会生活自立", 8, "light", "many", ["屋内", "対人業務", "調理"], 1),
    ]),
    (Site.Kind.COMPANY, "株式会社デモ物流つくば", "08220", Site.Certification.EMPLOYMENT, "月〜土 9:00〜17:00", [
        ("検品・仕分け", "就労自立", 20, "medium", "some", ["屋内", "軽作業", "立ち仕事"], 3),
        ("伝票の入力", "就労自立", 15, "light", "few", ["屋内", "事務", "PC作業"], 1),
    ]),
    (Site.Kind.NPO, "NPO法人 デモまちづくり日立", "08202", Site.Certification.NONE, "水・土 13:00〜16:00", [
        ("公園の花壇の手入れ", "日常生活自立", 4, "light", "some", ["屋外", "軽作業"], 2),
    ]),
]


def load_demo_sites() -> int:
    """Upsert the demo sites and their tasks by name; returns the number of sites."""
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=[s[2] for s in DEMO_SITES])}
    for kind, name, code, certification, hours, tasks in DEMO_SITES:
        municipality = municipalities[code]
        lat, lon = geo.centre_of(municipality)
        certified_until = dt.date(2027, 3, 31) if certification != Site.Certification.NONE else None
        site, _ = Site.objects.update_or_create(name=name, defaults={
            "kind": kind, "municipality": municipality, "address": f"{municipality.name}（デモ）", "lat": lat,
            "lon": lon, "located_by_centre": True, "contact_name": "デモ 担当", "contact_phone": "029-000-0000",
            "certification": certification, "certified_until": certified_until, "hosting_hours": hours,
        })
        for title, stage, per_week, physical, interpersonal, features, capacity in tasks:
            Task.objects.update_or_create(site=site, title=title, defaults={
                "min_stage": stage, "hours_per_week": Decimal(per_week), "physical_load": physical,
                "interpersonal_load": interpersonal, "features": features, "capacity": capacity,
            })
    return len(DEMO_SITES)
