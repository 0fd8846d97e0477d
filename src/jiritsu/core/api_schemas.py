"""Shapes every domain's API module shares: the one error shape (api.urls maps exceptions onto it), dates and
fiscal years typed as ISO or 和暦."""
import datetime as dt
from functools import partial
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

from .ids import MAX_ID
from .wareki import BIRTH_DATE, DateParseError, check_range, parse_date, parse_fiscal_year


class ErrorOut(Schema):
    reason: str = Field(..., description="機械可読な理由（例：step_not_allowed_in_status, edit_conflict）",
                        examples=["not_found"])
    message: str = Field(..., description="利用者向けの日本語メッセージ", examples=["見つかりません。"])
    errors: dict[str, list[str]] | None = Field(None, description="項目ごとの誤り（422 のとき）")


# The error answers every operation may give (412 only where it takes If-Match: see UPDATE_ERRORS).
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
UPDATE_ERRORS = {**ERRORS, 412: ErrorOut}


def _to_date(value, **bounds):
    """ISO, slashed Western or 和暦 (R6.4.1, 令和6年4月1日), within the field's range (core.wareki.check_range);
    the Japanese message ends up at the field."""
    if value is None:
        return value
    try:
        if isinstance(value, dt.date):
            return check_range(value, **bounds)
        if not isinstance(value, str):
            raise ValueError("日付は文字列で指定してください（例：2024-04-01、R6.4.1、令和6年4月1日）。")
        return parse_date(value, **bounds)
    except DateParseError as exc:
        raise ValueError(str(exc)) from None


_DATE_SCHEMA = {"type": "string", "format": "date", "examples": ["2024-04-01", "R6.4.1", "令和6年4月1日"],
                "description": "西暦（ISO 8601）または和暦。明治元年から20年先まで"}
WarekiDate = Annotated[dt.date, BeforeValidator(_to_date), WithJsonSchema(_DATE_SCHEMA)]
BirthDate = Annotated[dt.date, BeforeValidator(partial(_to_date, **BIRTH_DATE)),
                     WithJsonSchema({**_DATE_SCHEMA, "description": "西暦（ISO 8601）または和暦。明治元年から今日まで"})]


def _to_fiscal_year(value):
    """2024, "2024", R6, 令和6年度 (core.wareki.parse_fiscal_year); the Japanese message ends up at the field."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("年度は 2024、R6、令和6年度 のように指定してください。")
    try:
        return parse_fiscal_year(str(value))
    except DateParseError as exc:
        raise ValueError(str(exc)) from None


FiscalYear = Annotated[int, BeforeValidator(_to_fiscal_year), WithJsonSchema(
    {"type": "string", "examples": ["2024", "R6", "令和6年度"], "description": "年度（西暦の年度、または和暦）"})]


# A record's id in a body or query: a number the database can hold (core.ids), else 422 at the field.
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]


def _local_time(value: dt.time) -> dt.time:
    """A time of day as the forms take it: no UTC offset (a time field cannot store one)."""
    if value.tzinfo is not None:
        raise ValueError("時刻は 09:30 のように、時差を付けずに指定してください。")
    return value


# A time of day (09:30), as the forms' time fields read it.
LocalTime = Annotated[dt.time, AfterValidator(_local_time),
                      WithJsonSchema({"type": "string", "format": "time", "examples": ["09:30"],
                                      "description": "時刻（時:分、時差なし）"})]
