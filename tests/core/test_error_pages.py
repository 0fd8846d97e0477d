"""Error pages: in Japanese with the site's header and a way back; a 404 gives no hint whether the thing
exists; under /api/ every error is JSON with `reason` and `message`."""
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import new_case

WAY_BACK = f'href="{"/"}"'


def page_text(response) -> str:
    # The CSRF token is masked anew on every page: compare pages without it.
    return re.sub(r"[A-Za-z0-9]{64}", "", response.content.decode())


def assert_site_page(response, status, *phrases):
    html = response.content.decode()
    assert response.status_code == status
    assert '<html lang="ja">' in html and 'class="site-header"' in html and "今日の業務へ戻る" in html
    assert WAY_BACK in html
    for phrase in phrases:
        assert phrase in html


def test_a_missing_page_is_explained_in_japanese_with_the_menu(client, world):
    client.force_login(world.worker_a)
    response = client.get("/no-such-page/")
    assert_site_page(response, 404, "ページが見つかりません", 'aria-label="メインメニュー"')
    assert "Not Found" not in response.content.decode()


def test_a_case_out_of_scope_looks_exactly_like_one_that_does_not_exist(client, world):
    other_city = new_case(world, user=world.worker_b)
    client.force_login(world.worker_a)
    hidden = client.get(reverse("case_detail", args=[other_city.pk]))
    missing = client.get(reverse("case_detail", args=[other_city.pk + 1000]))
    assert hidden.status_code == missing.status_code == 404
    assert page_text(hidden) == page_text(missing)


def test_a_refused_page_says_why_in_japanese(client, world):
    client.force_login(world.worker_a)
    response = client.get(reverse("implementation"))
    assert_site_page(response, 403, "このページは利用できません", "このページは県の政策担当者だけが利用できます。")


def test_a_form_sent_without_its_csrf_token_is_explained(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.worker_a)
    response = browser.post(reverse("case_new"), {"family_name": "山田"})
    assert_site_page(response, 403, "送信を受け付けられませんでした", "もう一度入力して送信してください")


@pytest.mark.urls("tests.core.urls_failing")
def test_a_failure_shows_the_japanese_error_page_with_the_header(world):
    browser = Client(raise_request_exception=False)
    browser.force_login(world.worker_a)
    response = browser.get("/failing/")
    assert_site_page(response, 500, "システムでエラーが発生しました", "入力した内容は保存されていない可能性があります")
    assert_site_page(browser.get("/suspicious/"), 400, "リクエストを処理できません")


def test_a_page_asked_for_before_signing_in_still_leads_to_the_login(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.urls("tests.core.urls_failing")
def test_every_api_error_is_json_with_reason_and_message(world):
    from tests.api.conftest import ApiCaller

    caller = ApiCaller(Client(raise_request_exception=False)).as_(world.worker_a)
    answers = {
        "/api/no-such-endpoint": (caller.get("/api/no-such-endpoint"), 404, "not_found"),
        "DELETE /api/cases": (caller.client.delete("/api/cases", headers=caller.headers), 405, "method_not_allowed"),
        "/api/failing/": (caller.get("/api/failing/"), 500, "server_error"),
        "PATCH /api/plans/AAA": (caller.patch("/api/plans/AAA", {}), 404, "not_found"),
        "/api/cases?page=huge": (caller.get("/api/cases", page="99999999999999999999"), 422, "invalid"),
        "/api/cases/huge": (caller.get("/api/cases/99999999999999999999"), 404, "not_found"),
    }
    for what, (response, status, reason) in answers.items():
        assert response.status_code == status, what
        assert response["Content-Type"].startswith("application/json"), what
        body = response.json()
        assert body["reason"] == reason and body["message"], what
    assert "GET" in answers["DELETE /api/cases"][0]["Allow"]
