"""A meeting as an office runs it, in the browser: the chief moves a case waiting for next month's meeting to
a 臨時 meeting opened today, the meeting sends the plan back (修正のうえ再提出), the worker corrects it and
tables it again at the same meeting, and the meeting approves it; both items stay on the meeting's record."""
import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from jiritsu.cases import services
from jiritsu.cases.choices import MeetingOutcome, Status
from tests.e2e.conftest import login
from tests.e2e.helpers import (
    expect_message,
    expect_status,
    open_case,
    submit,
    take_other_action,
    take_primary_action,
    today,
    wareki,
)
from tests.factories import advance_case, new_case

pytestmark = pytest.mark.e2e


def test_an_item_moves_to_todays_extraordinary_meeting_and_is_re_tabled_there(page, page_as, world):
    case = advance_case(world, new_case(world, family_name="移動"), Status.PLAN_DRAFTED)
    later = services.create_meeting(user=world.chief_a, held_on=today() + dt.timedelta(days=21), place="定例会場")
    services.add_to_agenda(user=world.worker_a, meeting=later, case=case)

    # The chief cannot record a result before next month's meeting: the item moves to a 臨時 meeting today.
    login(page, world.chief_a)
    open_case(page, case)
    page.get_by_role("link", name="議題を開く（移す・取り下げる）").click()
    expect(page.locator(".message--warning")).to_contain_text("開催日以降に記録できます")
    move = page.locator("#move-form")
    move.get_by_label(re.compile("臨時の支援調整会議を開く")).check()
    move.get_by_label("移す理由").fill("支援決定を急ぐため")
    move.get_by_role("button", name="この会議へ移す").click()
    expect_message(page, "の議題を臨時の支援調整会議")
    expect(page.get_by_role("heading", level=1)).to_contain_text("臨時")

    # The meeting sends the plan back.
    item = page.get_by_role("region", name=case.case_number)
    item.get_by_label("修正のうえ再提出").check()
    item.get_by_label("個別の会議録").fill("目標の時期を具体的に")
    item.get_by_role("button", name="結果を記録する").click()
    expect_message(page, f"{case.case_number} の結果（修正のうえ再提出）を記録しました。")

    # The worker corrects the plan and tables it again at the same (today's) meeting.
    worker = page_as(world.worker_a)
    open_case(worker, case)
    expect_status(worker, "プラン案作成済")
    take_other_action(worker, "プラン（案）第1版を修正")
    worker.get_by_label("目標 1", exact=True).fill("3か月以内に週3日の就労体験に通う")
    submit(worker, "保存する")
    take_primary_action(worker, "支援調整会議に付議する")
    worker.get_by_label(re.compile(r"【臨時】" + re.escape(wareki(today(), short=False)))).check()
    submit(worker, "付議する")
    expect_message(worker, "議題に加えました。")

    # The meeting approves it; the earlier item keeps its outcome.
    page.reload()
    pending = page.locator("section.agenda-item").filter(has=page.locator("form.outcome-form"))
    pending.get_by_label("了承").check()
    pending.get_by_role("button", name="結果を記録する").click()
    expect_message(page, f"{case.case_number} の結果（了承）を記録しました。")
    outcomes = page.locator("section.agenda-item")
    expect(outcomes).to_have_count(2)
    expect(outcomes.nth(0)).to_contain_text("修正のうえ再提出")
    expect(outcomes.nth(1)).to_contain_text("了承")
    open_case(page, case)
    expect_status(page, "会議で了承")

    # Next month's meeting shows where the item went.
    page.goto(f"/meetings/{later.pk}/")
    expect(page.locator("section.agenda-item")).to_contain_text("他の会議へ移動")
    assert case.meeting_items.filter(outcome=MeetingOutcome.MOVED, meeting=later).exists()
