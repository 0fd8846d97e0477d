"""jiritsu import organisations / import staff: every row checked, all or nothing, re-import changes nothing,
new staff sign in once through their own link and choose their password."""
import csv
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from jiritsu.audit.models import AccessLog
from jiritsu.orgs.loader import load_prefecture
from jiritsu.orgs.models import Organisation, Role, Staff
from tests.factories import make_user

ORGS = ("kind,name,body_code,operation,operator_name,programs,catchment,phone\n"
        "自立相談支援機関,水戸市 自立相談支援機関,08201,直営,,,,029-000-0001\n"
        "自治体担当課・福祉事務所,水戸市 福祉事務所,082015,,,,,\n"
        "自治体担当課・福祉事務所,茨城県 県央福祉事務所,08000,,,,08302|08309,\n"
        "広域実施委託事業者,サポートセンター,,,,就労準備支援事業|家計改善支援,,\n"
        "監査,監査担当,,,,,,\n")
STAFF = ("username,display_name,role,organisation,email,manages_staff\n"
         "mito.sato,佐藤 見本,相談支援員,水戸市 自立相談支援機関,sato@example.lg.jp,\n"
         "mito.office,高橋 見本,自治体担当者,水戸市 福祉事務所,office@example.lg.jp,はい\n")
BASE = "https://jiritsu.example.lg.jp"


@pytest.fixture
def pref(db):
    return load_prefecture()


def _import(kind, tmp_path, text, *args, encoding="utf-8"):
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(text.encode(encoding))
    out = StringIO()
    call_command(f"import_{kind}", str(path), *args, stdout=out)
    return out.getvalue()


def _refused(kind, tmp_path, text, *args):
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(f"import_{kind}", str(path), *args, stdout=out)
    return out.getvalue() + str(caught.value)


def _orgs():
    return list(Organisation.objects.order_by("pk").values())


def test_organisations_are_imported_with_their_body_programs_and_catchment(pref, tmp_path):
    out = _import("organisations", tmp_path, ORGS)
    assert "新規 5 件" in out
    agency = Organisation.objects.get(kind="agency", name="水戸市 自立相談支援機関")
    assert agency.body.code == "08201" and agency.operation == "direct"
    provider = Organisation.objects.get(kind="provider")
    assert provider.programs == ["employment_prep", "household_budget"]
    office = Organisation.objects.get(name="茨城県 県央福祉事務所")
    assert sorted(office.catchment.values_list("code", flat=True)) == ["08302", "08309"]


def test_reimporting_organisations_changes_nothing_and_an_edit_updates_in_place(pref, tmp_path):
    _import("organisations", tmp_path, ORGS)
    before = _orgs()
    assert "変更なし 5 件" in _import("organisations", tmp_path, ORGS)
    assert _orgs() == before
    out = _import("organisations", tmp_path, ORGS.replace("029-000-0001", "029-999-0001"))
    assert "更新 1 件" in out and Organisation.objects.get(phone="029-999-0001").pk == before[1]["id"]


def test_a_cp932_file_from_excel_imports_too(pref, tmp_path):
    assert "新規 5 件" in _import("organisations", tmp_path, ORGS, encoding="cp932")


def test_any_wrong_organisation_row_stops_the_whole_file_with_row_and_column(pref, tmp_path):
    bad = (ORGS
           + "自立相談支援機関,つくば市 機関,08999,直営,,,,\n"          # row 7: unknown body
           + "自立相談支援機関,土浦市 機関,08203,委託,,,,\n"            # row 8: no operator
           + "広域実施委託事業者,事業者,,,,給食配達,,\n"                  # row 9: unknown program
           + "自治体担当課・福祉事務所,県北,08000,,,,08201,\n"            # row 10: a city is not the prefecture's
           + "病院,何か,,,,,,\n"                                          # row 11: kind
           + "監査,監査担当,,,,,,\n"                                      # row 12: same as row 6
           + "自立相談支援機関,,08201,直営,,,,0x0\n")                     # row 13: name, phone
    out = _refused("organisations", tmp_path, bad)
    for expected in ("row 7, column body_code: 団体コード「08999」", "row 8, column operator_name:",
                     "row 9, column programs: 「給食配達」", "row 10, column catchment: 水戸市は",
                     "row 11, column kind: 「病院」", "row 12, column name: row 6 と同じ",
                     "row 13, column name: 必須", "row 13, column phone:", "何も取り込んでいません"):
        assert expected in out, expected
    assert Organisation.objects.count() == 1  # the policy division from setup-prefecture only


def test_an_unknown_or_missing_column_is_named_in_the_header(pref, tmp_path):
    out = _refused("organisations", tmp_path, "kind,nmae\n監査,x\n")
    assert "row 1, column nmae: 不明な列名" in out and "row 1, column name: 必須の列がありません" in out


def test_without_a_prefecture_the_import_says_what_to_run_first(db, tmp_path):
    assert "jiritsu setup-prefecture" in _refused("organisations", tmp_path, ORGS)


@pytest.fixture
def orgs(pref, tmp_path):
    _import("organisations", tmp_path, ORGS)


