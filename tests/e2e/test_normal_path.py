"""The whole normal path through the browser: intake → triage → application → assessment → plan →
meeting → decision → hand-off → progress → monitoring → evaluation → meeting → closure, each step
taken by the person whose job it is, each through the button the case page offers."""
import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from jiritsu.cases.choices import Status
from jiritsu.cases.models import Case
from tests.e2e.conftest import login
from tests.e2e.helpers import (
    expect_message,
    expect_status,
    open_case,
    stepper,
    submit,
    take_other_action,
    take_primary_action,
    today,
    wareki,
)

pytestmark = pytest.mark.e2e
SCREENSHOT = "/tmp/e2e-case.png"


def receive_consultation(page) -> Case:
    """A support worker types a new consultation: 和暦 birth date, address from the postal code."""
    page.get_by_role("link", name="新規相談受付").click()
    page.get_by_label("ふりがな（氏）").fill("さとう")
    page.get_by_label("ふりがな（名）").fill("いちろう")
    page.get_by_label("氏名（氏）").fill("佐藤")
    page.get_by_label("氏名（名）").fill("一郎")
    page.get_by_label("男性", exact=True).check()
    page.get_by_label("相談経路").select_option(label="来所")
    page.get_by_label("生年月日").fill("S60.6.1")
    page.get_by_label("生年月日").press("Tab")
    expect(page.locator(".birth-note")).to_contain_text("昭和60年6月1日")
    page.get_by_label("〒（郵便番号）").fill("317-0073")
    page.get_by_label("〒（郵便番号）").press("Tab")
    expect(page.get_by_label("住所", exact=True)).to_have_value("茨城県日立市幸町")
    page.get_by_label("住所", exact=True).fill("茨城県日立市幸町3-4-5")
    page.get_by_label("電話（携帯）").fill("090-2222-3333")
    page.get_by_label("収入・生活費", exact=True).check()
    page.get_by_label("仕事探し、就職", exact=True).check()
    page.get_by_label("仕事探し、就職を主訴").check()
    page.get_by_label("相談内容（自由記述）").fill("失業して半年、家賃が払えない。")
    submit(page, "受け付ける")
    expect(page.get_by_role("heading", level=1)).to_contain_text("佐藤 一郎")
    case = Case.objects.get(client__family_name="佐藤")
    assert page.url.endswith(f"/cases/{case.pk}/")
    return case


def triage_apply_assess_plan(page, world) -> None:
    take_primary_action(page, "振り分けを記録する")
    page.get_by_label("継続支援", exact=True).check()
    submit(page)
    expect_message(page, "振り分けを記録しました。")

    take_primary_action(page, "利用申込・本人同意を記録する")
    page.get_by_label("個人情報の取扱い規程の説明を受けた").check()
    page.get_by_label("関係機関との情報共有に同意する").check()
    page.get_by_label(world.prep_provider.name, exact=True).check()
    submit(page)
    expect_message(page, "利用申込・本人同意を記録しました。")

    take_primary_action(page, "アセスメントを記録する")
    page.get_by_label("世帯構成").fill("単身")
    page.get_by_label("就労・就学の状況").fill("半年前に離職")
    page.get_by_label("世帯の月収（円）").fill("0")
    submit(page)
    expect_message(page, "アセスメントを記録しました。")

    take_primary_action(page, "プラン（案）を作成する")
    page.get_by_label("本人の意向").fill("早く働きたい")
    page.get_by_label("解決すべき課題").fill("生活リズムが乱れている")
    page.get_by_label("目標 1", exact=True).fill("週3日通所する")
    page.get_by_label("目標 1 の達成時期").fill(wareki(today() + dt.timedelta(days=90)))
    page.get_by_label("支援の種類・内容").fill("就労準備支援事業で生活リズムを整える")
    page.get_by_label("就労準備支援", exact=True).check()
    page.get_by_label("プラン期間（開始）").fill(wareki(today()))
    page.get_by_label("プラン期間（終了）").fill(wareki(today() + dt.timedelta(days=180)))
    submit(page)
    expect_message(page, "プラン（案）第1版を作成しました。")
    expect_status(page, "プラン案作成済")


