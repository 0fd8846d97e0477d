"""The JSON API's one error shape, shared by every domain's API module (api.urls maps exceptions onto it)."""
from ninja import Field, Schema


class ErrorOut(Schema):
    reason: str = Field(..., description="機械可読な理由（例：step_not_allowed_in_status, edit_conflict）",
                        examples=["not_found"])
    message: str = Field(..., description="利用者向けの日本語メッセージ", examples=["見つかりません。"])
    errors: dict[str, list[str]] | None = Field(None, description="項目ごとの誤り（422 のとき）")


# The error answers every operation may give (412 only where it takes If-Match: see UPDATE_ERRORS).
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
UPDATE_ERRORS = {**ERRORS, 412: ErrorOut}
