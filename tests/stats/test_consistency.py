"""Participation, agreements, contracts, hand-offs, phases and the demand estimate tell one story for every
fiscal year up to the current one (issue 19, item 3): the results page asks programs.standing as every other
program page does, opens on the latest year with data, and names a hand-off to a program its body is not in."""
import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from jiritsu.cases import services
from jiritsu.cases.choices import Status
from jiritsu.core.wareki import fiscal_year, format_fiscal_year
from jiritsu.demo import generate
from jiritsu.orgs.models import Prefecture
from jiritsu.programs.catalog import HANDOFF_PROGRAMS, Program
from jiritsu.programs.forms import PARTICIPATION_PROGRAMS
from jiritsu.programs.models import Agreement, Method, Participation
from jiritsu.programs.standing import implementing
from jiritsu.stats.consistency import check, handoffs_without_standing, years_with_records
from jiritsu.stats.overview import overview
from jiritsu.stats.results import results
from tests.factories import advance_case, new_case


@pytest.fixture
def handed_off(world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider, program=Program.EMPLOYMENT_PREP,
                      started_on=case.received_on + dt.timedelta(days=22))
    return case.handoffs.get()


def test_the_results_page_shows_each_bodys_standing_as_the_participation_page_does(client, world, handed_off):
    fy = fiscal_year(handed_off.started_on)
    result = results(prefecture=world.pref, fy=fy)
    known = implementing()
    for program, count, rows in result.by_program():
        assert count == known.count(program, fy)
        assert [r.standing for r in rows] == [known.bodies(program, fy).get(r.body.pk) for r in rows]
    row = next(r for r in result.rows if r.body == world.hitachi and r.program == Program.EMPLOYMENT_PREP)
    assert row.standing_label == "広域委託（協定から）" and not result.contradictions
    client.force_login(world.policy)
    html = client.get(reverse("program_results"), {"fy": str(fy)}).content.decode()
    assert "広域委託（協定から）" in html and 'id="contradictions"' not in html
    assert check(world.pref, fy, timezone.localdate()) == []


def test_a_hand_off_in_a_year_the_body_is_not_in_the_program_is_named(client, world, handed_off):
    fy = fiscal_year(handed_off.started_on)
    Agreement.objects.filter(body=world.hitachi, program=Program.EMPLOYMENT_PREP).delete()
    result = results(prefecture=world.pref, fy=fy)
    assert [(r.body.code, r.program, r.handoffs) for r in result.contradictions] == [
        ("08202", Program.EMPLOYMENT_PREP, 1)]
    found = handoffs_without_standing(world.pref, fy)
    assert [(f.program, f.body) for f in found] == [(Program.EMPLOYMENT_PREP.value, "日立市")]
    assert any("協定を結んでいない" in str(f) for f in check(world.pref, fy, timezone.localdate()))
    client.force_login(world.policy)
    html = client.get(reverse("program_results"), {"fy": str(fy)}).content.decode()
    assert 'id="contradictions"' in html and "日立市（08202）：就労準備支援 引継ぎ1件" in html
    assert handed_off.case.client.family_name not in html


def test_the_results_page_opens_on_the_latest_year_any_body_is_in_a_program(client, world):
    Agreement.objects.all().delete()
    Participation.objects.create(body=world.tsuchiura, program=Program.HOUSEHOLD_BUDGET, fiscal_year=2022,
                                 method=Method.JOINT)
    client.force_login(world.policy)
    html = client.get(reverse("program_results")).content.decode()
    assert "団体別の広域実施の実績（令和4年度）" in html
    assert "広域委託（記録）" in html


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the demo writes its meeting handouts there
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, tzinfo=ZoneInfo("Asia/Tokyo")), tick=False):
        generate.setup_demo(cases=41)
        yield timezone.localdate()


def test_the_demo_tells_one_story_in_every_year_up_to_the_current_one(demo, client):
    prefecture = Prefecture.objects.get(code="08")
    current = fiscal_year(demo)
    years = years_with_records(current)
    assert years[0] <= 2019 and years[-1] == current
    known = implementing()
    for fy in years:
        assert [str(f) for f in check(prefecture, fy, demo)] == [], fy
        result = results(prefecture=prefecture, fy=fy)
        assert not result.contradictions, fy
        for program, count, _rows in result.by_program():
            assert count == known.count(program, fy), (fy, program)
    # The current year has participation (from the 協定 in force), hand-offs and the overview agrees with both.
    assert all(known.count(p, current) > 0 for p in HANDOFF_PROGRAMS)
    now = results(prefecture=prefecture, fy=current)
    assert sum(r.handoffs for r in now.rows) > 0
    summary = overview(prefecture)
    assert [(p, n) for p, n, _all in summary.programs_now] == [(p, known.count(p, current)) for p in HANDOFF_PROGRAMS]
    assert summary.phase_fy == current
    # The pages open on the same (current) year and show the same number of implementing bodies.
    client.force_login(get_user_model().objects.get(username="policy"))
    participation = client.get(reverse("participation_list")).content.decode()
    result_page = client.get(reverse("program_results")).content.decode()
    landing = client.get(reverse("prefecture_overview")).content.decode()
    label = format_fiscal_year(current, short=False)
    assert f"（{label}）" in result_page and label in participation
    totals = re.findall(r'<td class="num">(\d+)</td>',
                        re.search(r"実施団体数</th>(.*?)</tr>", participation, re.S).group(1))
    for i, program in enumerate(PARTICIPATION_PROGRAMS):
        if program not in HANDOFF_PROGRAMS:
            continue
        n = known.count(program, current)
        assert totals[i] == str(n), program
        assert f'{program.label} <span class="muted">実施 {n}団体</span>' in result_page
        assert f"{program.label}：{n} / {summary.bodies}団体" in landing
