"""`jiritsu import cases` (case-ledger.md): validation, all-or-nothing, idempotence, encodings."""
import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from jiritsu.audit.models import AccessLog
from jiritsu.cases.choices import Status
from jiritsu.cases.models import Case, Outcome
from jiritsu.stats.survey import monthly_survey, resolve_unit

HEADER = ("body_code,case_id,received_on,family_name,given_name,family_name_kana,given_name_kana,sex,birth_date,"
          "postal_code,address,phone,main_complaint,complaints,triage,referred_to,consent_on,plan_decided_on,"
          "programs,work_support_target,employed_on,income_increased_on,closed_on,closure_reason")
ROWS = [
    "08202,L-001,2024-04-03,日立,一郎,ひたち,いちろう,男性,1980-01-02,317-0073,日立市幸町1-1,090-1111-2222,"
    "収入・生活費,収入・生活費|仕事探し、就職,継続支援,,R6.4.10,令和6年5月7日,就労準備支援|住居確保給付金,1,"
    "2024-06-01,,2024-09-30,目標達成",
    "08202,L-002,2024-04-05,日立,二郎,ヒタチ,ジロウ,,,,,,住まい,,他機関つなぎ,福祉事務所（生活保護）,,,,,,,,",
    "082023,L-003,2024-05-01,日立,三子,,,女性,,3170073,,0294-22-0000,債務,,継続支援,,2024-05-02,,,,,2024-07-01,,",
    "08000,L-001,2024-04-03,笠間,花子,,,,,,,,その他,,情報提供のみ,,,,,,,,,",
]


@pytest.fixture
def ledger_world(world):
    from tests.factories import make_agency

    make_agency(world.hitachi.prefecture.bodies.get(code="08000"), name="県 町村部 自立相談支援機関")
    return world


def write(tmp_path, rows, header=HEADER, encoding="utf-8", name="ledger.csv"):
    path = tmp_path / name
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode(encoding))
    return path


def run(path, *args):
    out = io.StringIO()
    try:
        call_command("import_cases", str(path), *args, stdout=out)
    except CommandError as exc:
        return 1, out.getvalue(), str(exc)
    return 0, out.getvalue(), ""


def test_it_imports_a_valid_ledger_with_every_record_and_a_consistent_status(ledger_world, tmp_path):
    code, out, _ = run(write(tmp_path, ROWS))
    assert code == 0, out
    assert "新規 4 件" in out
    first = Case.objects.get(body__code="08202", case_number="L-001")
    assert first.status == Status.CLOSED and first.closed_on == dt.date(2024, 9, 30)
    assert first.closure_reason == "goal_achieved"
    assert first.complaints == ["income", "job_search"] and first.client.phone_mobile == "090-1111-2222"
    plan = first.plans.get()
    assert plan.number == 1 and plan.services == ["employment_prep", "housing_benefit"] and plan.work_support_target
    assert plan.decision.decided_on == dt.date(2024, 5, 7)
    assert first.consents.get().applied_on == dt.date(2024, 4, 10)
    assert list(first.outcomes.values_list("kind", flat=True)) == ["employed"]
    referred = Case.objects.get(case_number="L-002")
    assert referred.status == Status.CLOSED and referred.triage.referred_to == "福祉事務所（生活保護）"
    applied = Case.objects.get(case_number="L-003")
    assert applied.status == Status.APPLIED and applied.client.postal_code == "317-0073"
    assert Outcome.objects.get(case=applied).kind == "income_increased"
    assert Case.objects.get(body__code="08000").status == Status.CLOSED
    importer = get_user_model().objects.get(username="import")
    assert not importer.has_usable_password() and not importer.is_active
    logs = AccessLog.objects.filter(action="create", via="cli: import cases")
    assert logs.count() == 4


def test_imported_cases_count_in_the_survey_like_any_other(ledger_world, tmp_path):
    run(write(tmp_path, ROWS))
    counts = monthly_survey(resolve_unit("08202"), dt.date(2024, 4, 1), dt.date(2024, 7, 1)).total.counts
    assert counts["new"] == 3 and counts["plans"] == 1 and counts["work_support"] == 1
    assert counts["service:employment_prep"] == 1 and counts["employed_targeted"] == 1 and counts["income"] == 1


