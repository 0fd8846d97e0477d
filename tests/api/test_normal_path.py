"""The whole normal path through the API, from the first contact to closure, with the same services,
permissions and audit as the pages."""
import datetime as dt

from jiritsu.audit.models import AccessLog
from jiritsu.cases.models import Case, Client
from jiritsu.core.wareki import format_wareki


def intake_payload(received_on, **client):
    person = {"family_name": "佐藤", "given_name": "一郎", "family_name_kana": "さとう", "given_name_kana": "いちろう",
              "sex": "male", "birth_date": "昭和55年4月1日", "phone_mobile": "080-1111-2222",
              "postal_code": "317-0073", "address": "茨城県日立市幸町1-1", **client}
    return {
        "client": person,
        "intake": {"received_on": format_wareki(received_on), "route": "phone", "complaints": ["income", "debt"],
                   "main_complaint": "debt", "consultation_note": "借金の返済が苦しい", "housing_status": "rented"},
    }


def test_it_takes_a_person_from_first_contact_to_closure(api, world, days_ago):
    worker, chief, admin, provider = (api.as_(u) for u in (world.worker_a, world.chief_a, world.admin_a,
                                                           world.prep_staff))
    day = lambda n: (days_ago(120) + dt.timedelta(days=n)).isoformat()  # noqa: E731

    created = worker.post("/api/cases", intake_payload(days_ago(120)))
    assert created.status_code == 201, created.json()
    case_id = created.json()["id"]
    assert created.json()["status"] == "received"
    base = f"/api/cases/{case_id}"

    def step(caller, url, data=None, expect=201, status=None):
        response = caller.post(url, data)
        assert response.status_code == expect, (url, response.json())
        if status:
            assert response.json()["status"] == status, url
        return response.json()

    step(worker, f"{base}/triage", {"outcome": "continue", "decided_on": day(0)}, status="continuing")
    step(worker, f"{base}/apply", {"applied_on": format_wareki(days_ago(119), short=True), "rules_explained": True,
                                   "share_agreed": True, "scope": [world.prep_provider.pk]}, status="applied")
    step(worker, f"{base}/assessments", {"assessed_on": day(5), "household": "単身", "income": "無収入",
                                         "work_school": "離職中", "monthly_income": 0}, status="assessed")
    plan = step(worker, f"{base}/plans", {
        "drafted_on": day(10), "wishes": "働きたい", "problems": "収入がない", "support_content": "就労準備支援",
        "services": ["employment_prep"], "period_from": day(10), "period_to": day(190),
        "goals": [{"goal": "生活リズムを整える", "target_date": day(60)}, {"goal": "就職する", "target_date": None}],
    }, status="plan_drafted")
    meeting = step(chief, "/api/meetings", {"held_on": day(20), "members": "主任、担当、事業者"})
    item = step(worker, f"/api/meetings/{meeting['id']}/agenda", {"case_id": case_id})
    step(chief, f"/api/agenda-items/{item['id']}/outcome", {"outcome": "approved", "note": "了承"}, expect=200)
    step(admin, f"{base}/decision", {"decided_on": day(21), "decision_number": "日立-1"}, status="in_support")
    step(worker, f"{base}/handoffs", {"provider_id": world.prep_provider.pk, "program": "employment_prep",
                                      "started_on": day(22)}, status="in_support")
    step(provider, f"{base}/progress", {"occurred_on": day(30), "kind": "service", "text": "作業体験に参加"})
    step(worker, f"{base}/monitoring", {"monitored_on": day(50), "delivery": "順調に参加している"})
    step(worker, f"{base}/evaluations", {"evaluated_on": day(100), "goals_achieved": "就職が決まった",
                                         "decision": "close"}, status="evaluated")
    meeting2 = step(chief, "/api/meetings", {"held_on": day(105)})
    item2 = step(worker, f"/api/meetings/{meeting2['id']}/agenda", {"case_id": case_id})
    assert item2["kind"] == "evaluation"
    step(chief, f"/api/agenda-items/{item2['id']}/outcome", {"outcome": "approved"}, expect=200)
    step(worker, f"{base}/close", {"closed_on": day(110), "reason": "goal_achieved"}, status="closed")

    detail = worker.get(base).json()
    assert detail["closure"]["reason"] == "goal_achieved"
    assert [p["id"] for p in detail["plans"]] == [plan["id"]]
    assert detail["plans"][0]["goals"][0]["target_date"] == day(60)
    assert detail["plans"][0]["decision_number"] == "日立-1"
    assert detail["handoffs"][0]["ended_on"] == day(110)  # closure ends the hand-off
    assert [r["text"] for r in detail["progress"]] == ["作業体験に参加"]
    assert detail["client"]["birth_date"] == "1980-04-01"  # 和暦 input stored as a date
    writes = AccessLog.objects.filter(case_id=case_id, action__in=("create", "update"))
    assert set(writes.values_list("username", flat=True)) == {"worker_a", "chief_a", "admin_a", "prep_staff"}
    assert all(v.startswith("api: POST /api/") for v in writes.values_list("via", flat=True))


