class Conflict(Exception):
    """Someone else saved the record since it was opened: never overwrite silently."""

    reason = "edit_conflict"

    def __init__(self, message="他の職員がこの記録を先に更新しました。最新の内容を確認してから、もう一度保存してください。"):
        super().__init__(message)
        self.message = message
