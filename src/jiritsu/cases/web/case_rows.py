"""What the case page's lists show, as plain values for its templates (cases/_definitions.html and the
stepper, timeline and progress loops): labels, names and choices worked out here, the markup and its
escaping left to the templates."""
from jiritsu.core.text import names_line
from jiritsu.core.wareki import age_on, format_wareki


def stepper(steps: list[dict]) -> list[dict]:
    """The stepper's items, each with its CSS classes: done, current (aria-current), skipped on a closed
    case and, on a special path, still missing."""
    items = []
    for s in steps:
        flags = {"done": s["done"], "current": s["current"], "missing": s.get("missing", False),
                 "skipped": s.get("skipped", False)}
        items.append({"label": s["label"], **flags, "classes": " ".join(name for name, on in flags.items() if on)})
    return items


def progress(records, who) -> list[dict]:
    """The progress records (支援経過), newest first, each with the names of its organisation and author."""
    return [{"record": r, "names": names_line(r.organisation.name, who(r.author), sep="・")} for r in records]


def person(client, sections, household: str, today) -> list[tuple]:
    """本人: only the parts of the person the user may see (policies.sections)."""
    rows = []
    if "identity" in sections:
        birth = client.birth_date
        rows += [("氏名", client.full_name), ("ふりがな", client.full_kana),
                 ("生年月日", f"{format_wareki(birth)}（{age_on(birth, today)}歳）" if birth else ""),
                 ("性別", client.get_sex_display())]
    if "contact" in sections:
        phones = [f"{kind} {number}" for kind, number in (("自宅", client.phone_home), ("携帯", client.phone_mobile))
                  if number]
        rows += [("電話", " ".join(phones)),
                 ("住所", f"〒{client.postal_code} {client.address or '—'}" if client.postal_code else client.address)]
        if client.email:
            rows.append(("E-mail", client.email))
    if "assessment_background" in sections:
        rows.append(("世帯", household or "（アセスメント前）"))
    return definitions(rows)


def intake(case, who) -> list[tuple]:
    """相談受付: the intake form's answers (triage and closure follow in the template)."""
    rows = [("受付日", format_wareki(case.received_on)), ("受付者", who(case.received_by)),
            ("担当者", who(case.assigned_to)), ("相談経路", case.get_route_display())]
    if case.visitor_name:
        rows.append(("来談者", f"{case.visitor_name}（{case.visitor_relation}）{case.visitor_phone}"))
    b_items = "／".join(f"{label}：{getattr(case, f'get_{field}_display')() or '—'}" for label, field in _B_ITEMS)
    rows += [("主訴", case.get_main_complaint_display()), ("相談内容", "、".join(case.complaint_labels())),
             ("相談内容（自由記述）", case.consultation_note, "consultation-note"), ("B票", b_items)]
    return definitions(rows)


_B_ITEMS = (("仕事", "work_status"), ("住居", "housing_status"), ("健康保険", "health_insurance"), ("年金", "pension"))


def definitions(rows: list[tuple]) -> list[tuple]:
    """(label, value[, class of the value]) rows for cases/_definitions.html, each as (label, value, class)."""
    return [(label, value, css[0] if css else "") for label, value, *css in rows]
