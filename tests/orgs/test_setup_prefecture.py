"""jiritsu setup-prefecture: Ibaraki shipped, any prefecture from the documented file, checked, idempotent."""
import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from jiritsu.cases.models import Case
from jiritsu.orgs.loader import PrefectureFileError, load_prefecture
from jiritsu.orgs.models import Body, Municipality, Organisation, Prefecture


def _snapshot():
    return (list(Prefecture.objects.values()), list(Body.objects.values()), list(Municipality.objects.values()),
            list(Organisation.objects.values()))


def _run(*args):
    out = StringIO()
    call_command("setup_prefecture", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_loads_ibaraki_without_any_person_or_case():
    out = _run("ibaraki")
    assert "茨城県（08）: 市町村 44、福祉事務所設置自治体 33" in out
    assert get_user_model().objects.count() == 0 and Case.objects.count() == 0
    # Only the policy division: the demo's illustrative welfare offices are not production data.
    assert list(Organisation.objects.values_list("kind", "name")) == [("prefecture", "茨城県 福祉部 福祉政策課")]
    assert Body.objects.get(code="08201").survey_unit == Body.SurveyUnit.CORE_CITY
    assert Municipality.objects.get(code="08302").body.code == "08000"
    assert Municipality.objects.get(code="08201").population == 270685


@pytest.mark.django_db
def test_running_it_twice_changes_nothing():
    _run("ibaraki")
    before = _snapshot()
    _run("ibaraki")
    assert _snapshot() == before


def _write(tmp_path, config, csv_text=None):
    if csv_text is not None:
        (tmp_path / "towns.csv").write_text(csv_text, encoding="utf-8")
        config = {**config, "municipalities_csv": "towns.csv"}
    path = tmp_path / "pref.json"
    path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    return path


GUNMA = {"prefecture": {"code": "10", "name": "群馬県"}, "policy_division": "群馬県 健康福祉部 地域福祉課"}
GUNMA_TOWNS = ("code,name,kind,county,region,population_2020,body_code\n"
               "10201,前橋市,市,,中部,332149,\n"
               "10202,高崎市,市,,西部,372973,\n"
               "10344,榛東村,村,北群馬郡,中部,14329,\n"
               "10425,長野原町,町,吾妻郡,吾妻,5410,10425\n"
               "10521,板倉町,町,邑楽郡,東部,14428,10202\n")


@pytest.mark.django_db
def test_another_prefecture_loads_from_the_documented_format_with_its_own_body_mapping(tmp_path):
    path = _write(tmp_path, {**GUNMA, "core_cities": {"10201": "2009-04-01", "10202": "2011-04-01"}}, GUNMA_TOWNS)
    _run(str(path))
    bodies = dict(Municipality.objects.filter(prefecture__code="10").values_list("code", "body__code"))
    assert bodies == {"10201": "10201", "10202": "10202", "10344": "10000", "10425": "10425", "10521": "10202"}
    town_body = Body.objects.get(code="10425")
    assert town_body.kind == Body.Kind.TOWN and town_body.survey_unit == Body.SurveyUnit.GENERAL
    assert Body.objects.get(code="10202").population() == 372973 + 14428
    assert Body.objects.get(code="10202").survey_unit == Body.SurveyUnit.CORE_CITY


@pytest.mark.django_db
def test_municipalities_may_be_inline_in_the_json(tmp_path):
    towns = [{"code": "10201", "name": "前橋市", "kind": "市", "population_2020": 332149},
             {"code": "103446", "name": "榛東村", "kind": "村", "population_2020": "14,329"}]
    load_prefecture(_write(tmp_path, {**GUNMA, "municipalities": towns}))
    assert Municipality.objects.get(code="10344").population == 14329


@pytest.mark.django_db
def test_every_problem_is_named_by_row_and_column_and_nothing_is_loaded(tmp_path):
    bad = ("code,name,kind,county,region,population_2020,body_code\n"
           "10201,前橋市,市,,中部,332149,\n"
           "08201,水戸市,市,,県央,1,\n"            # another prefecture's code
           "10201,前橋市,市,,中部,332149,\n"       # twice
           "10202,高崎市,区,,西部,x,\n"            # kind, population
           "10344,榛東村,村,北群馬郡,中部,14329,10344\x00\n"
           "10345,吉岡町,町,北群馬郡,中部,21792,10344\n")  # covered by a town without its own office
    path = _write(tmp_path, {**GUNMA, "core_cities": {"10344": "2020-04-01", "10201": "R2.4.1"}}, bad)
    with pytest.raises(CommandError):
        _run(str(path))
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("setup_prefecture", str(path), stdout=out)
    text = out.getvalue()
    assert "towns.csv row 3, column code: 団体コード「08201」はこの都道府県（10）のものではありません。" in text
    assert "towns.csv row 4, column code: 団体コード「10201」が row 2 と重複しています。" in text
    assert "towns.csv row 5, column kind:" in text and "towns.csv row 5, column population_2020:" in text
    assert "towns.csv row 6, column body_code:" in text and "towns.csv row 7, column body_code:" in text
    assert "core_cities「10344」" in text and "core_cities「10201」: 日付は YYYY-MM-DD" in text
    assert Prefecture.objects.count() == 0 and Municipality.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("content, message", [
    ("{not json", "JSON として読めません"),
    ("[]", "JSON のオブジェクト"),
    (json.dumps({"prefecture": {"code": "99", "name": ""}}), "prefecture.code"),
    (json.dumps({**GUNMA, "municipalities_csv": "missing.csv"}), "missing.csv"),
])
def test_a_broken_file_is_refused_in_japanese(tmp_path, content, message):
    path = tmp_path / "pref.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PrefectureFileError) as caught:
        load_prefecture(path)
    assert message in str(caught.value)
    assert Prefecture.objects.count() == 0


@pytest.mark.django_db
def test_a_missing_file_is_a_message_not_a_traceback(tmp_path):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("setup_prefecture", str(tmp_path / "nowhere.json"), stdout=out)
    assert "ファイル「" in out.getvalue() and "を読めません" in out.getvalue()
