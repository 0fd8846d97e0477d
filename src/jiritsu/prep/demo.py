"""For `jiritsu setup-demo` (idempotent): the 就労準備支援 provider's menu (a past session with attendance and
sessions in the coming two weeks at each stage), and a few people handed to it enrolled and booked."""
import datetime as dt

from jiritsu.cases.models import Handoff
from jiritsu.programs.catalog import Program

from . import rules, services
from .models import Enrolment, Session

PEOPLE = 3
MENU = [(-2, "daily", "朝の生活リズム講座"), (2, "daily", "朝の生活リズム講座"), (4, "social", "グループワーク：話す・聴く"),
        (7, "work", "職場見学（デモ農園）"), (9, "social", "調理実習")]


def load_demo_programme(cases, staff, today: dt.date) -> int:
    """Returns the people enrolled now."""
    provider_id = staff.staff.organisation_id
    if not Session.objects.filter(provider_id=provider_id).exists():
        for offset, stage, title in MENU:
            services.save_session(user=staff, session=None, version=None, data={
                "stage": stage, "title": title, "held_on": today + dt.timedelta(days=offset),
                "time_slot": "10:00～12:00", "place": "デモ福祉会館 研修室", "capacity": 8})
    handed = Handoff.objects.filter(case__in=cases, provider_id=provider_id, program=Program.EMPLOYMENT_PREP,
                                    ended_on__isnull=True).values_list("case_id", flat=True)
    enrolled = set(Enrolment.objects.filter(case_id__in=handed).values_list("case_id", flat=True))
    made = 0
    sessions = list(Session.objects.filter(provider_id=provider_id).order_by("held_on"))
    for case in cases.filter(pk__in=handed).order_by("pk"):
        if made + len(enrolled) >= PEOPLE:
            break
        if case.pk in enrolled:
            continue
        started = today - dt.timedelta(days=60 + 100 * made)
        enrolment = services.start(user=staff, case=case, started_on=started, stage="daily")
        for session in sessions:
            if session.stage == "daily":
                services.book(user=staff, session=session, enrolment=enrolment)
        if made == 0:
            items = {code: 3 for code, _label in rules.ITEMS[rules.Stage.DAILY]}
            services.evaluate(user=staff, enrolment=enrolment, evaluated_on=today - dt.timedelta(days=3), scores=items,
                              note="遅刻がなくなった。", next_stage="social")
        made += 1
    for session in sessions:
        if session.held_on <= today and not session.attendance_taken:
            bookings = list(session.bookings.select_related("enrolment__case"))
            services.take_attendance(user=staff, session=session, bookings=bookings,
                                     present={b.pk for b in bookings[:-1]})
    return made
