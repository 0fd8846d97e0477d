"""What every app's policies.py shares: its role rules as named actions.

An app names each action it guards with a django-rules predicate and the refusal's words in Japanese. Each is
registered as the permission `<app>.<action>` (so `user.has_perm("placements.edit")` asks the same rule), and
`require` raises NotPermitted with the action's words: a 403 on the pages and `not_permitted` in the API.
"""
import rules

from .errors import NotPermitted


class Actions:
    def __init__(self, app: str, actions: dict[str, tuple[rules.Predicate, str]]):
        self.actions = actions
        for action, (predicate, _message) in actions.items():
            rules.add_perm(f"{app}.{action}", predicate)

    def can(self, user, action: str, obj=None) -> bool:
        return bool(self.actions[action][0].test(user, obj))

    def require(self, user, action: str, obj=None) -> None:
        predicate, message = self.actions[action]
        if not predicate.test(user, obj):
            raise NotPermitted(message)

    def message(self, action: str) -> str:
        return self.actions[action][1]