def chief_approves_plan(chief, case) -> None:
    """The chief registers today's meeting, puts the plan on it and records 了承 on the meeting page."""
    chief.get_by_role("link", name="支援調整会議", exact=True).click()
    chief.get_by_role("link", name="支援調整会議を登録する").click()
    chief.get_by_label("開催日").fill(wareki(today(), short=False))
    chief.get_by_label("場所").fill("日立市役所 会議室A")
    submit(chief, "保存する")
    expect_message(chief, "支援調整会議を登録しました。")

    open_case(chief, case)
    take_primary_action(chief, "支援調整会議に付議する")
    chief.get_by_label(wareki(today(), short=False), exact=False).check()
    submit(chief, "付議する")
    expect_message(chief, "議題に加えました。")

    chief.get_by_role("link", name="支援調整会議", exact=True).click()
    chief.get_by_role("link", name=re.compile(wareki(today(), short=False))).first.click()
    item = chief.get_by_role("region", name=case.case_number)
    item.get_by_label("了承").check()
    item.get_by_label("個別の会議録").fill("就労準備支援の利用を了承")
    item.get_by_role("button", name="結果を記録する").click()
    expect_message(chief, f"{case.case_number} の結果（了承）を記録しました。")


def support_until_evaluation(page, world) -> None:
    take_primary_action(page, "委託事業者へ引き継ぐ")
    page.get_by_label(f"{world.prep_provider.name}（就労準備支援）").check()
    submit(page, "引き継ぐ")
    expect_message(page, "へ引き継ぎました。")

    page.get_by_role("link", name="支援経過を記録する").first.click()
    page.get_by_label("種別").select_option(label="面談")
    page.get_by_label("内容").fill("通所初日。遅刻なし。")
    submit(page)
    expect_message(page, "支援経過を記録しました。")
    expect(page.locator(".progress-list")).to_contain_text("通所初日。遅刻なし。")

    take_primary_action(page, "モニタリングを記録する")
    page.get_by_label("支援の実施状況").fill("週3日の通所を継続")
    submit(page)
    expect_message(page, "モニタリングを記録しました。")

    take_other_action(page, "プラン評価を記録する")
    page.get_by_label("目標の達成状況").fill("目標を達成し、就職が決まった")
    page.get_by_label("終結", exact=True).check()
    submit(page)
    expect_message(page, "プラン評価を記録しました。")
    expect_status(page, "プラン評価済")


def chief_confirms_evaluation(chief, case) -> None:
    open_case(chief, case)
    take_primary_action(chief, "支援調整会議に付議する")
    chief.get_by_label(wareki(today(), short=False), exact=False).check()
    submit(chief, "付議する")
    expect_message(chief, "議題に加えました。")
    take_primary_action(chief, "会議で評価を確認する")
    chief.get_by_label("了承").check()
    submit(chief, "結果を記録する")
    expect_message(chief, "の結果（了承）を記録しました。")


def test_it_walks_a_consultation_from_intake_to_closure_on_the_normal_path(page, page_as, world):
    login(page, world.worker_a)
    case = receive_consultation(page)
    expect_status(page, "相談受付")
    triage_apply_assess_plan(page, world)

    chief = page_as(world.chief_a)
    chief_approves_plan(chief, case)

    admin = page_as(world.admin_a)
    open_case(admin, case)
    take_primary_action(admin, "支援決定を記録する")
    submit(admin)
    expect_message(admin, "支援決定（プラン第1版）を記録しました。")
    expect_status(admin, "支援中")

    open_case(page, case)
    support_until_evaluation(page, world)
    chief_confirms_evaluation(chief, case)

    open_case(page, case)
    take_primary_action(page, "終結する")
    page.get_by_label("終結理由").select_option(label="目標達成")
    submit(page, "終結する")
    expect_message(page, "ケースを終結しました。")
    expect_status(page, "終結")
    last_step = stepper(page).get_by_role("listitem").last
    expect(last_step).to_contain_text("終結")
    expect(last_step).to_have_attribute("aria-current", "step")
    expect(page.locator("#primary-action")).to_have_text("支援経過を記録する")  # follow-up after closure
    page.screenshot(path=SCREENSHOT, full_page=True)
    page.get_by_role("link", name="変更履歴を表示する").click()  # htmx fills it in place
    expect(page.locator("#case-history")).to_contain_text("終結理由")
    assert page.url.endswith(f"/cases/{case.pk}/")
    case.refresh_from_db()
    assert case.status == Status.CLOSED
