"""Reads of 住居確保給付金: the body's amounts in force, applications in the user's scope, the payments of a
month. Callers audit what they show of people."""
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.http import Http404

from jiritsu.cases import policies as case_policies
from jiritsu.cases import services as case_services
from jiritsu.cases.models import Client
from jiritsu.core.ids import parse_id
from jiritsu.core.text import fold
from jiritsu.core.wareki import fiscal_year_bounds

from . import policies, rules
from .models import Application, BenefitLimit, JobSearchMonth, Payment


def limits_in_force(body_id: int, on: dt.date) -> dict[int, BenefitLimit]:
    """Household size → the row in force on the day (the latest from that day or before)."""
    table: dict[int, BenefitLimit] = {}
    for row in BenefitLimit.objects.filter(body_id=body_id, valid_from__lte=on).order_by("household_size",
                                                                                          "valid_from"):
        table[row.household_size] = row
    return table


def limit_for(body_id: int, household_size: int, on: dt.date) -> BenefitLimit | None:
    """The amounts for the size; a household larger than every configured size takes the largest one's."""
    table = limits_in_force(body_id, on)
    if household_size in table:
        return table[household_size]
    if table and household_size > max(table):
        return table[max(table)]
    return None


def limits_history(body_id: int):
    return BenefitLimit.objects.filter(body_id=body_id).order_by("-valid_from", "household_size")


@dataclass
class Check:
    """The eligibility check of an application against the body's amounts on its date."""

    limit: BenefitLimit | None
    reasons: list[str]
    amount: int | None

    @property
    def eligible(self) -> bool:
        return not self.reasons


def check(application: Application) -> Check:
    limit = limit_for(application.body_id, application.household_size, application.received_on)
    figures = application.figures()
    reasons = rules.refusal_reasons(figures, limit.as_rule() if limit else None)
    amount = rules.monthly_amount(figures, limit.as_rule()) if limit and not reasons else None
    return Check(limit, reasons, amount)


def application_or_404(user, pk) -> tuple[Application, object]:
    """The application and its case (None for one without a case) if the user may open it: a case in the
    user's scope, or, without a case, the user's own body. Else 404, whatever the id."""
    if not policies.can_use(user):
        raise Http404("申請が見つかりません。")
    application = Application.objects.select_related("client", "body").filter(pk=parse_id(pk) or 0).first()
    if application is None:
        raise Http404("申請が見つかりません。")
    if application.case_id is None:
        if not policies.sees_body_application(user, application.body_id):
            raise Http404("申請が見つかりません。")
        return application, None
    case = case_policies.get_case_or_404(user, application.case_id)
    return application, case


def case_applications(case):
    return Application.objects.filter(case_id=case.pk).order_by("-received_on", "-pk")


def open_application(case) -> Application | None:
    """The person's open application, with this case or another, or on its own."""
    return Application.objects.filter(client_id=case.client_id, status__in=Application.OPEN).first()


def unlinked_applications(case):
    """The person's applications recorded without a case, to link to this one."""
    return Application.objects.filter(client_id=case.client_id, body_id=case.body_id,
                                      case__isnull=True).order_by("-received_on", "-pk")


def latest_for_case_page(case) -> Application | None:
    """The case's latest application or, when it has none, the person's latest recorded without a case (to link):
    one query for the case page's panel, `application.case_id` telling which it is."""
    mine_first = F("case_id").asc(nulls_last=True)  # rows are this case's or have none
    return (Application.objects.filter(Q(case_id=case.pk) | Q(client_id=case.client_id, body_id=case.body_id,
                                                               case__isnull=True))
            .order_by(mine_first, "-received_on", "-pk").first())


def person_cases(user, application):
    """The cases of the application's person the user may open (to link one), newest first."""
    return case_policies.visible_cases(user).filter(client_id=application.client_id).order_by("-received_on")


def open_case_of(user, client):
    """The person's latest case still open that the user may open, or None."""
    return (case_policies.visible_cases(user).filter(client_id=client.pk, closed_on__isnull=True)
            .order_by("-received_on", "-pk").first())


def case_by_number(user, number: str):
    """The case with this number among those the user may open (their own body's), or None."""
    return case_policies.visible_cases(user).filter(case_number=number.strip()).first()


def possible_people(user, person: dict):
    """The body's people who may be the one applying (same name or kana with the birth date, or the same phone):
    the intake's own duplicate check, so a person is never entered twice whichever door they came in by."""
    return list(case_services.find_possible_duplicates(
        body_id=policies.body_id_of(user), family_name=person.get("family_name", ""),
        given_name=person.get("given_name", ""),
        kana=person.get("family_name_kana", "") + person.get("given_name_kana", ""),
        birth_date=person.get("birth_date"), phones=(person.get("phone_home", ""), person.get("phone_mobile", ""))))


