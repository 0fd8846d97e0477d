"""A worker trying to hand off to the wide-area provider for a program their city has no agreement (協定) for
is told why; once the prefecture records the agreement, the provider is offered and the hand-off goes through."""
import pytest
from playwright.sync_api import expect

from jiritsu.cases.choices import Status
from jiritsu.cases.models import Handoff
from jiritsu.programs.catalog import Program
from jiritsu.programs.models import Agreement
from tests.e2e.conftest import login
from tests.e2e.helpers import expect_message, open_case, submit, take_primary_action
from tests.factories import advance_case, new_case

pytestmark = pytest.mark.e2e
PREP = "就労準備・家計改善 広域事業者（就労準備支援）"


def test_a_worker_is_told_why_until_the_agreement_is_recorded(page, page_as, world):
    Agreement.objects.filter(body=world.hitachi, program=Program.EMPLOYMENT_PREP).delete()
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    login(page, world.worker_a)
    open_case(page, case)
    take_primary_action(page, "委託事業者へ引き継ぐ")
    expect(page.get_by_label(PREP)).to_be_disabled()
    expect(page.locator(".provider-options")).to_contain_text(
        "選べません：日立市は就労準備支援の広域実施の協定を結んでいないため、広域実施の委託事業者へ引き継げません。")

    prefecture = page_as(world.policy)
    prefecture.get_by_role("link", name="広域実施の協定", exact=True).click()
    prefecture.get_by_role("link", name="協定を登録する").click()
    prefecture.get_by_label("福祉事務所設置自治体").select_option(label="日立市（08202）")
    prefecture.locator("#id_program").select_option(label="就労準備支援")
    prefecture.get_by_label("協定期間（開始）").fill("R2.4.1")
    prefecture.get_by_label("協定期間（終了）").fill("R2.3.31")
    prefecture.get_by_label("締結日").fill("R2.3.1")
    submit(prefecture, "保存する")
    expect(prefecture.locator(".form-error")).to_contain_text("入力内容を確認してください")
    expect(prefecture.locator(".field--error")).to_contain_text("終了日は開始日以降にしてください。")
    expect(prefecture.get_by_label("締結日")).to_have_value("R2.3.1")
    prefecture.get_by_label("協定期間（終了）").fill("R12.3.31")
    submit(prefecture, "保存する")
    expect_message(prefecture, "協定を保存しました。")

    page.reload()
    expect(page.get_by_label(PREP)).to_be_enabled()
    page.get_by_label(PREP).check()
    submit(page, "引き継ぐ")
    expect_message(page, "就労準備・家計改善 広域事業者へ引き継ぎました。")
    assert Handoff.objects.get(case=case).program == Program.EMPLOYMENT_PREP
