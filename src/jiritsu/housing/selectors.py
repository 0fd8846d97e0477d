"""Reads of 住居確保給付金: the body's amounts in force, applications in the user's scope, the payments of a
month. Callers audit what they show of people."""
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.http import Http404

from jiritsu.cases import policies as case_policies
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
    """The application and its case if the case is in the user's scope and the user works on the benefit."""
    if not policies.can_use(user):
        raise Http404("申請が見つかりません。")
    try:
        application = Application.objects.get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404("申請が見つかりません。") from None
    case = case_policies.get_case_or_404(user, application.case_id)
    return application, case


def case_applications(case):
    return Application.objects.filter(case_id=case.pk).order_by("-received_on", "-pk")


def open_application(case) -> Application | None:
    return Application.objects.filter(case_id=case.pk, status__in=Application.OPEN).first()


def case_by_number(user, number: str):
    """The case with this number among those the user may open (their own body's), or None."""
    return case_policies.visible_cases(user).filter(case_number=number.strip()).first()


def body_applications(user, status: str | None = None):
    """The applications of the cases the user may open, newest first, with their people."""
    applications = Application.objects.filter(case__in=case_policies.visible_cases(user))
    if status:
        applications = applications.filter(status=status)
    return applications.select_related("case__client", "case__body").order_by("-received_on", "-pk")


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
            .select_related("application__case__client", "application__case__body")
            .order_by("application__case__case_number", "pk"))


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