def test_it_reimports_the_same_file_as_unchanged(ledger_world, tmp_path):
    path = write(tmp_path, ROWS)
    run(path)
    before = (Case.objects.count(), AccessLog.objects.count())
    code, out, _ = run(path)
    assert code == 0 and out.count("unchanged") == 4 and "新規 0 件" in out
    assert (Case.objects.count(), AccessLog.objects.count()) == before


@pytest.mark.parametrize("cells, column, message", [
    ({"body_code": ""}, "body_code", "必須"),
    ({"body_code": "082024"}, "body_code", "検査数字"),
    ({"body_code": "99999"}, "body_code", "登録されていません"),
    ({"received_on": "2024-13-01"}, "received_on", ""),
    ({"family_name": ""}, "family_name", "必須"),
    ({"family_name_kana": "yamada"}, "family_name_kana", "ひらがなまたはカタカナ"),
    ({"sex": "男"}, "sex", "性別"),
    ({"birth_date": "2030-01-01"}, "birth_date", "生年月日"),
    ({"birth_date": "1024-04-01"}, "birth_date", "明治元年1月25日（1868年）以降"),
    ({"received_on": "9999-12-31"}, "received_on", "以前の日付"),
    ({"family_name": "山\x00田"}, "family_name", "制御文字"),
    ({"postal_code": "317-007"}, "postal_code", "7桁"),
    ({"phone": "090(1111)2222"}, "phone", "数字とハイフン"),
    ({"main_complaint": "お金"}, "main_complaint", "相談内容"),
    ({"complaints": "住まい|債務"}, "complaints", "主訴"),
    ({"triage": "継続"}, "triage", "振り分け"),
    ({"consent_on": "2024-04-01"}, "consent_on", "受付日"),
    ({"consent_on": "", "plan_decided_on": "2024-05-07", "programs": ""}, "plan_decided_on", "consent_on"),
    ({"plan_decided_on": ""}, "programs", "plan_decided_on"),
    ({"plan_decided_on": "", "programs": ""}, "work_support_target", "plan_decided_on"),
    ({"programs": "就労準備"}, "programs", "利用事業"),
    ({"programs": "地域居住支援"}, "programs", "利用事業"),
    ({"work_support_target": "はい"}, "work_support_target", "1"),
    ({"employed_on": "R6.3.31"}, "employed_on", "受付日"),
    ({"closed_on": "2024-05-31"}, "closed_on", "最後の日付"),
    ({"closed_on": "", "closure_reason": "目標達成"}, "closure_reason", "closed_on"),
])
def test_it_reports_each_rule_as_row_and_column_and_imports_nothing(ledger_world, tmp_path, cells, column, message):
    names = HEADER.split(",")
    bad = dict(zip(names, ROWS[0].split(","), strict=True)) | cells
    path = write(tmp_path, [ROWS[1], ",".join(bad[n] for n in names)])
    code, out, err = run(path)
    assert code == 1 and "何も取り込んでいません" in err
    lines = [line for line in out.splitlines() if line.startswith("row 3, column ")]
    assert any(line.startswith(f"row 3, column {column}: ") and message in line for line in lines), out
    assert Case.objects.count() == 0


def test_it_rejects_unknown_and_missing_columns(ledger_world, tmp_path):
    header = HEADER.replace("received_on", "recieved_on")
    code, out, _ = run(write(tmp_path, ROWS, header=header))
    assert code == 1
    assert "row 1, column recieved_on: 不明な列名です" in out
    assert "row 1, column received_on: 必須の列がありません" in out
    assert Case.objects.count() == 0


def test_it_accepts_columns_in_any_order(ledger_world, tmp_path):
    names = HEADER.split(",")
    order = list(reversed(names))
    rows = [",".join(dict(zip(names, r.split(","), strict=True))[n] for n in order) for r in ROWS]
    code, out, _ = run(write(tmp_path, rows, header=",".join(order)))
    assert code == 0, out
    assert Case.objects.count() == 4


def test_it_reports_a_duplicate_case_id_within_the_file(ledger_world, tmp_path):
    code, out, _ = run(write(tmp_path, [ROWS[0], ROWS[0]]))
    assert code == 1 and "row 3, column case_id: " in out


