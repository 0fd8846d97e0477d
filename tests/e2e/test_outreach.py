"""Relationship work in the browser: the prefecture records a visit (with a follow-up) and a meeting
(with attendance); a city answers an intention survey and, once the results are sent, sees them."""
import datetime as dt

import pytest
from playwright.sync_api import expect

from jiritsu.outreach.models import Meeting, Visit
from jiritsu.outreach.services import surveys
from tests.e2e.conftest import login
from tests.e2e.helpers import expect_message, today, wareki
from tests.outreach.conftest import sent_survey

pytestmark = pytest.mark.e2e


def test_it_lets_the_prefecture_record_a_visit_and_its_follow_up(page, world):
    visited = today() - dt.timedelta(days=3)
    login(page, world.policy)
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="市町村との連携").click()
    page.get_by_role("table", name="自治体ごとの記録").get_by_role("row").filter(has_text="日立市") \
        .get_by_role("link", name="訪問を記録").click()
    page.get_by_label("訪問日").fill(wareki(visited))
    page.get_by_label("面会した方（氏名・役職）").fill("社会福祉課長 日立一郎")
    page.get_by_label("協議した内容").fill("就労準備支援の広域実施への参加")
    page.get_by_label("県に求める支援").fill("先行市の事例を知りたい")
    page.get_by_role("button", name="保存する").click()
    expect_message(page, "訪問を記録しました。")
    expect(page.get_by_role("region", name="訪問の内容")).to_contain_text("社会福祉課長 日立一郎")

    page.get_by_label("対応内容").fill("先行市の事例を送付する")
    page.get_by_label("期限").fill(wareki(today() - dt.timedelta(days=1)))
    page.get_by_role("button", name="対応を追加").click()
    expect(page.get_by_role("table", name="訪問後の対応")).to_contain_text("期限切れ")

    page.get_by_role("link", name="日立市との連携へ").click()
    timeline = page.get_by_role("list", name="これまでの経過")
    expect(timeline).to_contain_text("就労準備支援の広域実施への参加")
    expect(timeline).to_contain_text("先行市の事例を送付する")
    visit = Visit.objects.get()
    assert visit.visited_on == visited and visit.body == world.hitachi


def test_it_lets_the_prefecture_record_a_meeting_and_who_attended(page, world):
    login(page, world.policy)
    page.goto("/outreach/meetings/")
    page.get_by_role("link", name="会議を登録する").click()
    page.get_by_label("種別").select_option(label="検討会")
    page.get_by_label("会議名").fill("第1回 広域実施検討会")
    page.get_by_label("開催日").fill(wareki(today() + dt.timedelta(days=7)))
    page.get_by_label("議題").fill("支援の流れと費用負担の考え方")
    page.get_by_role("group", name="案内した自治体").get_by_label("日立市").check()
    page.get_by_role("group", name="案内した自治体").get_by_label("土浦市").check()
    page.get_by_role("button", name="保存する").click()
    expect_message(page, "会議を保存しました。")
    page.get_by_role("link", name="出席状況を記録する").click()
    page.get_by_label("日立市（案内済み）").fill("社会福祉課長 日立一郎")
    page.get_by_role("button", name="保存する").click()
    rows = page.get_by_role("table", name="案内・出席した自治体")
    expect(rows.get_by_role("row").filter(has_text="日立市")).to_contain_text("社会福祉課長 日立一郎")
    expect(rows.get_by_role("row").filter(has_text="土浦市")).not_to_contain_text("出席")
    assert Meeting.objects.get().kind == Meeting.Kind.REVIEW


def test_it_lets_a_city_answer_a_survey_and_see_the_results_once_sent_back(page, world):
    survey, q1, q2 = sent_survey(world)
    login(page, world.admin_a)
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="意向調査").click()
    page.get_by_role("link", name="広域実施意向調査").click()
    expect(page.get_by_role("region", name="自団体の回答")).to_contain_text("まだ回答していません")
    page.get_by_role("link", name="回答する").click()
    page.get_by_role("button", name="回答を送信する").click()
    expect(page.get_by_role("alert").filter(has_text="選択肢から選んでください")).to_be_visible()
    page.get_by_label("県に求める支援").fill("先行市の事例紹介")
    page.get_by_label("参加したい").check()
    page.get_by_role("button", name="回答を送信する").click()
    expect_message(page, "回答を送信しました。")
    own = page.get_by_role("region", name="自団体の回答")
    expect(own).to_contain_text("参加したい")
    expect(own).to_contain_text("先行市の事例紹介")
    expect(page.get_by_role("region", name="集計結果")).to_have_count(0)

    surveys.publish_results(user=world.policy, survey=survey, published_on=today(), expected_version=survey.version)
    page.reload()
    results = page.get_by_role("region", name="集計結果")
    expect(results).to_contain_text("送付 2 団体のうち 1 団体が回答")
    expect(results.get_by_role("row").filter(has_text="参加したい")).to_contain_text("100.0%")
    expect(page.get_by_role("link", name="回答を修正する")).to_have_count(0)
