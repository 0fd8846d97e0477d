"""For `jiritsu setup-demo` (idempotent): a few clearly fictitious work-experience sites and carved-out tasks,
matching profiles for some demo people in 就労準備支援, and an upcoming site tour."""
import datetime as dt
from decimal import Decimal

from django.utils import timezone

from jiritsu.orgs import geo
from jiritsu.orgs.models import Municipality

from .models import Profile, Site, Task, Tour
from .selectors import in_employment_prep, municipality_from_address
from .services import create_tour, record_visit, save_profile

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


# Development visits to each demo site: (days ago, outcome, next step, next visit in days from today or None).
DEMO_VISITS = {
    "デモ農園 ひだまりファーム": [
        (240, "（デモ）就労体験の受入れを打診。繁忙期の収穫作業なら受け入れられるとの回答。", "作業の切り出しを相談する", None),
        (120, "（デモ）収穫と袋詰め、苗のポット詰めを体験作業として切り出した。", "見学会を企画する", None),
    ],
    "社会福祉法人 デモのぞみ会": [
        (200, "（デモ）非雇用型の就労訓練事業所の認定について説明。清掃と配膳補助で受入れ可。", "認定申請を支援する", None),
        (60, "（デモ）認定を受けた。受入れの手順と連絡先を確認した。", "受入れ状況を確認する", 30),
    ],
    "株式会社デモ物流つくば": [
        (90, "（デモ）雇用型の就労訓練について説明。検品・仕分けで受入れを検討したいとの回答。", "条件を詰める", 14),
    ],
    "NPO法人 デモまちづくり日立": [
        (30, "（デモ）公園の花壇の手入れを体験作業として受け入れてもらえることになった。", "", None),
    ],
}
# (stage, hours/week, travel km, avoid, prefers) for the first demo people in 就労準備支援.
DEMO_PROFILES = [
    ("日常生活自立", 6, 15, ["対人業務"], ["屋外", "農作業"]),
    ("社会生活自立", 10, 20, ["力仕事"], ["屋内", "清掃"]),
    ("就労自立", 20, 25, [], ["事務", "PC作業"]),
    ("社会生活自立", 8, 10, ["対人業務", "調理"], ["軽作業"]),
    ("日常生活自立", 4, 30, [], ["屋外"]),
]
DEMO_TOUR_SITE = "デモ農園 ひだまりファーム"


def load_demo_site_visits(developer) -> int:
    """The development visits that found each demo site, recorded by the developer; sites that already have
    visits keep them. Returns the number of visits made."""
    today = timezone.localdate()
    made = 0
    for site in Site.objects.filter(name__in=DEMO_VISITS, visits__isnull=True).order_by("name"):
        for ago, outcome, next_step, next_in in DEMO_VISITS[site.name]:
            record_visit(user=developer, site=site, visited_on=today - dt.timedelta(days=ago), outcome=outcome,
                         next_step=next_step, next_on=today + dt.timedelta(days=next_in) if next_in else None)
            made += 1
    return made


def load_demo_matching(cases, developer) -> tuple[int, int]:
    """Matching profiles for a few demo people in 就労準備支援 and one upcoming site tour; idempotent (people who
    already have a profile keep it, a tour is added only when none is upcoming). Returns (profiles, tours) made."""
    made = 0
    wanted = len(DEMO_PROFILES) - Profile.objects.filter(case__in=cases).count()
    for case in cases.filter(placement_profile__isnull=True, closed_on__isnull=True).order_by("pk"):
        if made >= wanted:
            break
        if not in_employment_prep(case):
            continue
        stage, hours, travel, avoid, prefers = DEMO_PROFILES[made]
        home = municipality_from_address(case) or case.body.municipalities.order_by("code").first()
        save_profile(user=case.received_by, case=case, data={
            "stage": stage, "hours_per_week": Decimal(hours), "municipality": home, "max_travel_km": Decimal(travel),
            "avoid": avoid, "prefers": prefers})
        made += 1
    today = timezone.localdate()
    site = Site.objects.filter(name=DEMO_TOUR_SITE).first()
    if site is None or Tour.objects.filter(site=site, held_on__gte=today).exists():
        return made, 0
    create_tour(user=developer, site=site, held_on=today + dt.timedelta(days=14), starts_at=dt.time(10),
                capacity=8, note="畑の入口に集合。長靴があると便利です。")
    return made, 1
