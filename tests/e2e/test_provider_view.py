"""A wide-area provider's view of a case handed to it: it finds the case in Today, reads the plan and
the progress, never the consultation's free text or the meeting minutes, and its own progress record
reaches the agency's worker."""
import datetime as dt

import pytest
from playwright.sync_api import expect

from jiritsu.cases import services
from jiritsu.cases.choices import MeetingOutcome, Status
from jiritsu.programs.catalog import Program
from tests.e2e.conftest import login
from tests.e2e.helpers import expect_message, open_case, submit
from tests.factories import advance_case, new_case

pytestmark = pytest.mark.e2e
CONSULTATION_NOTE = "家賃の支払いが難しい"  # what tests.factories.new_case records as 相談内容（自由記述）
MINUTES = "本人の家族関係について慎重に扱うこと"


def handed_off_case(w):
    """In support with 就労準備支援 handed to the prep provider; the meeting note is distinctive."""
    case = advance_case(w, new_case(w), Status.PLAN_DRAFTED)
    day = lambda n: case.received_on + dt.timedelta(days=n)  # noqa: E731
    meeting = services.create_meeting(user=w.chief_a, held_on=day(20))
    item = services.add_to_agenda(user=w.worker_a, meeting=meeting, case=case)
    services.record_meeting_outcome(user=w.chief_a, item=item, outcome=MeetingOutcome.APPROVED, note=MINUTES)
    case = advance_case(w, case, Status.IN_SUPPORT)
    services.hand_off(user=w.worker_a, case=case, provider=w.prep_provider, program=Program.EMPLOYMENT_PREP,
                      started_on=day(22))
    services.record_progress(user=w.worker_a, case=case, occurred_on=day(23), kind="phone",
                             text="事業者に本人を紹介した")
    return case


def test_it_lets_the_provider_read_plan_and_progress_but_not_the_free_text_and_add_a_record(page, page_as, world):
    case = handed_off_case(world)
    login(page, world.prep_staff)
    caseload = page.get_by_role("region", name="引き継がれているケース")
    row = caseload.get_by_role("row").filter(has_text=case.case_number)
    expect(row).to_contain_text("就労準備支援")
    row.get_by_role("link", name=case.case_number).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("山田 花子")
    expect(page.get_by_role("region", name="プラン", exact=True)).to_contain_text("就職する")
    progress = page.get_by_role("region", name="支援経過記録（新しい順）")
    expect(progress).to_contain_text("事業者に本人を紹介した")
    expect(page.get_by_text(CONSULTATION_NOTE)).to_have_count(0)
    expect(page.get_by_text("相談内容（自由記述）")).to_have_count(0)
    expect(page.get_by_text(MINUTES)).to_have_count(0)
    expect(page.get_by_role("region", name="支援調整会議")).to_have_count(0)
    expect(page.get_by_role("list", name="支援の流れ")).to_have_count(0)

    page.get_by_role("link", name="支援経過を記録する").first.click()
    page.get_by_label("種別").select_option(label="面談")
    page.get_by_label("内容").fill("初回の作業訓練に参加。集中して取り組めた。")
    submit(page)
    expect_message(page, "支援経過を記録しました。")
    expect(progress.get_by_role("listitem").first).to_contain_text("初回の作業訓練に参加。")

    worker = page_as(world.worker_a)
    open_case(worker, case)
    record = worker.get_by_role("region", name="支援経過記録（新しい順）").get_by_role("listitem").filter(
        has_text="初回の作業訓練に参加。集中して取り組めた。")
    expect(record).to_contain_text(world.prep_provider.name)
    expect(record).to_contain_text("面談")
    expect(worker.get_by_text(CONSULTATION_NOTE)).to_be_visible()  # the agency still sees it all
    expect(worker.get_by_text(MINUTES)).to_be_visible()

    # The other provider was not handed the case: nothing in its Today, not found by address.
    shelter = page_as(world.shelter_staff)
    expect(shelter.get_by_text(case.case_number)).to_have_count(0)
    assert shelter.goto(f"/cases/{case.pk}/").status == 404