def test_it_records_a_read_when_a_case_is_opened(api, world):
    case = api.as_(world.worker_a).post("/api/cases", intake_payload(dt.date.today() - dt.timedelta(days=3))).json()
    api.as_(world.chief_a).get(f"/api/cases/{case['id']}")
    row = AccessLog.objects.filter(case_id=case["id"], action="read").latest("id")
    assert row.username == "chief_a" and row.via == f"api: GET /api/cases/{case['id']}"


def test_it_offers_the_steps_the_process_and_the_role_allow(api, world):
    case_id = api.as_(world.worker_a).post("/api/cases", intake_payload(dt.date.today())).json()["id"]
    steps = api.as_(world.worker_a).get(f"/api/cases/{case_id}/allowed-steps").json()
    codes = [s["step"] for s in steps["steps"]]
    assert "triage" in codes and "apply" not in codes and "decide" not in codes
    assert {"step": "triage", "label": "振り分け", "endpoint": f"POST /api/cases/{case_id}/triage"} in steps["steps"]
    admin_codes = [s["step"] for s in api.as_(world.admin_a).get(f"/api/cases/{case_id}/allowed-steps").json()["steps"]]
    assert "triage" not in admin_codes  # the process allows it, the body administrator's role does not


def test_it_warns_of_a_possible_duplicate_before_creating_a_case(api, world, today):
    worker = api.as_(world.worker_a)
    first = worker.post("/api/cases", intake_payload(today)).json()
    again = worker.post("/api/cases", intake_payload(today, family_name="佐藤", phone_mobile=""))
    assert again.status_code == 409
    body = again.json()
    assert body["reason"] == "possible_duplicate" and "同一人物" in body["message"]
    first_client = Case.objects.get(pk=first["id"]).client_id
    assert body["candidates"][0]["client_id"] == first_client
    assert body["candidates"][0]["case_ids"] == [first["id"]]
    assert Case.objects.count() == 1

    confirmed = worker.post("/api/cases", {**intake_payload(today), "confirm_new_person": True})
    assert confirmed.status_code == 201
    known = worker.post("/api/cases", {"intake": intake_payload(today)["intake"], "existing_client_id": first_client})
    assert known.status_code == 201
    assert Case.objects.get(pk=known.json()["id"]).client_id == first_client


def test_it_refuses_an_existing_client_of_another_city_without_saying_it_exists(api, world, today):
    other = api.as_(world.worker_b).post("/api/cases", intake_payload(today)).json()
    other_client = Case.objects.get(pk=other["id"]).client_id
    response = api.as_(world.worker_a).post(
        "/api/cases", {"intake": intake_payload(today)["intake"], "existing_client_id": other_client})
    assert response.status_code == 422
    assert response.json()["errors"] == {"existing_client_id": ["指定された相談者が見つかりません。"]}


