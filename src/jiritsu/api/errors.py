"""Input errors found by the API's schemas, as `{field: [Japanese message]}` like the services' errors."""
from jiritsu.core.text import CONTROL_MESSAGE

MESSAGES = {
    "missing": "入力してください。",
    "string_too_short": "入力してください。",
    "string_type": "文字列で指定してください。",
    "int_type": "整数で指定してください。",
    "int_parsing": "整数で指定してください。",
    "int_from_float": "整数で指定してください。",
    "bool_type": "true または false で指定してください。",
    "bool_parsing": "true または false で指定してください。",
    "list_type": "配列で指定してください。",
    "dict_type": "オブジェクトで指定してください。",
    "model_type": "オブジェクトで指定してください。",
    "model_attributes_type": "オブジェクトで指定してください。",
    "date_type": "日付を指定してください（例：2024-04-01、R6.4.1、令和6年4月1日）。",
    "date_parsing": "日付を指定してください（例：2024-04-01、R6.4.1、令和6年4月1日）。",
    "time_type": "時刻を指定してください（例：09:30）。",
    "time_parsing": "時刻を指定してください（例：09:30）。",
    "json_invalid": "JSON として読めません。",
    "string_unicode": CONTROL_MESSAGE,  # a lone surrogate ("\\ud800"), which no database can store
}


def message(error: dict) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "value_error":
        # Our validators raise ValueError with a Japanese message (e.g. a 和暦 date that cannot be read).
        return str(ctx.get("error") or error.get("msg", "")).removeprefix("Value error, ")
    if kind in ("literal_error", "enum"):
        return f"次のいずれかを指定してください：{ctx.get('expected', '')}"
    if kind == "too_long":
        return f"{ctx.get('max_length')}件以内で指定してください。"
    if kind == "too_short":
        return f"{ctx.get('min_length')}件以上指定してください。"
    if kind == "string_too_long":
        return f"{ctx.get('max_length')}文字以内で入力してください。"
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt"))
        return f"{limit}以上の値を指定してください。" if kind == "greater_than_equal" else f"{limit}より大きい値を指定してください。"
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt"))
        return f"{limit}以下の値を指定してください。" if kind == "less_than_equal" else f"{limit}未満の値を指定してください。"
    return MESSAGES.get(kind, "値が正しくありません。")


def field_name(loc) -> str:
    """("body", "payload", "intake", "received_on") -> "intake.received_on"; ("query", "page") -> "page"."""
    source, *parts = [str(p) for p in loc] or [""]
    if source == "body" and len(parts) > 1:
        parts = parts[1:]  # the view's parameter name (payload) means nothing to the caller
    return ".".join(parts) or "__all__"


def field_errors(errors: list[dict]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for error in errors:
        result.setdefault(field_name(error.get("loc", ())), []).append(message(error))
    return result
