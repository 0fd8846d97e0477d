"""From application to payment: the decision, 3-month periods extended up to 9, payments to the landlord
summing to what was decided, suspension and end, and the monthly job-search duties."""
import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from jiritsu.audit.models import AccessLog
from jiritsu.core.errors import Conflict
from jiritsu.housing import rules, selectors, services
from jiritsu.housing.models import Application, BenefitLimit, Payment
from tests.factories import build_world, new_case

from .conftest import AMOUNTS, SINCE, application_data, granted


def scheduled(application):
    return list(application.payments.filter(status=Payment.Status.SCHEDULED).values_list("month", "amount"))


def test_a_grant_schedules_three_months_to_the_landlord_at_the_decided_amount(world, application, today):
    app = granted(world, application, today)
    assert app.status == Application.Status.GRANTED and app.monthly_amount == 37_200  # rent 40,000 over the cap
    first = today.replace(day=1)
    assert scheduled(app) == [(rules.add_months(first, i), 37_200) for i in range(3)]
    assert AccessLog.objects.filter(case_id=app.case_id, action="update", what__contains="支給決定").exists()


def test_extensions_add_three_months_each_up_to_nine_and_not_beyond(world, application, today):
    app = granted(world, application, today)
    services.extend(user=world.admin_a, application=app, decided_on=today, version=None)
    services.extend(user=world.admin_a, application=app, decided_on=today, version=None)
    months = scheduled(app)
    assert len(months) == 9 and sum(amount for _m, amount in months) == 9 * app.monthly_amount
    assert [m for m, _a in months] == rules.months_from(today.replace(day=1), 9)
    with pytest.raises(ValidationError, match="最長9か月"):
        services.extend(user=world.admin_a, application=app, decided_on=today, version=None)
    assert app.periods.count() == 3 and app.payments.count() == 9


def test_an_application_that_fails_a_requirement_cannot_be_granted_and_its_refusal_states_why(world, limits, case,
                                                                                              today):
    app = services.apply(user=world.worker_a, case=case, data=application_data(today, assets=468_001))
    with pytest.raises(ValidationError, match="資産基準額"):
        services.grant(user=world.admin_a, application=app, decided_on=today, first_month=today, version=None)
    assert not app.payments.exists()
    refused = services.refuse(user=world.admin_a, application=app, decided_on=today, reason="", version=None)
    assert refused.status == Application.Status.REFUSED and "468,000円" in refused.refusal_reason


def test_suspension_cancels_the_months_after_it_and_keeps_its_own(world, application, today):
    app = granted(world, application, today)
    second = rules.add_months(today.replace(day=1), 1)
    with pytest.raises(ValidationError):
        services.stop(user=world.admin_a, application=app, end=False, stopped_on=today, reason=" ", version=None)
    services.stop(user=world.admin_a, application=app, end=False, stopped_on=second + dt.timedelta(days=3),
                  reason="求職活動の義務を怠った", version=None)
    app.refresh_from_db()
    assert app.status == Application.Status.SUSPENDED
    assert [m for m, _a in scheduled(app)] == [today.replace(day=1), second]
    with pytest.raises(ValidationError, match="支給中の申請だけ"):
        services.extend(user=world.admin_a, application=app, decided_on=today, version=None)


def test_only_the_bodys_administrator_decides(world, application, today):
    with pytest.raises(PermissionDenied):
        services.grant(user=world.worker_a, application=application, decided_on=today, first_month=today,
                       version=None)
    assert Application.objects.get(pk=application.pk).status == Application.Status.APPLIED


def test_a_short_job_search_month_is_warned_and_a_missing_past_month_too(world, application, today):
    app = granted(world, application, today)
    this_month = today.replace(day=1)
    services.record_job_search(user=world.worker_a, application=app, month=today, interviews=4, hellowork=1,
                               applications=9, note="", version=None)
    [warning] = selectors.job_search_warnings(app, selectors.job_search(app), today)
    assert warning.month == this_month and "ハローワーク" in warning.shortfalls[0]
    later = rules.add_months(this_month, 2) + dt.timedelta(days=5)
    warnings = selectors.job_search_warnings(app, selectors.job_search(app), later)
    assert [(w.month, w.missing) for w in warnings] == [(this_month, False),
                                                      (rules.add_months(this_month, 1), True)]


