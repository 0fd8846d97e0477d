"""The seed's phases: read from participation unless recorded; problems and the responses taken."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from jiritsu.outreach import selectors
from jiritsu.outreach.models import Phase
from jiritsu.outreach.services import phases
from jiritsu.programs.catalog import Program
from jiritsu.programs.models import Agreement, Method
from jiritsu.programs.participation import set_participation

EP = Program.EMPLOYMENT_PREP


@pytest.fixture(autouse=True)
def _records_only(world):
    """The world's 協定 run 2000–2099; these phases follow the participation records alone."""
    Agreement.objects.all().delete()


def _participate(world, body, fy, since=None):
    set_participation(user=world.policy, body=body, program=EP, fiscal_year=fy, method=Method.JOINT, since=since)


def _phase(world, body, fy):
    [(_, cells)] = selectors.phase_matrix([body], fy)
    return next(c for c in cells if c.program == EP).phase


def test_it_puts_a_body_not_implementing_the_program_in_preparation(world):
    _participate(world, world.hitachi, 2021)
    assert _phase(world, world.hitachi, 2022) == Phase.PREPARATION
    assert _phase(world, world.tsuchiura, 2022) == Phase.PREPARATION


def test_it_puts_a_body_in_its_first_year_in_the_start_phase_and_later_in_support(world):
    _participate(world, world.hitachi, 2022)
    _participate(world, world.hitachi, 2023)
    assert _phase(world, world.hitachi, 2022) == Phase.START
    assert _phase(world, world.hitachi, 2023) == Phase.SUPPORT


def test_it_counts_the_start_date_of_a_row_as_the_first_year(world):
    _participate(world, world.hitachi, 2022, since=dt.date(2020, 4, 1))
    assert _phase(world, world.hitachi, 2022) == Phase.SUPPORT


def test_it_prefers_a_recorded_phase_until_it_is_cleared(world):
    phases.set_phase(user=world.policy, body=world.hitachi, program=EP, phase=Phase.START, note="延期",
                     recorded_on=dt.date(2022, 6, 1))
    assert _phase(world, world.hitachi, 2022) == Phase.START
    phases.clear_phase(user=world.policy, body=world.hitachi, program=EP)
    assert _phase(world, world.hitachi, 2022) == Phase.PREPARATION


def test_it_counts_open_problems_and_keeps_the_responses(world):
    problem = phases.add_problem(user=world.policy, body=world.hitachi, program=EP, phase=Phase.PREPARATION,
                                 text="対象者がいない", raised_on=dt.date(2022, 5, 1))
    phases.add_response(user=world.policy, problem=problem, taken_on=dt.date(2022, 5, 10), text="広域実施検討会の開催")
    assert selectors.phase_for(world.hitachi, EP, 2022).open_problems == 1
    phases.resolve_problem(user=world.policy, problem=problem, resolved_on=dt.date(2022, 9, 1), expected_version=1)
    assert selectors.phase_for(world.hitachi, EP, 2022).open_problems == 0
    assert [r.text for r in problem.responses.all()] == ["広域実施検討会の開催"]


def test_it_refuses_a_response_dated_before_the_problem(world):
    problem = phases.add_problem(user=world.policy, body=world.hitachi, program=EP, phase=Phase.START,
                                 text="手続きがわからない", raised_on=dt.date(2022, 5, 1))
    with pytest.raises(ValidationError) as exc:
        phases.add_response(user=world.policy, problem=problem, taken_on=dt.date(2022, 4, 1), text="訪問")
    assert "taken_on" in exc.value.message_dict


def test_it_lets_only_the_prefecture_record_phases_and_problems(world):
    with pytest.raises(PermissionDenied):
        phases.set_phase(user=world.admin_a, body=world.hitachi, program=EP, phase=Phase.SUPPORT, note="",
                         recorded_on=dt.date(2022, 6, 1))
    with pytest.raises(PermissionDenied):
        phases.add_problem(user=world.admin_a, body=world.hitachi, program=EP, phase=Phase.START, text="x",
                           raised_on=dt.date(2022, 6, 1))


def test_it_reads_the_latest_year_with_participation_when_this_year_has_none(world):
    _participate(world, world.hitachi, 2022)
    assert selectors.phase_fiscal_year(dt.date(2026, 5, 1)) == (2022, True)
    _participate(world, world.hitachi, 2026)
    assert selectors.phase_fiscal_year(dt.date(2026, 5, 1)) == (2026, False)


def test_years_after_the_records_follow_the_agreements_in_force(world):
    """R4 recorded, R5 on not: the 協定 in force carry 日立 on into 支援期 and bring 土浦 in as 開始期 in R7."""
    _participate(world, world.hitachi, 2022)
    Agreement.objects.create(body=world.hitachi, program=EP, term_from=dt.date(2021, 4, 1),
                             term_to=dt.date(2027, 3, 31), signed_on=dt.date(2021, 3, 1))
    Agreement.objects.create(body=world.tsuchiura, program=EP, term_from=dt.date(2025, 4, 1),
                             term_to=dt.date(2027, 3, 31), signed_on=dt.date(2025, 3, 1))
    with time_machine.travel(dt.datetime(2026, 5, 1, 12, tzinfo=ZoneInfo("Asia/Tokyo")), tick=False):
        assert selectors.phase_fiscal_year(dt.date(2026, 5, 1)) == (2026, False)
        assert _phase(world, world.hitachi, 2026) == Phase.SUPPORT
        assert _phase(world, world.tsuchiura, 2025) == Phase.START
        assert _phase(world, world.tsuchiura, 2026) == Phase.SUPPORT
        assert selectors.phase_for(world.tsuchiura, EP, 2024).phase == Phase.PREPARATION
