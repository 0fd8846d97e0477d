"""Every state change of a case's records is in its field history (変更履歴), with who, when and old → new,
including the changes one action makes to several records at once (the meeting's approval, a decision
superseding the earlier plan, the hand-offs a withdrawal or closure ends) and records written in bulk by the
ledger import. The services are called as a command would call them, outside any request: the history names
the acting user all the same."""
import datetime as dt

import pytest

from jiritsu.cases import services
from jiritsu.cases.choices import EvaluationDecision, MeetingOutcome, Status
from jiritsu.cases.history import case_history
from jiritsu.cases.models import Case, Client, Consent, Evaluation, Handoff, MeetingItem, Plan
from jiritsu.programs.catalog import PlanService, Program
from tests.cases.test_import_ledger import ROWS, ledger_world, run, write  # noqa: F401  (ledger_world: fixture)
from tests.factories import advance_case, new_case, plan_data

HISTORIED = (Client, Case, Plan, Handoff, Consent, MeetingItem, Evaluation)


def rows(case, record, field):
    return [h for h in case_history(case) if h["record"] == record and h["field"] == field]


def handed_off(world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider, program=Program.EMPLOYMENT_PREP,
                      started_on=case.received_on + dt.timedelta(days=22))
    return case


def test_the_meeting_s_approval_of_a_plan_is_in_the_history(world):
    case = advance_case(world, new_case(world), Status.PLAN_APPROVED)
    [state] = rows(case, "プラン 第1版", "状態")
    assert (state["old"], state["new"], state["user"]) == ("案", "支援調整会議で了承", "日立 主任")
    assert isinstance(state["at"], dt.datetime)
    [outcome] = rows(case, "会議の議題（プラン 第1版）", "結果")
    assert (outcome["old"], outcome["new"], outcome["user"]) == ("未審議", "了承", "日立 主任")
    [status] = [h for h in rows(case, "相談ケース", "状況") if h["new"] == "会議で了承（支援決定待ち）"]
    assert status["user"] == "日立 主任"


def test_a_decision_superseding_the_earlier_plan_is_in_the_history(world, today):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    services.record_evaluation(user=world.worker_a, case=case, evaluated_on=case.received_on + dt.timedelta(days=90),
                               goals_achieved="一部達成", decision=EvaluationDecision.REPLAN)
    meeting = services.create_meeting(user=world.chief_a, held_on=case.received_on + dt.timedelta(days=95))
    item = services.add_to_agenda(user=world.worker_a, meeting=meeting, case=case)
    services.record_meeting_outcome(user=world.chief_a, item=item, outcome=MeetingOutcome.APPROVED)
    [confirmed] = [h for h in case_history(case) if h["field"] == "会議で確認済"]
    assert (confirmed["old"], confirmed["new"], confirmed["user"]) == ("いいえ", "はい", "日立 主任")
    assert confirmed["record"].startswith("プラン評価（")
    services.draft_plan(user=world.worker_a, case=case, data=plan_data(case.received_on + dt.timedelta(days=96),
                                                                        [PlanService.EMPLOYMENT_PREP]),
                        goals=[("続ける", None)])
    meeting = services.create_meeting(user=world.chief_a, held_on=case.received_on + dt.timedelta(days=97))
    item = services.add_to_agenda(user=world.worker_a, meeting=meeting, case=case)
    services.record_meeting_outcome(user=world.chief_a, item=item, outcome=MeetingOutcome.APPROVED)
    services.decide(user=world.admin_a, case=case, decided_on=case.received_on + dt.timedelta(days=98))
    [superseded] = [h for h in rows(case, "プラン 第1版", "状態") if h["new"] == "再プランにより終了"]
    assert superseded["old"] == "支援決定済" and superseded["user"] == "日立 担当"
    [decided] = [h for h in rows(case, "プラン 第2版", "状態") if h["new"] == "支援決定済"]
    assert decided["old"] == "支援調整会議で了承" and decided["user"] == "日立 担当"


def test_hand_offs_ended_by_a_consent_withdrawal_are_in_the_history(world):
    case = handed_off(world)
    withdrawn_on = case.received_on + dt.timedelta(days=40)
    services.withdraw_consent(user=world.worker_a, case=case, withdrawn_on=withdrawn_on, note="本人の申出")
    [ended] = rows(case, "支援引継ぎ（就労準備支援）", "終了日")
    assert (ended["old"], ended["user"]) == ("", "日立 相談員")
    assert ended["new"] and isinstance(ended["at"], dt.datetime)
    [reason] = rows(case, "支援引継ぎ（就労準備支援）", "終了理由")
    assert reason["new"] == "本人同意の撤回"
    [consent] = [h for h in case_history(case) if h["field"] == "撤回日"]
    assert consent["old"] == "" and consent["new"] and consent["user"] == "日立 相談員"
    assert consent["record"].startswith("利用申込・同意（")


def test_hand_offs_ended_by_closing_the_case_are_in_the_history(world):
    case = handed_off(world)
    services.close_case(user=world.worker_a, case=case, closed_on=case.received_on + dt.timedelta(days=40),
                        reason="moved")
    [reason] = rows(case, "支援引継ぎ（就労準備支援）", "終了理由")
    assert (reason["old"], reason["new"], reason["user"]) == ("", "ケース終結", "日立 相談員")


def test_no_change_of_a_case_s_records_escapes_the_history(world):
    """Whatever a case went through, each historied record's latest history entry is the record as it is now:
    a change written past the history (a QuerySet update) would leave them different."""
    case = handed_off(world)
    services.withdraw_consent(user=world.worker_a, case=case, withdrawn_on=case.received_on + dt.timedelta(days=30))
    services.apply_with_consent(user=world.worker_a, case=case, applied_on=case.received_on + dt.timedelta(days=31),
                                rules_explained=True, share_agreed=True, scope=[world.prep_provider])
    services.hand_off(user=world.worker_a, case=case, provider=world.prep_provider, program=Program.EMPLOYMENT_PREP,
                      started_on=case.received_on + dt.timedelta(days=32))
    advance_case(world, case, Status.CLOSED)
    assert_history_is_current()


def assert_history_is_current():
    for model in HISTORIED:
        historical = model.history.model
        tracked = [f.attname for f in historical._meta.concrete_fields if not f.name.startswith("history_")]
        for record in model.objects.all():
            latest = record.history.order_by("-history_date", "-history_id").first()
            assert latest is not None, f"{model.__name__} {record.pk} has no history"
            stale = {n: (getattr(latest, n), getattr(record, n)) for n in tracked
                     if getattr(latest, n) != getattr(record, n)}
            assert not stale, f"{model.__name__} {record.pk} changed past its history: {stale}"


@pytest.mark.usefixtures("ledger_world")
def test_records_written_by_the_ledger_import_start_their_history(tmp_path):
    code, out, _ = run(write(tmp_path, ROWS))
    assert code == 0, out
    case = Case.objects.get(body__code="08202", case_number="L-001")
    created = [h for h in case_history(case) if h["field"] == "（新規登録）"]
    assert {h["record"] for h in created} >= {"相談者", "相談ケース", "プラン 第1版"}
    assert any(h["record"].startswith("利用申込・同意") for h in created)
    assert_history_is_current()

