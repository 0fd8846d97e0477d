"""Training (issue 7) in the browser: a worker enrols, the prefecture takes attendance on the day, the worker
confirms the lectures and downloads the certificate PDF; a case study's text carries none of the source
case's names or exact dates."""
import datetime as dt
import subprocess

import pytest
from playwright.sync_api import expect

from jiritsu.cases import services as case_services
from jiritsu.cases.choices import Status
from jiritsu.core.wareki import format_wareki
from jiritsu.documents import pdf
from jiritsu.training import services
from tests.e2e.conftest import login
from tests.factories import advance_case, new_case
from tests.training.builders import make_course

pytestmark = pytest.mark.e2e


@pytest.fixture
def course(world, today, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_course(world, today)


@pytest.mark.skipif(not pdf.available(), reason="WeasyPrint or a Japanese font is not installed")
def test_a_worker_enrols_attends_and_downloads_the_certificate(page, page_as, world, course, tmp_path):
    course_, _lectures, exercise = course
    login(page, world.worker_a)
    page.get_by_role("link", name="研修", exact=True).click()
    page.get_by_role("link", name=course_.title).click()
    page.get_by_label("参加する演習の日程").select_option(label=f"{exercise.title}（{exercise.venue}）")
    page.get_by_role("button", name="受講を申し込む").click()
    expect(page.locator(".messages")).to_contain_text("受講を申し込みました")
    expect(page.locator("#enrolment-status")).to_contain_text("申込済み")

    organiser = page_as(world.policy)
    organiser.goto(f"/training/exercises/{exercise.pk}")
    organiser.get_by_label("日立 相談員").check()
    organiser.get_by_role("button", name="出席を記録する").click()
    expect(organiser.locator(".messages")).to_contain_text("出席1名")

    for _ in range(2):
        page.get_by_role("button", name="視聴しました").first.click()
        expect(page.locator(".messages")).to_contain_text("視聴を記録しました")
    expect(page.locator("#enrolment-status")).to_contain_text("修了")
    with page.expect_download() as download:
        page.get_by_role("link", name="修了証書（PDF）").click()
    path = tmp_path / "certificate.pdf"
    download.value.save_as(path)
    text = "".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    assert "修了証書" in text and "日立相談員様" in text and "令和" in text


def test_a_case_study_carries_none_of_the_source_cases_names_or_dates(page, page_as, world, course):
    course_, _lectures, exercise = course
    case = advance_case(world, new_case(world, family_name="磯崎", given_name="美香", kana=("いそざき", "みか"),
                                        birth=dt.date(1984, 7, 9)), Status.IN_SUPPORT)
    met = case.received_on + dt.timedelta(days=40)
    case_services.record_progress(user=world.worker_a, case=case, occurred_on=met, kind="interview", text=(
        f"磯崎美香さんと{format_wareki(met)}に面談。ｲｿｻﾞｷさんの生年月日は{format_wareki(dt.date(1984, 7, 9))}。"
        "日立市のハローワークに同行。"))
    for user in (world.worker_a, world.worker_b):
        services.enrol(user=user, staff=user.staff, course=course_, exercise=exercise, training_role="support_worker")

    login(page, world.worker_a)
    page.goto(f"/training/courses/{course_.pk}")
    page.get_by_role("link", name="演習のページへ（事例検討・名刺交換）").click()
    page.get_by_role("link", name="自分の自治体のケースから事例を作る").click()
    page.get_by_label("元にするケースのケース番号").fill(case.case_number)
    page.get_by_label("成功事例").check()
    page.get_by_label("表題").fill("磯崎さんの就職")
    page.get_by_role("button", name="匿名化した下書きを作る").click()
    draft = page.get_by_label("事例の内容（匿名化済み）")
    expect(draft).to_be_visible()
    forbidden = ["磯崎", "美香", "いそざき", "イソザキ", "ｲｿｻﾞｷ", "日立市", case.case_number,
                 format_wareki(met), format_wareki(dt.date(1984, 7, 9)), format_wareki(case.received_on),
                 met.isoformat(), case.received_on.isoformat()]
    text = draft.input_value()
    assert "相談から約6週間後" in text
    assert not [v for v in forbidden if v in text]
    # Four eyes: the author asks for review; a colleague of the same body confirms and publishes.
    page.get_by_role("button", name="確認を依頼する").click()
    study_url = page.url
    reviewer = page_as(world.chief_a)
    reviewer.goto(study_url)
    reviewer.get_by_role("checkbox").check()
    reviewer.get_by_role("button", name="公開する").click()
    expect(reviewer.get_by_role("button", name="公開する")).to_have_count(0)

    other = page_as(world.worker_b)
    other.goto(f"/training/exercises/{exercise.pk}")
    other.get_by_role("link", name="Aさんの就職").click()
    shown = other.locator("#study-text").inner_text()
    assert "面談" in shown and not [v for v in forbidden if v in shown]
    expect(other.get_by_role("link", name="ケースを開く")).to_have_count(0)
