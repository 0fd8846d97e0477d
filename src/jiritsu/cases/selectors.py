"""Reads of case data, always through the policy scope. Callers audit what they show."""
import datetime as dt

from django.db.models import Q
from django.utils import timezone

from jiritsu.core.choices import enum_labels
from jiritsu.core.text import digits, fold
from jiritsu.core.wareki import DateParseError, parse_date
from jiritsu.orgs.models import Body, Organisation
from jiritsu.programs.catalog import PlanService, Program

from . import policies
from .choices import HandoffMode, Status
from .models import Case, Client, Handoff, Meeting, MeetingItem, Plan

LIST_RELATED = ("client", "agency", "body", "assigned_to__staff")


def search_cases(user, query: str = "", *, status: str = "", include_closed: bool = True,
                 related: tuple = LIST_RELATED):
    """Name (kanji or kana, any width), phone, birth date (和暦 or Western) or case number.

    Several words narrow the search (all must match), so "山田 S60.6.1" finds one person. `related`: what
    is joined to each case (a page that shows less joins less)."""
    qs = policies.visible_cases(user).select_related(*related)
    if status:
        qs = qs.filter(status=status)
    elif not include_closed:
        qs = qs.exclude(status=Status.CLOSED)
    q = (query or "").strip()
    if q:
        staff = policies.staff_of(user)
        if policies.is_owner_side(user):
            # A case's person belongs to the case's body: match the body's people first (from an index
            # holding the searchable columns), then their cases, instead of joining every case to its
            # person just to test the name.
            people = Client.objects.filter(body_id=staff.organisation.body_id)

            def person(cond: Q) -> Q:
                return Q(client__in=people.filter(cond))
            bodies = frozenset()
        else:
            def person(cond: Q) -> Q:
                return _on_client(cond)
            # A provider's lists show "日立市 2026-00038" (Body.case_label): pasted back, the body's name is a word.
            bodies = frozenset(Body.objects.values_list("name", flat=True))
        qs = qs.filter(_query_filter(q, person, bodies))
    return qs.order_by("-received_on", "-id")


def _on_client(cond: Q) -> Q:
    """The same condition, its lookups followed from the case to its person."""
    moved = Q()
    moved.connector, moved.negated = cond.connector, cond.negated
    moved.children = [_on_client(c) if isinstance(c, Q) else (f"client__{c[0]}", c[1]) for c in cond.children]
    return moved


def _query_filter(q: str, person, bodies=frozenset()) -> Q:
    # The whole text first: 和暦 dates and phone numbers may contain spaces ("昭和60年 6月1日").
    whole = _term_filter(q, person, words_allowed=False)
    if whole is not None:
        return whole
    cond = Q()
    for word in q.split():  # str.split() also splits on the full-width space
        cond &= Q(body__name=word) if word in bodies else _term_filter(word, person, words_allowed=True)
    return cond


def _term_filter(term: str, person, *, words_allowed: bool) -> Q | None:
    """`person(Q(...))` turns a condition on the person (Client) into one on the case."""
    number_match = Q(case_number__iexact=term.strip())
    try:
        return number_match | person(Q(birth_date=parse_date(term)))
    except DateParseError:
        pass
    number = digits(term)
    folded = fold(term)
    if number and len(number) >= 4 and len(number) >= len(folded.replace("-", "")) - 1:
        return number_match | person(Q(phone_digits__contains=number)) | Q(case_number__icontains=term.strip())
    if not words_allowed and len(term.split()) > 1:
        return None
    return number_match | person(Q(name_folded__contains=folded) | Q(kana_folded__contains=folded))


