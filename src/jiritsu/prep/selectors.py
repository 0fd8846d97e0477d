"""Reads of 就労準備支援. Callers audit what they show of people."""
import datetime as dt

from django.db.models import Count, F, Q
from django.http import Http404

from jiritsu.cases import policies as case_policies

from . import policies
from .models import Booking, Enrolment, Evaluation, Session


def menu(provider_id: int, since: dt.date):
    """The provider's sessions from the day on, with how many are booked."""
    return (Session.objects.filter(provider_id=provider_id, held_on__gte=since)
            .annotate(booked=Count("bookings")).order_by("held_on", "time_slot", "pk"))


def session_or_404(user, pk) -> Session:
    provider_id = policies.require_runs_program(user)
    session = Session.objects.filter(pk=pk, provider_id=provider_id).annotate(booked=Count("bookings")).first()
    if session is None:
        raise Http404("プログラムが見つかりません。")
    return session


def session_bookings(user, session):
    """The session's bookings of cases the user may open (a case whose hand-off ended drops out of sight)."""
    return list(Booking.objects.filter(session=session, enrolment__case__in=case_policies.visible_cases(user))
                .select_related("enrolment__case__client", "enrolment__case__body")
                .order_by("enrolment__case__client__family_name_kana", "pk"))


def bookable(user, session):
    """The provider's open enrolments, of cases the user may open, that the session's day falls within and
    that are not on it yet."""
    return list(Enrolment.objects.filter(
        provider_id=session.provider_id, ended_on__isnull=True, started_on__lte=session.held_on,
        limit_on__gte=session.held_on, case__in=case_policies.visible_cases(user))
        .exclude(bookings__session=session).select_related("case__client", "case__body")
        .order_by("case__client__family_name_kana", "pk"))


def enrolments(case):
    return list(Enrolment.objects.filter(case_id=case.pk).select_related("provider").order_by("-started_on", "-pk"))


def open_enrolment(case) -> Enrolment | None:
    return Enrolment.objects.filter(case_id=case.pk, ended_on__isnull=True).select_related("provider").first()


def enrolment_or_404(case, pk) -> Enrolment:
    found = Enrolment.objects.filter(case_id=case.pk, pk=pk).first()
    if found is None:
        raise Http404("利用の記録が見つかりません。")
    return found


def schedule(enrolment):
    return list(Booking.objects.filter(enrolment=enrolment).select_related("session").order_by(
        "session__held_on", "session__time_slot"))


def attendance_counts(enrolment) -> dict:
    return Booking.objects.filter(enrolment=enrolment).aggregate(
        present=Count("pk", filter=Q(attended=True)), absent=Count("pk", filter=Q(attended=False)))


def evaluations(enrolment):
    return list(Evaluation.objects.filter(enrolment=enrolment).select_related("recorded_by__staff"))


def latest_enrolment(case) -> Enrolment | None:
    """The open enrolment, else the one that ended last."""
    return (Enrolment.objects.filter(case_id=case.pk)
            .order_by(F("ended_on").desc(nulls_first=True), "-started_on", "-pk").first())
