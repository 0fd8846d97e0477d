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

from django.contrib.auth import get_user_model

from jiritsu.core.jsonrows import Rows, fetch
from jiritsu.orgs.models import Body, Organisation, Staff

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

# Each kind of record on the case: its related name, model, the staff fields naming who recorded it,
# and its order on the page (as the model's Meta.ordering unless the page wants another).
RECORDS = (
    ("consents", Consent, ("recorded_by", "withdrawn_by"), None),
    ("assessments", Assessment, ("recorded_by",), None),
    ("plans", Plan, ("recorded_by",), ("-number",)),
    ("decisions", Decision, ("decided_by",), None),
    ("meeting_items", MeetingItem, ("decided_by",), None),  # ordered by their meeting's date, once linked
    ("handoffs", Handoff, ("recorded_by",), None),
    ("monitorings", Monitoring, ("recorded_by",), None),
    ("evaluations", Evaluation, ("recorded_by",), None),
    ("outcomes", Outcome, ("recorded_by",), None),
    ("progress_records", ProgressRecord, ("author",), None),
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


def _people_ids() -> str:
    selects = [_ids_of_case(model, who) for _name, model, people, _o in RECORDS for who in people]
    selects += [f"SELECT {_column(model, who)} FROM {model._meta.db_table} WHERE {key} = %s"
                for _attr, model, key, people in _CASE_PEOPLE for who in people]
    return " UNION ".join(selects)


def _of_case_row(field: str) -> str:
    return f"id = (SELECT {_column(Case, field)} FROM {Case._meta.db_table} WHERE id = %s)"


_CONSENT_IDS = _ids_of_case(Consent, "id")
_KINDS = tuple(Rows(model, _of_case(model)) for _name, model, _p, _o in RECORDS) + (
    Rows(Client, _of_case_row("client")),
    Rows(Body, _of_case_row("body")),
    Rows(Triage, _of_case(Triage)),
    Rows(Closure, _of_case(Closure)),
    Rows(_PROFILE.related_model, _of_case(_PROFILE.related_model), fields=("case_id", "code", "status")),
    Rows(ScopeLink, f"{_column(ScopeLink, 'consent')} IN ({_CONSENT_IDS})"),
    Rows(PlanGoal, f"{_column(PlanGoal, 'plan')} IN ({_ids_of_case(Plan, 'id')})"),
    Rows(Meeting, f"id IN ({_ids_of_case(MeetingItem, 'meeting')})"),
    Rows(Organisation, f"id IN (SELECT {_column(Case, 'agency')} FROM {Case._meta.db_table} WHERE id = %s UNION "
                       f"{_ids_of_case(Handoff, 'provider')} UNION "
                       f"{_ids_of_case(ProgressRecord, 'organisation')} UNION "
                       f"SELECT {_column(ScopeLink, 'organisation')} FROM {ScopeLink._meta.db_table} "
                       f"WHERE {_column(ScopeLink, 'consent')} IN ({_CONSENT_IDS}))"),
    # Only what the page shows of a person: the name (staff) or else the user name.
    Rows(User, "id IN (SELECT id FROM case_people)", fields=("username",)),
    Rows(Staff, f"{_column(Staff, 'user')} IN (SELECT id FROM case_people)"),
)
# Everyone named on the case, found once for both the users and their staff records.
_SHARED = (("case_people(id)", _people_ids()),)


def load(case) -> None:
    """Read every record of `case` and leave it on the case as the ORM's prefetching would."""
    *records, client, body, triage, closure, profile, links, goals, meetings, orgs, users, staff = fetch(
        _KINDS, case.pk, shared=_SHARED)
    found = {name: rows for (name, *_rest), rows in zip(RECORDS, records, strict=True)}
    orgs = {o.pk: o for o in orgs}
    people = _people(users, staff)
    _link_case(case, client, body, orgs, triage + closure + profile)
    for name, model, who, order in RECORDS:
        for record in found[name]:
            record.case = case
            for field in who:
                _set_person(record, field, people)
        _sort(found[name], order or model._meta.ordering)
    _link_plans(found, goals)
    _link_meetings(found, {m.pk: m for m in meetings})
    for h in found["handoffs"]:
        h.provider = orgs[h.provider_id]
    for r in found["progress_records"]:
        r.organisation = orgs[r.organisation_id]
    _link_scopes(found["consents"], links, orgs)
    for attr, _model, _key, who in _CASE_PEOPLE:
        record = getattr(case, attr, None) if attr else case  # a missing one-to-one reads as None
        for field in who if record is not None else ():
            _set_person(record, field, people)
    for name, model, _who, _order in RECORDS:
        _keep(case, name, model.objects.filter(case_id=case.pk), found[name])


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
        _keep(plan, "goals", PlanGoal.objects.filter(plan_id=pk), by_plan[pk])


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
        named = sorted(by_consent[c.pk], key=lambda o: (o.kind, o.name))
        _keep(c, "scope", Organisation.objects.filter(consents=c.pk), named)


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


def _keep(obj, name: str, qs, rows: list) -> None:
    """Make `obj.<name>.all()` answer `rows` without a query, as prefetch_related() leaves it. `qs` is the
    relation's own filter, so a later .filter() on it still reads only this object's rows."""
    qs._result_cache = rows
    qs._prefetch_done = True
    obj.__dict__.setdefault("_prefetched_objects_cache", {})[name] = qs
