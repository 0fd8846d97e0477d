"""The scrubber finds each identifying value in its kanji, kana and width variants, and makes dates relative."""
import datetime as dt

from jiritsu.training.deidentify import Identifiers, leaks, relative, scrub

IDS = Identifiers(
    anchor=dt.date(2024, 4, 10), full_names=["山田花子", "やまだはなこ"], person_names=["山田", "花子", "やまだ", "はなこ"],
    family_names=["山田"], visitor_names=["佐藤一郎", "佐藤"], staff_names=["高橋 誠", "高橋"],
    addresses=["茨城県日立市幸町1-1", "日立市幸町1-1", "幸町1-1", "幸町"], phones=["090-1234-5678", "0294-11-2222"],
    postal_code="317-0073", birth_date=dt.date(1985, 6, 1), case_numbers=["08202-2024-0001"],
    emails=["hanako@example.jp"], municipalities=[("日立市", "県内の市"), ("大子町", "県内の町")])


def test_it_removes_names_in_kana_width_and_spacing_variants():
    text = "ヤマダ　ハナコさん、ﾔﾏﾀﾞさん、山 田 花 子さん、やまだ様。髙橋さんが担当。佐藤一郎さんが来談。"
    out = scrub(text, IDS)
    for value in ("ヤマダ", "ﾔﾏﾀﾞ", "山 田", "やまだ", "橋", "佐藤"):
        assert value not in out, (value, out)
    assert out.count("A") == 4 and "担当職員" in out and "来談者" in out


def test_it_removes_a_family_members_given_name_with_the_family_name():
    assert scrub("山田太郎（夫）と同居", IDS) == "家族(夫)と同居"


def test_it_keeps_honorifics_and_relations_after_the_family_name():
    assert scrub("山田様と山田家、山田の母", IDS) == "A様とA家、Aの母"


def test_it_generalises_a_place_even_when_a_staff_name_is_part_of_it():
    ids = Identifiers(anchor=IDS.anchor, staff_names=["日立 相談員", "日立"], municipalities=[("日立市", "県内の市")])
    assert scrub("日立市の窓口で日立から説明", ids) == "県内の市の窓口で担当職員から説明"


def test_it_removes_phones_in_any_punctuation_and_width():
    out = scrub("携帯０９０（１２３４）５６７８、自宅0294-11-2222、別の番号 03-9999-8888", IDS)
    assert "1234" not in out and "5678" not in out and "2222" not in out and "9999" not in out
    assert out.count("［電話番号］") == 3


def test_it_removes_the_address_and_generalises_places():
    out = scrub("日立市幸町１－１に住む。大子町の親族。〒317-0073", IDS)
    assert out == "［住所］に住む。県内の町の親族。〒［郵便番号］"


def test_it_makes_every_date_relative_and_hides_the_birth_date():
    out = scrub("昭和60年6月1日生。令和6年7月10日に面談、2024/4/10に相談、6月15日に同行、R6.4.1に電話。", IDS)
    assert out == "［生年月日］生。相談から約3か月後に面談、相談当日に相談、相談から約2か月後に同行、相談の9日前に電話。"


def test_it_removes_the_case_number_mail_and_exact_age():
    out = scrub("ケース08202-2024-0001、hanako@example.jp、38歳", IDS)
    assert out == "ケース［ケース番号］、［メール］、30代"


def test_it_reports_what_kind_of_value_remains():
    assert leaks("山田さんは2024年5月1日に日立市へ", IDS) == ["市町村名", "日付", "氏名"]
    assert leaks(scrub("山田さんは2024年5月1日に日立市へ", IDS), IDS) == []


def test_it_words_relative_dates_for_study():
    anchor = dt.date(2024, 4, 1)
    assert relative(anchor, anchor) == "相談当日"
    assert relative(anchor + dt.timedelta(days=3), anchor) == "相談から3日後"
    assert relative(anchor + dt.timedelta(days=92), anchor) == "相談から約3か月後"
    assert relative(anchor - dt.timedelta(days=800), anchor) == "相談の約2年前"


def test_it_removes_a_name_written_with_another_variant_or_a_glyph_selector():
    out = scrub("山田花子さんの担当は髙橋、のち辻\U000e0101。", Identifiers(
        anchor=IDS.anchor, full_names=["山田花子"], staff_names=["高橋", "辻"]))
    assert out == "Aさんの担当は担当職員、のち担当職員。"
