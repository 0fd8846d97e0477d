"""Migration 0010 brings recorded cases to the new rules: a case whose evaluation a meeting confirmed reads
評価を会議で確認済, an item left undecided on a closed case is withdrawn, and a hand-off begun before a plan
is linked to the first decided plan that covers it (正規化済)."""
import importlib

from django.apps import apps

from jiritsu.cases import services
from jiritsu.cases.choices import HandoffMode, MeetingOutcome, Status
from jiritsu.cases.models import Case, Handoff, MeetingItem
from tests.factories import advance_case, new_case

forwards = importlib.import_module("jiritsu.cases.migrations.0010_meeting_kinds_and_agenda_history").forwards


def test_it_brings_recorded_cases_to_the_new_rules(world, today):
    confirmed = advance_case(world, new_case(world, family_name="確認"), Status.EVALUATION_CONFIRMED)
    waiting = advance_case(world, new_case(world, family_name="待ち"), Status.EVALUATED)
    Case.objects.filter(pk=confirmed.pk).update(status=Status.EVALUATED)  # as the old rules left it

    closed = advance_case(world, new_case(world, family_name="終結"), Status.PLAN_DRAFTED)
    meeting = services.create_meeting(user=world.chief_a, held_on=today)
    item = services.add_to_agenda(user=world.worker_a, meeting=meeting, case=closed)
    Case.objects.filter(pk=closed.pk).update(status=Status.CLOSED, closed_on=today, closure_reason="moved")

    temporary = advance_case(world, new_case(world, family_name="一時"), Status.ASSESSED)
    handoff = services.start_temporary_use(user=world.worker_a, case=temporary, provider=world.prep_provider,
                                           program="employment_prep", started_on=temporary.received_on,
                                           reason="早期介入")
    advance_case(world, temporary, Status.IN_SUPPORT)
    Handoff.objects.filter(pk=handoff.pk).update(plan=None)  # as the old decision left it

    forwards(apps, None)

    assert Case.objects.get(pk=confirmed.pk).status == Status.EVALUATION_CONFIRMED
    assert Case.objects.get(pk=waiting.pk).status == Status.EVALUATED
    assert MeetingItem.objects.get(pk=item.pk).outcome == MeetingOutcome.WITHDRAWN
    handoff.refresh_from_db()
    assert handoff.mode == HandoffMode.TEMPORARY and handoff.is_regularised
    assert handoff.plan == temporary.plans.get(number=1)
