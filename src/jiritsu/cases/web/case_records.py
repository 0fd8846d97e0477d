"""Everything recorded on one case, read in one query and linked as the ORM links it.

The case page shows up to a dozen kinds of record (consents, plans and their goals, meetings, hand-offs,
progress ...) and who recorded each. One query per kind was most of the page's cost, so all of them come
back from a single statement (core.jsonrows). They are then linked as prefetch_related() and
select_related() would leave them: `case.plans.all()`, `plan.goals.all()`, `consent.scope.all()`,
`item.meeting`, `handoff.provider`, `record.recorded_by.staff` ... answer without a further query, so
the selectors and other apps' template tags that read the case work unchanged.

The case row itself is not read here: it comes from `policies.get_case_or_404`, which decides whether the
user may see it at all; its person, body, agency, triage and closure come with the records, so the case
query joins nothing.
"""
import operator
from functools import cache

from django.contrib.auth import get_user_model

from jiritsu.core.jsonrows import Rows, fetch
from jiritsu.orgs.models import Body, Organisation, Staff

from ..choices import Status
from ..models import (
    Assessment,
    Case,
    Client,
    Closure,
    Consent,
    Decision,
    Evaluation,
    Handoff,
    Meeting,
    MeetingItem,
    Monitoring,
    Outcome,
    Plan,
    PlanGoal,
    ProgressRecord,
    Triage,
)

User = get_user_model()
ScopeLink = Consent.scope.through

# What each status can already hold. The process never goes back before the plan (process.py), so a case
# still before it has no plan, meeting, decision, monitoring or evaluation, and before the application no
# consent, hand-off or outcome: the statement leaves those tables out (each table costs its planning).
_BEFORE_APPLICATION = frozenset({Status.RECEIVED, Status.CONTINUING})
_BEFORE_ASSESSMENT = _BEFORE_APPLICATION | {Status.APPLIED}
_BEFORE_PLAN = _BEFORE_ASSESSMENT | {Status.ASSESSED}

# Each kind of record on the case: its related name, model, the staff fields naming who recorded it, its
# order on the page (as the model's Meta.ordering unless the page wants another) and the statuses that
# cannot hold it yet.
RECORDS = (
    ("consents", Consent, ("recorded_by", "withdrawn_by"), None, _BEFORE_APPLICATION),
    ("assessments", Assessment, ("recorded_by",), None, _BEFORE_ASSESSMENT),
    ("plans", Plan, ("recorded_by",), ("-number",), _BEFORE_PLAN),
    ("decisions", Decision, ("decided_by",), None, _BEFORE_PLAN),
    ("meeting_items", MeetingItem, ("decided_by",), None, _BEFORE_PLAN),  # ordered by meeting date, once linked
    ("handoffs", Handoff, ("recorded_by",), None, _BEFORE_APPLICATION),
    ("monitorings", Monitoring, ("recorded_by",), None, _BEFORE_PLAN),
    ("evaluations", Evaluation, ("recorded_by",), None, _BEFORE_PLAN),
    ("outcomes", Outcome, ("recorded_by",), None, _BEFORE_APPLICATION),
    ("progress_records", ProgressRecord, ("author",), None, frozenset()),
)
# People named on the case row and on its one-to-one records (which come with the case): the attribute
# of the case holding the record (None: the case itself), its model and the column naming the case.
_CASE_PEOPLE = ((None, Case, "id", ("received_by", "assigned_to")),
                ("triage", Triage, "case_id", ("recorded_by",)),
                ("closure", Closure, "case_id", ("recorded_by",)))
_PLAN_OF = ("decisions", "meeting_items", "handoffs", "monitorings", "evaluations")
# The matching profile (placements) whose code and status the page's placements tag shows: read here too,
# as select_related("placement_profile") would, so the tag needs no query of its own.
_PROFILE = Case._meta.get_field("placement_profile")


def _column(model, field: str) -> str:
    return model._meta.get_field(field).column


def _of_case(model) -> str:
    return f"{_column(model, 'case')} = %s"


def _ids_of_case(model, field: str) -> str:
    return f"SELECT {_column(model, field)} FROM {model._meta.db_table} WHERE {_of_case(model)}"


