"""Field history of a case's records, as shown on the case page."""
import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from simple_history.models import HistoricalRecords

from jiritsu.cases import services
from jiritsu.cases.choices import Status
from jiritsu.cases.history import case_history
from jiritsu.programs.catalog import Program
from tests.factories import advance_case, new_case


@pytest.fixture
def signed_in_as():
    """Run service calls as a web request by `user` would (simple-history reads the user from it)."""
    def use(user):
        request = RequestFactory().get("/")
        request.user = user
        HistoricalRecords.context.request = request
    yield use
    if hasattr(HistoricalRecords.context, "request"):
        del HistoricalRecords.context.request


def changes(history, field):
    return [h for h in history if h["field"] == field]


def test_it_shows_a_changed_field_with_labels_before_and_after(world, signed_in_as):
    case = new_case(world)
    signed_in_as(world.chief_a)
    services.update_intake(user=world.chief_a, case=case, expected_version=case.version,
                           data={"housing_status": "homeless", "complaints": ["income", "housing"]})
    history = case_history(case)
    [housing] = changes(history, "住居")
    assert (housing["old"], housing["new"]) == ("賃貸住宅", "住居なし")
    assert housing["user"] == "日立 主任" and housing["record"] == "相談ケース"
    assert isinstance(housing["at"], dt.datetime)
    [complaints] = changes(history, "相談内容")
    assert complaints["old"] == "収入・生活費、仕事探し、就職"
    assert complaints["new"] == "収入・生活費、住まい"
    assert set(history[0]) == {"at", "user", "record", "field", "old", "new"}


def test_it_shows_the_person_s_changes_without_the_search_copies(world, signed_in_as):
    case = new_case(world)
    signed_in_as(world.worker_a)
    services.update_client(user=world.worker_a, case=case, expected_version=case.client.version,
                           data={"family_name": "鈴木", "birth_date": dt.date(1985, 7, 1)})
    history = case_history(case)
    [name] = changes(history, "氏")
    assert (name["old"], name["new"], name["record"]) == ("山田", "鈴木", "相談者")
    [birth] = changes(history, "生年月日")
    assert (birth["old"], birth["new"]) == ("昭和60年6月1日", "昭和60年7月1日")
    fields = {h["field"] for h in history}
    assert not fields & {"name_folded", "kana_folded", "phone_digits", "version", "updated_at"}


def test_it_names_each_record_of_the_case_and_its_creation(world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider,
                      program=Program.EMPLOYMENT_PREP, started_on=case.received_on + dt.timedelta(days=22))
    created = {h["record"] for h in case_history(case) if h["field"] == "（新規登録）"}
    assessment = case.assessments.get()
    meeting = case.meeting_items.get().meeting
    assert created >= {"相談者", "相談ケース", f"アセスメント（{_w(assessment.assessed_on)}）", "プラン 第1版",
                       f"支援調整会議（{_w(meeting.held_on)}）", "支援引継ぎ（就労準備支援）"}
    other = new_case(world, family_name="別人")
    assert not any("別人" in (h["old"] + h["new"]) for h in case_history(case))
    assert other.pk != case.pk


def test_it_shows_an_ended_hand_off_with_its_dates_in_wareki(world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    handoff = services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider,
                                program=Program.EMPLOYMENT_PREP, started_on=case.received_on + dt.timedelta(days=22))
    ended = case.received_on + dt.timedelta(days=40)
    services.end_handoff(user=world.worker_a, handoff=handoff, ended_on=ended, reason="就職")
    [end] = changes(case_history(case), "終了日")
    assert end["old"] == "" and end["new"] == _w(ended) and end["new"].startswith("令和")


def test_it_builds_the_history_with_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    small = new_case(world)
    # One per history table (person, case, assessments, plans, meetings, agenda items, consents, hand-offs,
    # evaluations), one for the people and one for the organisations named.
    with django_assert_max_num_queries(11) as few:
        case_history(small)
    big = advance_case(world, new_case(world), Status.IN_SUPPORT)
    services.draft_plan(user=world.worker_a, case=big, data=_plan(big), goals=[("再挑戦", None)])
    for n in range(3):
        big.refresh_from_db()
        services.update_intake(user=world.worker_a, case=big, expected_version=big.version,
                               data={"consultation_note": f"追記{n}"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        history = case_history(big)
    assert len(changes(history, "相談内容（自由記述）")) == 3


def test_it_renders_the_partial_for_the_case_page(world, signed_in_as):
    case = new_case(world)
    signed_in_as(world.chief_a)
    services.update_intake(user=world.chief_a, case=case, expected_version=case.version,
                           data={"housing_status": "homeless"})
    html = render_to_string("cases/_case_history.html", {"history": case_history(case)})
    for text in ("日時", "変更者", "記録", "項目", "変更前", "変更後", "賃貸住宅", "住居なし", "日立 主任", "令和"):
        assert text in html
    assert "変更履歴はありません" in render_to_string("cases/_case_history.html", {"history": []})


def _w(day):
    from jiritsu.core.wareki import format_wareki

    return format_wareki(day)


def _plan(case):
    from tests.factories import plan_data

    return plan_data(case.received_on + dt.timedelta(days=60), [])
