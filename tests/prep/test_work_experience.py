"""The work-experience placements agreed with the person appear on their 就労準備支援 page as part of the
就労自立 stage, for the case's agency (with the match's page) and the provider running the program (site, task
and first day only); a proposal not yet agreed does not, and nobody else sees any of it."""
import datetime as dt

from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.cases import stage_parts
from jiritsu.placements import services as placement_services
from jiritsu.prep.rules import Stage
from jiritsu.programs.catalog import Program
from tests.placements.conftest import profile_for, site_with_task


def _proposed(world, case, today):
    profile = profile_for(world, case)
    _site, task = site_with_task(world)
    match, = placement_services.propose_matches(user=world.developer, choices={profile.pk: task.pk}, on_date=today)
    return match


def _prep_page(client, user, case):
    client.force_login(user)
    return client.get(reverse("prep_case", args=[case.pk]))


def test_a_confirmed_placement_shows_in_the_work_stage_for_the_agency_and_the_provider(client, world, case,
                                                                                        enrolment, today):
    match = placement_services.confirm_match(user=world.worker_a, match=_proposed(world, case, today),
                                             consent_given=True, consent_on=today)
    placement_services.schedule_first_use(user=world.developer, match=match, scheduled_on=today + dt.timedelta(days=7),
                                          meet_at=dt.time(9, 30), accompanied_by=world.developer.staff,
                                          site_contact="農園 次郎")
    match_url = reverse("placement_match", args=[match.pk])
    html = _prep_page(client, world.prep_staff, case).content.decode()
    section = html[html.index('id="work-experience"'):]
    assert "就労自立の段階：就労体験" in section and "日立の農園：収穫" in section and "初回予定" in section
    assert match_url not in html  # the provider may not open the matching's page
    html = _prep_page(client, world.worker_a, case).content.decode()
    assert "日立の農園：収穫" in html and match_url in html
    assert AccessLog.objects.filter(user_id=world.prep_staff.pk, case_id=case.pk, what__contains="就労体験").exists()


def test_a_proposal_not_agreed_with_the_person_is_not_shown(client, world, case, enrolment, today):
    _proposed(world, case, today)
    html = _prep_page(client, world.worker_a, case).content.decode()
    assert 'id="work-experience"' not in html and "日立の農園" not in html


def test_no_placements_for_roles_the_placements_policy_leaves_out_and_another_body_gets_404(client, world, case,
                                                                                            enrolment, today):
    placement_services.confirm_match(user=world.worker_a, match=_proposed(world, case, today), consent_given=True,
                                     consent_on=today)
    html = _prep_page(client, world.admin_a, case).content.decode()  # 自治体担当者: the prep page, not the matches
    assert _prep_page(client, world.admin_a, case).status_code == 200 and "日立の農園" not in html
    assert stage_parts.items_for(world.shelter_staff, case, Program.EMPLOYMENT_PREP, Stage.WORK) == []
    assert _prep_page(client, world.shelter_staff, case).status_code == 404
    assert _prep_page(client, world.worker_b, case).status_code == 404