def _of_case_row(field: str) -> str:
    return f"id = (SELECT {_column(Case, field)} FROM {Case._meta.db_table} WHERE id = %s)"


@cache
def _statement(held: frozenset) -> tuple:
    """The kinds to read for a case whose status can hold the records named in `held`, and the shared
    subquery naming everyone who recorded them."""
    records = [(name, model) for name, model, *_rest in RECORDS if name in held]
    kinds = {name: Rows(model, _of_case(model)) for name, model in records}
    kinds |= {
        "client": Rows(Client, _of_case_row("client")),
        "body": Rows(Body, _of_case_row("body")),
        "triage": Rows(Triage, _of_case(Triage)),
        "closure": Rows(Closure, _of_case(Closure)),
        "profile": Rows(_PROFILE.related_model, _of_case(_PROFILE.related_model), fields=("case_id", "code", "status")),
        "orgs": Rows(Organisation, f"id IN ({' UNION '.join(_org_ids(held))})"),
        # Only what the page shows of a person: the name (staff) or else the user name.
        "users": Rows(User, "id IN (SELECT id FROM case_people)", fields=("username",)),
        "staff": Rows(Staff, f"{_column(Staff, 'user')} IN (SELECT id FROM case_people)"),
    }
    consents = _ids_of_case(Consent, "id")
    if "consents" in held:
        kinds["scope"] = Rows(ScopeLink, f"{_column(ScopeLink, 'consent')} IN ({consents})")
    if "plans" in held:
        kinds["goals"] = Rows(PlanGoal, f"{_column(PlanGoal, 'plan')} IN ({_ids_of_case(Plan, 'id')})")
    if "meeting_items" in held:
        kinds["meetings"] = Rows(Meeting, f"id IN ({_ids_of_case(MeetingItem, 'meeting')})")
    people = [_ids_of_case(model, who) for name, model, whos, *_rest in RECORDS if name in held for who in whos]
    people += [f"SELECT {_column(model, who)} FROM {model._meta.db_table} WHERE {key} = %s"
               for _attr, model, key, whos in _CASE_PEOPLE for who in whos]
    # Everyone named on the case, found once for both the users and their staff records.
    return tuple(kinds), tuple(kinds.values()), (("case_people(id)", " UNION ".join(people)),)


def _org_ids(held) -> list[str]:
    """Organisations the page names: the case's agency, hand-off providers, authors' organisations, and
    the organisations a consent names."""
    ids = [f"SELECT {_column(Case, 'agency')} FROM {Case._meta.db_table} WHERE id = %s",
           _ids_of_case(ProgressRecord, "organisation")]
    if "handoffs" in held:
        ids.append(_ids_of_case(Handoff, "provider"))
    if "consents" in held:
        ids.append(f"SELECT {_column(ScopeLink, 'organisation')} FROM {ScopeLink._meta.db_table} "
                   f"WHERE {_column(ScopeLink, 'consent')} IN ({_ids_of_case(Consent, 'id')})")
    return ids


def load(case) -> None:
    """Read every record of `case` and leave it on the case as the ORM's prefetching would."""
    held = frozenset(name for name, *_rest, before in RECORDS if case.status not in before)
    names, kinds, shared = _statement(held)
    read = dict(zip(names, fetch(kinds, case.pk, shared=shared), strict=True))
    found = {name: read.get(name, []) for name, *_rest in RECORDS}
    orgs = {o.pk: o for o in read["orgs"]}
    people = _people(read["users"], read["staff"])
    _link_case(case, read["client"], read["body"], orgs, read["triage"] + read["closure"] + read["profile"])
    for name, model, who, order, _before in RECORDS:
        for record in found[name]:
            record.case = case
            for field in who:
                _set_person(record, field, people)
        _sort(found[name], order or model._meta.ordering)
    _link_plans(found, read.get("goals", []))
    _link_meetings(found, {m.pk: m for m in read.get("meetings", [])})
    for h in found["handoffs"]:
        h.provider = orgs[h.provider_id]
    for r in found["progress_records"]:
        r.organisation = orgs[r.organisation_id]
    _link_scopes(found["consents"], read.get("scope", []), orgs)
    for attr, _model, _key, who in _CASE_PEOPLE:
        record = getattr(case, attr, None) if attr else case  # a missing one-to-one reads as None
        for field in who if record is not None else ():
            _set_person(record, field, people)
    for name, model, _who, _order, _before in RECORDS:
        # A kind the status cannot hold yet is empty, and so is any later filter of it.
        qs = _scoped(model, case_id=case.pk) if name in held else model.objects.none()
        _keep(case, name, qs, found[name])