def test_someone_who_so_far_only_applied_for_a_benefit_is_chosen_as_the_known_person(api, world, today):
    """A 住居確保給付金 applicant has no case yet: the city's own staff may still pick them, never entering the
    person twice; another city may not."""
    lone = Client.objects.create(body=world.hitachi, family_name="佐藤", given_name="次郎")
    refused = api.as_(world.worker_b).post(
        "/api/cases", {"intake": intake_payload(today)["intake"], "existing_client_id": lone.pk})
    assert refused.status_code == 422
    known = api.as_(world.worker_a).post(
        "/api/cases", {"intake": intake_payload(today)["intake"], "existing_client_id": lone.pk})
    assert known.status_code == 201 and Case.objects.get().client_id == lone.pk and Client.objects.count() == 1


def test_it_accepts_wareki_and_reports_a_bad_date_at_its_field(api, world, today):
    worker = api.as_(world.worker_a)
    payload = intake_payload(today)
    payload["intake"]["received_on"] = "令和99年13月1日"
    response = worker.post("/api/cases", payload)
    assert response.status_code == 422
    body = response.json()
    assert body["reason"] == "invalid"
    assert body["errors"]["intake.received_on"] == ["「令和99年13月1日」は存在しない日付です。"]
    payload["intake"]["received_on"] = "きのう"
    assert "R4.4.1" in worker.post("/api/cases", payload).json()["errors"]["intake.received_on"][0]
    assert Case.objects.count() == 0


def test_it_reports_service_rules_at_the_field(api, world, today):
    payload = intake_payload(today)
    payload["intake"]["main_complaint"] = "housing"  # not among the checked complaints
    response = api.as_(world.worker_a).post("/api/cases", payload)
    assert response.status_code == 422
    assert response.json()["errors"] == {"main_complaint": ["主訴は、チェックした相談内容の中から1つ選んでください。"]}


def test_it_reports_missing_and_unknown_values_in_japanese(api, world, today):
    response = api.as_(world.worker_a).post("/api/cases", {"intake": {"route": "fax", "complaints": []}})
    errors = response.json()["errors"]
    assert response.status_code == 422
    assert errors["intake.received_on"] == ["入力してください。"]
    assert errors["intake.route"][0].startswith("次のいずれかを指定してください：")


def test_it_refuses_an_edit_made_on_an_old_version(api, world, today):
    worker, chief = api.as_(world.worker_a), api.as_(world.chief_a)
    case_id = worker.post("/api/cases", intake_payload(today)).json()["id"]
    version = worker.get(f"/api/cases/{case_id}").json()["client"]["version"]
    first = worker.patch(f"/api/cases/{case_id}/client", {"version": version, "address": "日立市助川町1-1"})
    assert first.status_code == 200 and first.json()["version"] == version + 1
    late = chief.patch(f"/api/cases/{case_id}/client", {"version": version, "address": "日立市大みか町1-1"})
    assert late.status_code == 409
    assert late.json()["reason"] == "edit_conflict" and "他の職員" in late.json()["message"]
    assert worker.get(f"/api/cases/{case_id}").json()["contact"]["address"] == "日立市助川町1-1"
    client = Case.objects.get(pk=case_id).client
    assert client.history.latest().history_user == world.worker_a  # the field history names the token's user


def test_it_edits_the_intake_with_its_version(api, world, today):
    worker = api.as_(world.worker_a)
    case_id = worker.post("/api/cases", intake_payload(today)).json()["id"]
    version = worker.get(f"/api/cases/{case_id}").json()["version"]
    response = worker.patch(f"/api/cases/{case_id}/intake", {"version": version, "pension": "arrears",
                                                             "assigned_to_id": world.chief_a.pk})
    assert response.status_code == 200, response.json()
    intake = worker.get(f"/api/cases/{case_id}").json()["intake"]
    assert intake["pension"] == "arrears" and intake["assigned_to"] == "日立 主任"
    stale = worker.patch(f"/api/cases/{case_id}/intake", {"version": version, "pension": "none"})
    assert stale.status_code == 409 and stale.json()["reason"] == "edit_conflict"
    other_city = worker.patch(f"/api/cases/{case_id}/intake", {"version": version + 1,
                                                                "assigned_to_id": world.worker_b.pk})
    assert other_city.status_code == 422 and "assigned_to_id" in other_city.json()["errors"]