def body_person_or_none(user, pk) -> Client | None:
    """A person of the user's body (chosen among the possible duplicates), or None."""
    return Client.objects.filter(body_id=policies.body_id_of(user), pk=parse_id(pk) or 0).first()


def visible_applications(user):
    """Every application the user may open: those of the cases in scope and the body's own without a case."""
    return Application.objects.filter(Q(case__in=case_policies.visible_cases(user))
                                      | Q(case__isnull=True, body_id=policies.body_id_of(user)))


def body_applications(user, status: str | None = None, query: str = ""):
    """The applications the user may open, newest first, with their people: with a case or without. `query`
    narrows to a name or kana (any width, spaces ignored) or a case number."""
    applications = visible_applications(user)
    if status:
        applications = applications.filter(status=status)
    folded = fold(query or "")
    if folded:
        applications = applications.filter(Q(client__name_folded__contains=folded)
                                           | Q(client__kana_folded__contains=folded)
                                           | Q(case__case_number__iexact=query.strip()))
    return applications.select_related("client", "case__body").order_by("-received_on", "-pk")


def periods(application):
    return list(application.periods.select_related("decided_by__staff"))


def payments(application):
    return list(application.payments.all())


def job_search(application):
    return list(application.job_search.select_related("recorded_by__staff"))


@dataclass
class MonthWarning:
    month: dt.date
    missing: bool
    shortfalls: list[str]


def job_search_warnings(application, records, today: dt.date) -> list[MonthWarning]:
    """Each paid month that has ended (and the current one once recorded) whose record is missing or falls
    short of the duties."""
    by_month = {r.month: r for r in records}
    this_month = rules.first_of_month(today)
    warnings = []
    for payment in application.payments.filter(status=Payment.Status.SCHEDULED, month__lte=this_month):
        record = by_month.get(payment.month)
        if record is None:
            if payment.month < this_month:
                warnings.append(MonthWarning(payment.month, True, ["求職活動の記録がありません。"]))
            continue
        short = record.shortfalls()
        if short:
            warnings.append(MonthWarning(payment.month, False, short))
    return warnings


def job_search_record(application, month: dt.date) -> JobSearchMonth | None:
    return application.job_search.filter(month=month).first()


def month_payments(body_id: int, month: dt.date):
    """The month's scheduled payments of the body, for the city's payment system."""
    return (Payment.objects.filter(application__body_id=body_id, month=month, status=Payment.Status.SCHEDULED)
            .select_related("application__client", "application__case")
            .order_by("application__case__case_number", "application_id", "pk"))


@dataclass
class BodyCounts:
    body: object
    received: int = 0
    granted: int = 0
    refused: int = 0
    extended: int = 0
    paid_months: int = 0
    paid_total: int = 0


def counts_by_body(bodies, fy: int) -> list[BodyCounts]:
    """Per body, for the fiscal year: applications received and how they were decided, those extended, and the
    months and yen scheduled to landlords in the year. Counts only, no people."""
    first, last = fiscal_year_bounds(fy)
    bodies = list(bodies)
    rows = {b.pk: BodyCounts(b) for b in bodies}
    decided = (Application.objects.filter(body_id__in=rows, received_on__range=(first, last)).values("body_id")
               .annotate(received=Count("pk", distinct=True),  # distinct: the periods' join repeats rows
                         refused=Count("pk", distinct=True, filter=Q(status=Application.Status.REFUSED)),
                         granted=Count("pk", distinct=True,
                                       filter=Q(decided_on__isnull=False) & ~Q(status=Application.Status.REFUSED)),
                         extended=Count("pk", distinct=True, filter=Q(periods__number=2))))
    for row in decided:
        counts = rows[row["body_id"]]
        counts.received, counts.granted, counts.refused = row["received"], row["granted"], row["refused"]
        counts.extended = row["extended"]
    paid = (Payment.objects.filter(application__body_id__in=rows, month__range=(first, last),
                                   status=Payment.Status.SCHEDULED)
            .values("application__body_id").annotate(months=Count("pk"), total=Sum("amount")))
    for row in paid:
        counts = rows[row["application__body_id"]]
        counts.paid_months, counts.paid_total = row["months"], row["total"] or 0
    return [rows[b.pk] for b in bodies]