def _link_case(case, client, body, orgs, one_to_one: list) -> None:
    """What select_related("client", "body", "agency", "triage", "closure", "placement_profile") sets."""
    case.client, = client
    case.body, = body
    case.agency = orgs[case.agency_id]
    found = {type(record): record for record in one_to_one}
    for relation in (Case._meta.get_field("triage"), Case._meta.get_field("closure"), _PROFILE):
        record = found.get(relation.related_model)
        relation.set_cached_value(case, record)  # None: there is none
        if record is not None:
            relation.field.set_cached_value(record, case)


def _people(users, staff) -> dict:
    profiles = {s.user_id: s for s in staff}
    staff_of_user = User._meta.get_field("staff")
    for user in users:
        staff_of_user.set_cached_value(user, profiles.get(user.pk))
    return {u.pk: u for u in users}


def _set_person(record, field: str, people: dict) -> None:
    person_id = getattr(record, f"{field}_id")
    if person_id is not None:
        setattr(record, field, people[person_id])


def _link_plans(found, goals) -> None:
    plans = {p.pk: p for p in found["plans"]}
    decision_of = Plan._meta.get_field("decision")
    decided = {d.plan_id: d for d in found["decisions"]}
    for plan in found["plans"]:
        decision_of.set_cached_value(plan, decided.get(plan.pk))
    for name in _PLAN_OF:
        for record in found[name]:
            if record.plan_id in plans:
                record.plan = plans[record.plan_id]
    by_plan = {pk: [] for pk in plans}
    for goal in _sort(goals, PlanGoal._meta.ordering):
        goal.plan = plans[goal.plan_id]
        by_plan[goal.plan_id].append(goal)
    for pk, plan in plans.items():
        _keep(plan, "goals", _scoped(PlanGoal, plan_id=pk), by_plan[pk])


def _link_meetings(found, meetings) -> None:
    evaluations = {e.pk: e for e in found["evaluations"]}
    for item in found["meeting_items"]:
        item.meeting = meetings[item.meeting_id]
        if item.evaluation_id is None or item.evaluation_id in evaluations:  # an item's evaluation is its case's
            item.evaluation = evaluations.get(item.evaluation_id)
    found["meeting_items"].sort(key=lambda i: (i.meeting.held_on, i.pk), reverse=True)


def _link_scopes(consents, links, orgs) -> None:
    by_consent = {c.pk: [] for c in consents}
    for link in links:
        by_consent[link.consent_id].append(orgs[link.organisation_id])
    for c in consents:
        # Organisation's ordering (kind, body code, name) less the body code, which is not read here.
        named = sorted(by_consent[c.pk], key=lambda o: (o.kind, o.name))
        _keep(c, "scope", _scoped(Organisation, consents=c.pk), named)


def _sort(rows: list, ordering) -> list:
    """Sort in place by a Meta.ordering-like list of local field names ("-" for descending)."""
    for name in reversed(ordering):
        field = name.lstrip("-")
        rows.sort(key=operator.attrgetter("pk" if field == "id" else _attname(rows, field)),
                  reverse=name.startswith("-"))
    return rows


def _attname(rows, field: str) -> str:
    if not rows:
        return field
    return rows[0]._meta.get_field(field).attname


def _scoped(model, **lookup):
    """The relation's own queryset, its filter compiled only if someone filters it further (as Django's
    related managers defer theirs): building a dozen filters cost more than the rest of the linking."""
    qs = model._default_manager.all()
    qs._defer_next_filter = True
    return qs.filter(**lookup)


def _keep(obj, name: str, qs, rows: list) -> None:
    """Make `obj.<name>.all()` answer `rows` without a query, as prefetch_related() leaves it. `qs` is the
    relation's own filter, so a later .filter() on it still reads only this object's rows."""
    qs._result_cache = rows
    qs._prefetch_done = True
    obj.__dict__.setdefault("_prefetched_objects_cache", {})[name] = qs
