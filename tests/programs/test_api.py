"""The programs API: participation, the implementation table, agreements and contracts (written by the
prefecture's policy staff, read by a body's own staff), and the cost share answering the CLI's rows."""
import csv
import io

import pytest
from django.core.management import call_command

from jiritsu.orgs.models import Body
from jiritsu.programs.catalog import Program
from jiritsu.programs.implementation import build_table
from jiritsu.programs.models import Agreement, Contract, Method, Participation
from tests.api.conftest import ApiCaller


@pytest.fixture
def api(client):
    return ApiCaller(client)


def join(codes, program=Program.EMPLOYMENT_PREP, fy=2022, method=Method.JOINT):
    for code in codes:
        Participation.objects.create(body=Body.objects.get(code=code), program=program, fiscal_year=fy, method=method)


def test_the_cost_share_answers_the_rows_the_cli_prints(api, world):
    join(["08201", "08202"])
    out = io.StringIO()
    call_command("report_cost_share", "--program", "就労準備支援", "--fy", "R4", "--amount", "1000001",
                 "--key", "均等割:70,人口割:30", stdout=out)
    printed = list(csv.reader(io.StringIO(out.getvalue())))
    response = api.as_(world.policy).post("/api/programs/cost-share", {
        "program": "employment_prep", "fy": "R4", "amount": 1000001, "key": "均等割:70,人口割:30"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [body["header"], *[[str(c) for c in line] for line in body["lines"]]] == printed
    first = body["rows"][0]
    assert first["body_code"] == printed[1][0] and [c["component"] for c in first["components"]] == ["均等割", "人口割"]
    assert sum(r["total"] for r in body["rows"]) == 1000001 and first["explanations"]


def test_a_bad_cost_share_key_is_refused_at_the_key_and_only_policy_staff_may_compute(api, world):
    join(["08201", "08202"])
    bad = api.as_(world.policy).post("/api/programs/cost-share", {
        "program": "employment_prep", "fy": 2022, "amount": 100, "key": "均等割:60"})
    assert bad.status_code == 422 and list(bad.json()["errors"]) == ["key"]
    worker = api.as_(world.worker_a).post("/api/programs/cost-share", {
        "program": "employment_prep", "fy": 2022, "amount": 100, "key": "均等割:100"})
    assert worker.status_code == 403 and worker.json()["reason"] == "not_permitted"


def test_the_implementation_table_is_the_pages_table(api, world):
    join(["08201", "08202"], fy=2023)
    body = api.as_(world.policy).get("/api/programs/implementation", from_fy="R4", to_fy="2023").json()
    table = build_table(2022, 2023)
    assert body["header"] == table.header() and [r["cells"] for r in body["rows"]] == [r.cells for r in table.rows]
    assert api.as_(world.policy).get("/api/programs/implementation", from_fy=2024, to_fy=2023).status_code == 422
    assert api.as_(world.worker_a).get("/api/programs/implementation").status_code == 403


def test_participation_is_read_and_recorded_by_the_policy_staff(api, world):
    policy = api.as_(world.policy)
    response = policy.put("/api/programs/participation/2022/08202/employment_prep", {"method": "joint",
                                                                                    "since": "H27.4.1"})
    assert response.status_code == 200 and response.json()["method_label"] == "広域委託"
    listed = policy.get("/api/programs/participation", fy="R4", per_page=200).json()
    hitachi = next(r for r in listed["items"] if r["body_code"] == "08202")
    assert hitachi["programs"][0]["method"] == "joint" and hitachi["programs"][0]["since"] == "2015-04-01"
    cleared = policy.put("/api/programs/participation/2022/08202/employment_prep", {})
    assert cleared.status_code == 200 and not Participation.objects.filter(body__code="08202").exists()
    assert policy.put("/api/programs/participation/2022/99999/employment_prep", {}).status_code == 404
    assert api.as_(world.admin_a).put("/api/programs/participation/2022/08202/employment_prep",
                                      {"method": "joint"}).status_code == 403


def test_a_body_reads_only_its_own_agreements_and_another_bodys_is_404(api, world):
    own = Agreement.objects.filter(body=world.hitachi).first()
    other = Agreement.objects.filter(body=world.tsuchiura).first()
    caller = api.as_(world.worker_a)
    listed = caller.get("/api/agreements", per_page=200).json()
    assert listed["count"] == Agreement.objects.filter(body=world.hitachi).count()
    assert {a["body_code"] for a in listed["items"]} == {"08202"}
    detail = caller.get(f"/api/agreements/{own.pk}")
    assert detail.status_code == 200 and detail["ETag"] == f'W/"{own.version}"'
    assert caller.get(f"/api/agreements/{other.pk}").status_code == 404
    assert caller.post("/api/agreements", {}).status_code in (403, 422)
    assert api.as_(world.prep_staff).get("/api/agreements").status_code == 403


def test_the_policy_staff_edit_an_agreement_with_if_match_and_a_stale_one_is_412(api, world):
    agreement = Agreement.objects.filter(body=world.hitachi).first()
    policy = api.as_(world.policy)
    current = policy.get(f"/api/agreements/{agreement.pk}")
    data = {k: current.json()[k] for k in ("body_id", "program", "term_from", "signed_on")}
    data |= {"term_to": "R22.3.31", "data_sharing": True, "data_sharing_text": "第5条 個人情報の提供"}
    matching = policy.with_headers(If_Match=current["ETag"])
    saved = matching.put(f"/api/agreements/{agreement.pk}", data)
    assert saved.status_code == 200, saved.json()
    assert saved.json()["data_sharing"] and saved["ETag"] == f'W/"{agreement.version + 1}"'
    stale = matching.put(f"/api/agreements/{agreement.pk}", data)
    assert stale.status_code == 412 and stale.json()["reason"] == "precondition_failed"
    missing_text = policy.with_headers(If_Match="*").put(f"/api/agreements/{agreement.pk}",
                                                         {**data, "data_sharing_text": ""})
    assert missing_text.status_code == 422 and "data_sharing_text" in missing_text.json()["errors"]


def test_a_new_agreement_overlapping_an_existing_one_is_refused_at_term_from(api, world):
    existing = Agreement.objects.filter(body=world.hitachi).first()
    response = api.as_(world.policy).post("/api/agreements", {
        "body_id": world.hitachi.pk, "program": existing.program, "term_from": "R6.4.1", "term_to": "R7.3.31",
        "signed_on": "R6.3.1"})
    assert response.status_code == 422 and "term_from" in response.json()["errors"]


def test_contracts_are_the_policy_staffs_and_a_provider_lacking_the_program_is_refused(api, world):
    policy = api.as_(world.policy)
    listed = policy.get("/api/contracts").json()
    assert listed["count"] == Contract.objects.count()
    assert api.as_(world.worker_a).get("/api/contracts").status_code == 403
    contract = Contract.objects.first()
    assert api.as_(world.worker_a).get(f"/api/contracts/{contract.pk}").status_code == 403
    created = policy.post("/api/contracts", {
        "provider_id": world.shelter_provider.pk, "title": "R7 一時生活支援", "programs": ["temporary_shelter"],
        "term_from": "R7.4.1", "term_to": "R8.3.31", "amount": 5_000_000, "body_ids": [world.hitachi.pk]})
    assert created.status_code == 201, created.json()
    assert created.json()["body_codes"] == ["08202"]
    wrong = policy.post("/api/contracts", {
        "provider_id": world.shelter_provider.pk, "title": "誤り", "programs": ["employment_prep"],
        "term_from": "R7.4.1", "term_to": "R8.3.31", "amount": 1, "body_ids": [world.hitachi.pk]})
    assert wrong.status_code == 422 and "programs" in wrong.json()["errors"]


def test_participation_of_a_year_after_the_records_follows_the_agreements_as_the_page_does(api, world):
    from jiritsu.programs.models import Agreement

    Agreement.objects.exclude(body__code="08203").delete()
    Participation.objects.create(body=world.hitachi, program="employment_prep", fiscal_year=2022, method="contracted")
    listed = api.as_(world.policy).get("/api/programs/participation", fy="R4", per_page=200).json()
    cells = {r["body_code"]: r["programs"][0] for r in listed["items"]}
    assert cells["08202"]["method"] == "contracted" and cells["08202"]["source"] == "recorded"
    assert cells["08203"]["method"] == ""  # R4 is recorded: a 協定 alone does not count that year
    listed = api.as_(world.policy).get("/api/programs/participation", fy="R5", per_page=200).json()
    cells = {r["body_code"]: r["programs"][0] for r in listed["items"]}
    assert (cells["08203"]["method"], cells["08203"]["source"]) == ("joint", "agreement")
    assert cells["08202"]["method"] == ""


def test_an_update_with_a_bad_body_is_422_even_when_the_record_is_missing(api, world):
    policy = api.as_(world.policy)
    agreement = Agreement.objects.filter(body=world.hitachi).first()
    good = {"body_id": agreement.body_id, "program": agreement.program, "term_from": "R6.4.1",
            "term_to": "R7.3.31", "signed_on": "R6.3.1", "version": agreement.version}
    for body, field in (({**good, "body_id": 999999}, "body_id"),
                        ({k: v for k, v in good.items() if k != "version"}, "version")):
        for url in ("/api/agreements/999999", f"/api/agreements/{agreement.pk}"):
            response = policy.put(url, body)
            assert response.status_code == 422 and list(response.json()["errors"]) == [field], (url, body)
    assert policy.put("/api/agreements/999999", good).status_code == 404
    contract = {"provider_id": world.shelter_provider.pk, "title": "R7 一時生活支援", "programs": ["temporary_shelter"],
                "term_from": "R7.4.1", "term_to": "R8.3.31", "amount": 1, "body_ids": [world.hitachi.pk], "version": 1}
    refused = policy.put("/api/contracts/999999", {**contract, "provider_id": 999999})
    assert refused.status_code == 422 and list(refused.json()["errors"]) == ["provider_id"]
    assert policy.put("/api/contracts/999999", {**contract, "body_ids": [999999]}).json()["errors"].keys() == {
        "body_ids"}
    assert policy.put("/api/contracts/999999", contract).status_code == 404
    assert api.as_(world.worker_a).put("/api/contracts/999999", contract).status_code == 403


def test_a_contract_is_updated_through_the_same_path_as_an_agreement(api, world):
    policy = api.as_(world.policy)
    data = {"provider_id": world.shelter_provider.pk, "title": "R7 一時生活支援", "programs": ["temporary_shelter"],
            "term_from": "R7.4.1", "term_to": "R8.3.31", "amount": 1, "body_ids": [world.hitachi.pk]}
    created = policy.post("/api/contracts", data)
    assert created.status_code == 201, created.json()
    url = f"/api/contracts/{created.json()['id']}"
    saved = policy.with_headers(If_Match=created["ETag"]).put(url, {**data, "amount": 1234})
    assert saved.status_code == 200 and saved.json()["amount"] == 1234, saved.json()
    assert saved["ETag"] == f'W/"{created.json()["version"] + 1}"'
    stale = policy.put(url, {**data, "version": created.json()["version"]})
    assert stale.status_code == 409