def regularisation_gaps(case: Case) -> list[dict]:
    """For each temporary-use, urgent or move-on hand-off, whether a decided plan covers it (正規化済,
    Handoff.is_regularised) and, if not, what must still happen."""
    gaps = []
    special = [h for h in case.handoffs.all() if h.mode != HandoffMode.REGULAR]
    if not special:
        return gaps
    plans = list(case.plans.all())
    assessed = bool(case.assessments.all())  # the case page has them prefetched
    for h in special:
        if h.is_regularised:
            gaps.append({"handoff": h, "missing": [], "regularised": True})
            continue
        covering = [p for p in plans if h.program in p.services and p.state != Plan.State.SUPERSEDED]
        missing = []
        if not assessed:
            missing.append("アセスメント")
        if not covering:
            missing.append(f"プラン（案）への{Program(h.program).label}の記載")
        if not any(p.state == Plan.State.APPROVED for p in covering):
            missing.append("支援調整会議での了承")
        missing.append("支援決定")
        gaps.append({"handoff": h, "missing": missing, "regularised": False})
    return gaps


def latest_assessment(case: Case):
    """The case's most recent assessment (the latest date; the last recorded that day), or None."""
    return case.assessments.order_by("-assessed_on", "-pk").first()


def monitoring_due(case: Case) -> dt.date | None:
    """Kept on the case by services.derived (the rule is there)."""
    return case.monitoring_due if case.status == Status.IN_SUPPORT else None


def evaluation_due(case: Case) -> dt.date | None:
    """Kept on the case by services.derived (the rule is there)."""
    return case.evaluation_due if case.status == Status.IN_SUPPORT else None


def providers_of_prefecture(*, case) -> list[Organisation]:
    """The providers of the case's prefecture, by name: whom a hand-off may name (each then checked by the
    hand-off's own rules, eligibility.handoff_refusal)."""
    return list(Organisation.objects.filter(kind=Organisation.Kind.PROVIDER, prefecture_id=case.body.prefecture_id)
                .order_by("name", "pk"))


def cases_shown(*, ids):
    """The cases a page shows, for their shown values or access-log rows (the page's own lists, read in the
    user's scope, decided which)."""
    return Case.objects.filter(pk__in=ids)


def visible_clients(user):
    """People with at least one case the user may open."""
    return Client.objects.filter(pk__in=policies.visible_cases(user).values("client_id"))


def intake_clients(user):
    """People a new consultation may be taken for as already known: those with a case the user may open and,
    for the body's own staff, the body's people with no case yet (someone who so far only applied for a
    benefit, e.g. 住居確保給付金), so that they are not entered twice when they come to consult."""
    visible = Q(pk__in=policies.visible_cases(user).values("client_id"))
    if policies.is_owner_side(user):
        body_id = policies.staff_of(user).organisation.body_id
        visible |= Q(body_id=body_id, cases__isnull=True)
    return Client.objects.filter(visible).distinct()


def get_client_or_404(user, pk) -> Client:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(visible_clients(user), pk=pk)


def provider_caseload(user):
    """A provider's open hand-offs, each with the case (already in the provider's scope)."""
    staff = policies.staff_of(user)
    visible = policies.visible_cases(user).values("pk")
    return (
        Handoff.objects.filter(provider_id=staff.organisation_id, ended_on__isnull=True, case__in=visible)
        .select_related("case__client", "case__body")
        .order_by("-started_on")
    )


def meetings_for(user):
    staff = policies.staff_of(user)
    if staff is None or not policies.is_owner_side(user):
        return Meeting.objects.none()
    return Meeting.objects.filter(body_id=staff.organisation.body_id)


def upcoming_meetings(user):
    """The body's meetings from today on, soonest first: where a case can be tabled or an item moved."""
    return meetings_for(user).filter(held_on__gte=timezone.localdate()).order_by("held_on", "id")


def get_meeting_or_404(user, pk) -> Meeting:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(meetings_for(user), pk=pk)


def get_agenda_item_or_404(user, pk) -> MeetingItem:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(MeetingItem.objects.select_related("meeting", "case"), pk=pk,
                             meeting__in=meetings_for(user))


def service_label(code: str) -> str:
    return str(enum_labels(PlanService).get(code, code))



