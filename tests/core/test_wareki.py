import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiritsu.core.wareki import (
    DateParseError,
    age_on,
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


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
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
