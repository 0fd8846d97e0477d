"""Field history of a case's records (django-simple-history), for the case page.

One row per changed field: when, who, which record, which item (the model field's Japanese label), the
value before and after, choices shown by their labels and dates in 和暦. Creation and deletion of a record
are one row each. A fixed number of queries whatever the length of the history: one per history table,
one for the people and one for the organisations named in it.

Apps built on cases add the changes of their own records of the case (the extension point: cases never
imports them). In its AppConfig.ready() an app registers a Source whose `rows(user, case)` returns rows of
the same shape (at, user, record, field, old, new), only those the user may see (none when its policy says
the user may not open its records), in a fixed number of queries.
"""
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models

from jiritsu.audit.timefmt import wareki_datetime
from jiritsu.core.wareki import format_wareki
from jiritsu.orgs.models import Organisation
from jiritsu.programs.catalog import PlanService, Program

from .choices import Complaint
from .models import (
    Assessment,
    Case,
    Client,
    Consent,
    Evaluation,
    Handoff,
    Meeting,
    MeetingItem,
    Plan,
)

# Bookkeeping and search copies, not something a worker changed.
SKIPPED = {"id", "version", "created_at", "updated_at", "recorded_at", "name_folded", "kana_folded",
           "phone_digits", "case", "body", "client", "evaluation", "decided_at", "withdrawn_at"}
# JSON lists of codes and the vocabulary that names them.
LIST_LABELS = {"complaints": Complaint, "services": PlanService}
CREATED, DELETED = "（新規登録）", "（削除）"


@dataclass(frozen=True)
class Source:
    key: str
    rows: Callable  # (user, case) -> list[dict] with at, user, record, field, old, new


_EXTRA: dict[str, Source] = {}


def register(source: Source) -> None:
    """Add (or replace, on a reload) the app's rows of the case's history under its key."""
    _EXTRA[source.key] = source


def _sources(case):
    meetings = MeetingItem.history.filter(case_id=case.pk).values("meeting_id")  # also those an item left
    return [
        (Client, Client.history.filter(id=case.client_id)),
        (Case, Case.history.filter(id=case.pk)),
        (Assessment, Assessment.history.filter(case_id=case.pk)),
        (Plan, Plan.history.filter(case_id=case.pk)),
        (Meeting, Meeting.history.filter(id__in=meetings)),
        (MeetingItem, MeetingItem.history.filter(case_id=case.pk)),
        (Consent, Consent.history.filter(case_id=case.pk)),
        (Handoff, Handoff.history.filter(case_id=case.pk)),
        (Evaluation, Evaluation.history.filter(case_id=case.pk)),
    ]


def _fields(model) -> list:
    return [f for f in model._meta.concrete_fields if f.name not in SKIPPED and f.editable]


def case_history(case, user=None) -> list[dict]:
    """Every recorded change to the case's records, newest first; with `user`, also the changes to the
    records of the registered apps that this user may see."""
    loaded = [(model, list(qs.order_by("id", "history_date", "history_id"))) for model, qs in _sources(case)]
    names = _Names(loaded)
    rows = []
    for model, records in loaded:
        previous = {}
        for record in records:
            rows.extend(_rows_for(model, previous.get(record.id), record, names))
            previous[record.id] = record
    if user is not None:
        for source in _EXTRA.values():
            rows.extend({"order": 0} | row for row in source.rows(user, case))
    rows.sort(key=lambda r: (r["at"], r["order"]), reverse=True)
    for r in rows:
        del r["order"]
    return rows


def _rows_for(model, before, record, names) -> list[dict]:
    base = {"at": record.history_date, "user": names.user(record.history_user_id),
            "record": _record_label(model, record, names), "order": record.history_id}
    if record.history_type == "+" or before is None:
        return [base | {"field": CREATED, "old": "", "new": ""}]
    if record.history_type == "-":
        return [base | {"field": DELETED, "old": "", "new": ""}]
    rows = []
    for field in _fields(model):
        old, new = getattr(before, field.attname), getattr(record, field.attname)
        if old != new:
            rows.append(base | {"field": str(field.verbose_name), "old": names.show(field, old),
                                "new": names.show(field, new)})
    return rows


def _record_label(model, record, names) -> str:
    label = str(model._meta.verbose_name)
    if model is Assessment:
        return f"{label}（{format_wareki(record.assessed_on)}）"
    if model is Plan:
        return f"{label} 第{record.number}版"
    if model is Meeting:
        return f"{label}（{format_wareki(record.held_on)}）"
    if model is Handoff:
        return f"{label}（{Program(record.program).label if record.program in Program.values else record.program}）"
    if model is Consent:
        return f"{label}（{format_wareki(record.applied_on)}申込）"
    if model is Evaluation:
        return f"{label}（{format_wareki(record.evaluated_on)}）"
    if model is MeetingItem:
        subject = f"プラン 第{names.plans[record.plan_id]}版" if record.plan_id in names.plans else "プラン評価"
        return f"{label}（{subject}）"
    return label


class _Names:
    """People, organisations and plan versions named in the history, fetched once for all rows."""

    def __init__(self, loaded):
        user_ids, org_ids = set(), set()
        self.plans, self.meetings = {}, {}
        for model, records in loaded:
            fk_users = [f.attname for f in _fields(model) if _target(f) is get_user_model()]
            fk_orgs = [f.attname for f in _fields(model) if _target(f) is Organisation]
            for r in records:
                user_ids.add(r.history_user_id)
                user_ids.update(getattr(r, a) for a in fk_users)
                org_ids.update(getattr(r, a) for a in fk_orgs)
                if model is Plan:
                    self.plans[r.id] = r.number
                if model is Meeting:
                    self.meetings[r.id] = r.held_on
        user_ids.discard(None)
        org_ids.discard(None)
        users = get_user_model().objects.filter(pk__in=user_ids).select_related("staff") if user_ids else []
        self.users = {u.pk: _person(u) for u in users}
        self.orgs = dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "name")) if org_ids else {}

    def user(self, pk) -> str:
        return self.users.get(pk, "") if pk else ""

    def show(self, field, value) -> str:
        """The value as the form shows it: labels for codes, 和暦 for dates, names for people."""
        if value is None or value == "" or value == []:
            return ""
        target = _target(field)
        if target is get_user_model():
            return self.users.get(value, "")
        if target is Organisation:
            return self.orgs.get(value, "")
        if target is Plan:
            return f"第{self.plans[value]}版" if value in self.plans else ""
        if target is Meeting:
            return f"{format_wareki(self.meetings[value])}の会議" if value in self.meetings else ""
        return _plain(field, value)


def _target(field):
    return field.related_model if isinstance(field, models.ForeignKey) else None


def _person(user) -> str:
    staff = getattr(user, "staff", None)
    return staff.display_name if staff else user.username


def _plain(field, value) -> str:
    if field.name in LIST_LABELS:
        vocabulary = LIST_LABELS[field.name]
        return "、".join(str(vocabulary(v).label) if v in vocabulary.values else str(v) for v in value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, dt.datetime):
        return wareki_datetime(value)
    if isinstance(value, dt.date):
        return format_wareki(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
