import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiritsu.core.wareki import (
    BIRTH_DATE,
    EARLIEST,
    DateParseError,
    age_on,
    default_latest,
    fiscal_year,
    format_fiscal_year,
    format_wareki,
    parse_date,
    parse_fiscal_year,
)


@pytest.mark.parametrize("text", ["2022-04-01", "2022/4/1", "20220401", "R4.4.1", "r4.4.1", "令和4年4月1日",
                                  "令4.4.1", "Ｒ４．４．１", "２０２２年４月１日", "R4/4/1"])
def test_it_reads_the_ways_people_write_a_date(text):
    assert parse_date(text) == dt.date(2022, 4, 1)


@pytest.mark.parametrize("text,expected", [("令和元年5月1日", dt.date(2019, 5, 1)), ("H31.4.30", dt.date(2019, 4, 30)),
                                           ("S60.6.1", dt.date(1985, 6, 1)), ("昭和64年1月7日", dt.date(1989, 1, 7))])
def test_it_reads_era_boundaries(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["R4.2.30", "令和0年1月1日", "R1.4.30", "きのう", "2022-13-01"])
def test_it_explains_in_japanese_what_is_wrong(text):
    with pytest.raises(DateParseError) as err:
        parse_date(text)
    assert "日" in str(err.value) or "年" in str(err.value)


def test_it_writes_wareki_as_forms_do():
    assert format_wareki(dt.date(2019, 5, 1)) == "令和元年5月1日"
    assert format_wareki(dt.date(2022, 4, 1), short=True) == "R4.4.1"
    assert format_wareki(dt.date(1989, 1, 7)) == "昭和64年1月7日"


@given(st.dates(min_value=EARLIEST, max_value=default_latest()))
def test_it_reads_back_every_date_it_writes(day):
    assert parse_date(format_wareki(day)) == day
    assert parse_date(format_wareki(day, short=True)) == day


def test_it_counts_fiscal_years_from_april():
    assert fiscal_year(dt.date(2023, 3, 31)) == 2022
    assert fiscal_year(dt.date(2023, 4, 1)) == 2023
    assert [parse_fiscal_year(x) for x in ("2022", "R4", "令和4年度", "H27", "R元")] == [2022, 2022, 2022, 2015, 2019]
    assert format_fiscal_year(2019) == "R元年度" and format_fiscal_year(2015) == "H27年度"


def test_it_computes_age_on_a_day():
    assert age_on(dt.date(1985, 6, 1), dt.date(2026, 5, 31)) == 40
    assert age_on(dt.date(1985, 6, 1), dt.date(2026, 6, 1)) == 41


@pytest.mark.parametrize("text", ["1024-04-01", "1868-01-24", "1867-12-31", "0001-01-01"])
def test_it_refuses_a_date_before_meiji_in_japanese(text):
    with pytest.raises(DateParseError, match="明治元年1月25日（1868年）以降の日付を入力してください"):
        parse_date(text)


def test_it_accepts_the_first_day_of_meiji_and_twenty_years_ahead(today):
    assert parse_date("M1.1.25") == parse_date("明治元年1月25日") == dt.date(1868, 1, 25)
    assert parse_date(f"{today.year + 20}-12-31") == dt.date(today.year + 20, 12, 31)
    with pytest.raises(DateParseError, match="以前の日付を入力してください"):
        parse_date(f"{today.year + 21}-01-01")
    with pytest.raises(DateParseError, match="以前の日付を入力してください"):
        parse_date("9999-12-31")


def test_a_birth_date_ends_today(today):
    assert parse_date(today.isoformat(), **BIRTH_DATE) == today
    with pytest.raises(DateParseError, match="生年月日に未来の日付は入力できません"):
        parse_date((today + dt.timedelta(days=1)).isoformat(), **BIRTH_DATE)


@pytest.mark.parametrize("day,long,short", [(dt.date(1024, 4, 1), "1024年4月1日", "1024.4.1"),
                                            (dt.date(1, 1, 1), "1年1月1日", "1.1.1"),
                                            (dt.date(1868, 1, 24), "1868年1月24日", "1868.1.24")])
def test_it_shows_a_stored_date_before_meiji_as_it_is_never_an_error(day, long, short):
    assert format_wareki(day) == long and format_wareki(day, short=True) == short


def test_fiscal_years_outside_the_calendar_are_shown_or_refused_never_an_error():
    assert format_fiscal_year(1024) == "1024年度" and format_fiscal_year(9999) == "9999年度"
    for text in ("1024", "9999年度", "R99"):
        with pytest.raises(DateParseError, match="年度は1868年度から"):
            parse_fiscal_year(text)