def test_it_reads_utf8_with_bom_and_cp932(ledger_world, tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + ("\n".join([HEADER, ROWS[0]]) + "\n").encode("utf-8"))
    assert run(bom)[0] == 0
    sjis = write(tmp_path, [ROWS[1]], encoding="cp932", name="sjis.csv")
    code, out, _ = run(sjis)
    assert code == 1 and "--encoding cp932" in out
    assert run(sjis, "--encoding", "cp932")[0] == 0
    assert Case.objects.get(case_number="L-002").client.given_name == "二郎"


def test_it_validates_without_writing_on_a_dry_run(ledger_world, tmp_path):
    code, out, _ = run(write(tmp_path, ROWS), "--dry-run")
    assert code == 0 and "新規 4 件" in out
    assert Case.objects.count() == 0 and not get_user_model().objects.filter(username="import").exists()


def test_a_user_without_access_cannot_log_in_as_the_import_user(ledger_world, tmp_path, client):
    run(write(tmp_path, ROWS))
    response = client.post("/accounts/login/", {"username": "import", "password": ""})
    assert response.status_code == 200  # the form again: no session
    assert client.get("/cases/").status_code == 302


def test_it_checks_rows_even_when_a_column_name_is_unknown(ledger_world, tmp_path):
    header = HEADER + ",memo"
    rows = [ROWS[0] + ",x", ROWS[1].replace("2024-04-05", "2024-02-30") + ",y"]
    code, out, _ = run(write(tmp_path, rows, header=header))
    assert code == 1 and "row 1, column memo: 不明な列名です" in out
    assert "row 3, column received_on: " in out and "（2 行）" in out


def _one_row_per_category(wording_of):
    from jiritsu.cases.choices import Complaint

    names = HEADER.split(",")
    base = dict(zip(names, ROWS[1].split(","), strict=True))
    rows = []
    for n, category in enumerate(Complaint, start=1):
        cells = base | {"case_id": f"C-{n:02d}", "main_complaint": wording_of(category),
                        "complaints": f"{wording_of(category)}|住まい"}
        rows.append(",".join(cells[name] for name in names))
    return rows


@pytest.mark.parametrize("wording", ["short", "form"])
def test_it_accepts_every_category_in_the_apps_short_name_and_the_standard_forms_wording(
        ledger_world, tmp_path, wording):
    from jiritsu.cases.choices import COMPLAINT_FORM_WORDING, Complaint

    def wording_of(category):
        return str(category.label) if wording == "short" else COMPLAINT_FORM_WORDING[category]

    code, out, _ = run(write(tmp_path, _one_row_per_category(wording_of)))
    assert code == 0, out
    for n, category in enumerate(Complaint, start=1):
        case = Case.objects.get(case_number=f"C-{n:02d}")
        assert case.main_complaint == category.value
        assert case.complaints == list(dict.fromkeys([category.value, "housing"]))


def test_the_form_wording_table_covers_every_category_once():
    from jiritsu.cases.choices import COMPLAINT_FORM_WORDING, Complaint

    assert list(COMPLAINT_FORM_WORDING) == list(Complaint)
    assert len(set(COMPLAINT_FORM_WORDING.values())) == len(Complaint)


@pytest.mark.parametrize("written, expected", [
    ("病気や健康、障害のこと", "health"), ("住まいについて", "housing"), ("仕事探し、就職について", "job_search"),
    ("住まい　について", "housing"),  # a full-width space typed in the cell
    ("ＤＶ（家庭内暴力）・虐待", "dv_abuse"), ("その他（　　）", "other"), ("その他()", "other"),
])
def test_it_reads_the_forms_wording_as_spreadsheets_write_it(ledger_world, tmp_path, written, expected):
    names = HEADER.split(",")
    cells = dict(zip(names, ROWS[1].split(","), strict=True)) | {"main_complaint": written}
    code, out, _ = run(write(tmp_path, [",".join(cells[n] for n in names)]))
    assert code == 0, out
    assert Case.objects.get(case_number="L-002").main_complaint == expected


def test_an_unknown_category_lists_the_short_names_once(ledger_world, tmp_path):
    names = HEADER.split(",")
    cells = dict(zip(names, ROWS[1].split(","), strict=True)) | {"main_complaint": "お金のこと"}
    code, out, _ = run(write(tmp_path, [",".join(cells[n] for n in names)]))
    assert code == 1
    line = next(line for line in out.splitlines() if "column main_complaint" in line)
    assert "住まい／収入・生活費" in line and "住まいについて" not in line
