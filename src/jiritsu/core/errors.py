from django.core.exceptions import PermissionDenied


class NotPermitted(PermissionDenied):
    """The user's role may not do this (each app's policies.py decides; pages show 403, the API answers 403
    `not_permitted`). Out of the user's scope is reported as not found (404) instead. A PermissionDenied, so a
    page that does not show the refusal at a field answers 403 without catching it."""

    def __init__(self, message="この操作を行う権限がありません。"):
        super().__init__(message)
        self.message = message


class Conflict(Exception):
    """Someone else saved the record since it was opened: never overwrite silently."""

    reason = "edit_conflict"

    def __init__(self, message="他の職員がこの記録を先に更新しました。最新の内容を確認してから、もう一度保存してください。"):
        super().__init__(message)
        self.message = message


class PreconditionFailed(Exception):
    """An update's If-Match names a version of the record that is no longer the current one (HTTP 412)."""

    reason = "precondition_failed"
    message = ("If-Match の版が現在の記録と一致しません。他の職員が先に更新した可能性があります。"
               "最新の内容（ETag）を読み直してから、もう一度送ってください。")