def test_new_staff_are_mailed_a_one_time_link_and_have_no_password(orgs, tmp_path):
    out = _import("staff", tmp_path, STAFF, "--base-url", BASE)
    assert "新規 2 件" in out and "2 人にログイン用リンクをメールで送りました" in out
    sato = Staff.objects.get(user__username="mito.sato")
    assert sato.role == Role.SUPPORT_WORKER and sato.organisation.name == "水戸市 自立相談支援機関"
    assert not sato.user.has_usable_password()
    assert Staff.objects.get(user__username="mito.office").manages_staff
    assert [m.to for m in mail.outbox] == [["sato@example.lg.jp"], ["office@example.lg.jp"]]
    assert re.search(rf"{BASE}/accounts/first-sign-in/\S+/\S+/", mail.outbox[0].body)
    assert AccessLog.objects.filter(what__startswith="職員アカウント作成（取込）：mito.sato").count() == 1


def test_the_link_signs_the_worker_in_once_with_the_password_they_choose(orgs, tmp_path, client):
    _import("staff", tmp_path, STAFF, "--base-url", BASE, "--links", str(tmp_path / "links.csv"))
    assert mail.outbox == []
    assert (tmp_path / "links.csv").stat().st_mode & 0o077 == 0  # readable by its owner only
    with open(tmp_path / "links.csv", encoding="utf-8-sig") as fh:
        link = next(row for row in csv.DictReader(fh) if row["username"] == "mito.sato")["link"]
    path = link.removeprefix(BASE)
    form_page = client.get(path, follow=True)
    assert "はじめてのログイン" in form_page.content.decode() and "mito.sato" in form_page.content.decode()
    weak = client.post(form_page.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"})
    assert "errorlist" in weak.content.decode()
    done = client.post(form_page.redirect_chain[-1][0],
                       {"new_password1": "sora-iro-2026-kaze", "new_password2": "sora-iro-2026-kaze"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("today")
    assert done.wsgi_request.user.username == "mito.sato"
    client.logout()
    again = client.get(path, follow=True).content.decode()
    assert "使用済みか、有効期限が切れています" in again
    signed_in = client.post(reverse("login"), {"username": "mito.sato", "password": "sora-iro-2026-kaze"})
    assert signed_in.status_code == 302 and signed_in.url == reverse("today")


def test_reimporting_staff_changes_nothing_and_sends_nothing(orgs, tmp_path):
    _import("staff", tmp_path, STAFF, "--base-url", BASE)
    before = list(Staff.objects.order_by("pk").values()), list(get_user_model().objects.values("username", "email"))
    mail.outbox.clear()
    out = _import("staff", tmp_path, STAFF, "--base-url", BASE)
    assert "変更なし 2 件" in out and mail.outbox == []
    after = list(Staff.objects.order_by("pk").values()), list(get_user_model().objects.values("username", "email"))
    assert after == before


def test_resend_reissues_links_only_to_staff_who_have_not_chosen_a_password(orgs, tmp_path):
    _import("staff", tmp_path, STAFF, "--base-url", BASE)
    office = get_user_model().objects.get(username="mito.office")
    office.set_password("chosen-pass-2026")
    office.save()
    mail.outbox.clear()
    _import("staff", tmp_path, STAFF, "--base-url", BASE, "--resend")
    assert [m.to for m in mail.outbox] == [["sato@example.lg.jp"]]


def test_a_changed_row_updates_the_staff_and_is_audited(orgs, tmp_path):
    _import("staff", tmp_path, STAFF, "--base-url", BASE)
    out = _import("staff", tmp_path, STAFF.replace("相談支援員,水戸市", "主任相談支援員,水戸市"), "--base-url", BASE)
    assert "更新 1 件" in out
    assert Staff.objects.get(user__username="mito.sato").role == Role.CHIEF
    assert AccessLog.objects.filter(what__startswith="職員情報更新（取込）：mito.sato").exists()


def test_any_wrong_staff_row_stops_the_whole_file(orgs, tmp_path):
    admin = get_user_model().objects.create_superuser("root", "root@example.lg.jp", "x-long-password-1")
    assert admin
    bad = (STAFF
           + "mito.ito,伊藤,相談支援員,水戸市 福祉事務所,ito@example.lg.jp,\n"       # row 4: role does not fit
           + "MITO.SATO,佐藤,相談支援員,水戸市 自立相談支援機関,s@example.lg.jp,\n"   # row 5: same username
           + "bad name!,x,相談支援員,水戸市 自立相談支援機関,x@example.lg.jp,\n"       # row 6: username
           + "mito.kato,加藤,相談員,水戸市 自立相談支援機関,kato,たぶん\n"            # row 7: role, email, flag
           + "root,管理者,監査担当者,監査担当,root@example.lg.jp,\n")               # row 8: not a staff account
    out = _refused("staff", tmp_path, bad, "--base-url", BASE)
    for expected in ("row 4, column organisation: 相談支援員が所属できる組織", "row 5, column username: row 2 と同じ",
                     "row 6, column username:", "row 7, column role: 「相談員」", "row 7, column email:",
                     "row 7, column manages_staff:", "何も取り込んでいません"):
        assert expected in out, expected
    assert Staff.objects.count() == 0 and mail.outbox == []


def test_a_link_needs_the_address_staff_open(orgs, tmp_path, settings):
    settings.BASE_URL = ""
    assert "JIRITSU_BASE_URL" in _refused("staff", tmp_path, STAFF)
    assert Staff.objects.count() == 0


def test_a_staff_row_may_name_an_organisation_that_exists_already(world, tmp_path):
    _import("staff", tmp_path, "username,display_name,role,organisation,email\n"
            f"new.worker,新人,相談支援員,{world.agency_a.name},n@example.lg.jp\n", "--base-url", BASE)
    assert Staff.objects.get(user__username="new.worker").organisation == world.agency_a
    assert make_user  # the world's accounts are untouched