def test_a_month_outside_the_periods_or_still_to_come_is_not_recorded(world, application, today):
    app = granted(world, application, today)
    for month in (rules.add_months(today, -1), rules.add_months(today.replace(day=1), 1)):
        with pytest.raises(ValidationError):
            services.record_job_search(user=world.worker_a, application=app, month=month, interviews=4,
                                       hellowork=2, applications=5, note="", version=None)


def test_a_form_sent_twice_makes_one_application_and_the_second_is_refused(world, limits, case, today):
    services.apply(user=world.worker_a, case=case, data=application_data(today))
    with pytest.raises(ValidationError, match="すでにあります"):
        services.apply(user=world.worker_a, case=case, data=application_data(today))
    assert Application.objects.filter(case=case).count() == 1


def test_a_job_search_month_sent_twice_or_edited_over_someone_else_is_refused(world, application, today):
    app = granted(world, application, today)
    record = services.record_job_search(user=world.worker_a, application=app, month=today, interviews=4,
                                        hellowork=2, applications=5, note="", version=None)
    with pytest.raises(Conflict):
        services.record_job_search(user=world.worker_a, application=app, month=today, interviews=1, hellowork=0,
                                   applications=0, note="", version=None)
    services.record_job_search(user=world.admin_a, application=app, month=today, interviews=5, hellowork=2,
                               applications=5, note="", version=record.version)
    with pytest.raises(Conflict):  # the first worker's form still shows the old version
        services.record_job_search(user=world.worker_a, application=app, month=today, interviews=1, hellowork=0,
                                   applications=0, note="", version=record.version)
    assert selectors.job_search_record(app, today.replace(day=1)).interviews == 5


def test_a_decision_over_a_stale_page_is_refused_and_nothing_is_scheduled_twice(world, application, today):
    opened = application.version
    granted(world, application, today)
    with pytest.raises(Conflict):
        services.grant(user=world.admin_a, application=application, decided_on=today, first_month=today,
                       version=opened)
    assert application.payments.count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_administrators_extending_at_once_add_one_period(ibaraki):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    world = build_world()
    for size, (base, cap) in AMOUNTS.items():
        BenefitLimit.objects.create(body=world.hitachi, household_size=size, base_amount=base, rent_cap=cap,
                                    valid_from=SINCE, recorded_by=world.admin_a)
    today = timezone.localdate()
    app = granted(world, services.apply(user=world.worker_a, case=new_case(world), data=application_data(today)),
                  today)
    results = []

    def extend():
        try:
            services.extend(user=world.admin_a, application=app, decided_on=today, version=app.version)
            results.append("ok")
        except Conflict:
            results.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=extend) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"] and app.periods.count() == 2 and app.payments.count() == 6


@pytest.mark.django_db(transaction=True)
def test_two_extensions_at_once_from_six_months_never_pay_beyond_nine(ibaraki):
    """Both administrators submit without a page version (as the demo and the API do): the row lock makes
    the second wait for the first and then see the 9th month reached."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    world = build_world()
    for size, (base, cap) in AMOUNTS.items():
        BenefitLimit.objects.create(body=world.hitachi, household_size=size, base_amount=base, rent_cap=cap,
                                    valid_from=SINCE, recorded_by=world.admin_a)
    today = timezone.localdate()
    app = granted(world, services.apply(user=world.worker_a, case=new_case(world), data=application_data(today)),
                  today)
    services.extend(user=world.admin_a, application=app, decided_on=today, version=None)
    start = threading.Barrier(2)
    results = []

    def extend():
        try:
            start.wait()
            services.extend(user=world.admin_a, application=app, decided_on=today, version=None)
            results.append("ok")
        except ValidationError:
            results.append("refused")
        except Exception as exc:  # an IntegrityError or a deadlock would show here
            results.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=extend) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    assert app.periods.count() == rules.MAX_PERIODS and app.payments.count() == rules.MAX_MONTHS
