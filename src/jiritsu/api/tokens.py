"""API tokens: issued, listed and revoked by their owner (the API tokens page, the command line) and by a
system administrator (the admin site, the command line). One home for who may do what with a token."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from .models import ApiToken

MAX_DAYS = 365
DAY_CHOICES = [(30, "30日"), (90, "90日"), (180, "180日"), (365, "1年")]


def is_administrator(user) -> bool:
    return user.is_active and (user.is_superuser or user.is_staff)


def visible_tokens(user):
    """The user's own tokens; every token for a system administrator."""
    tokens = ApiToken.objects.select_related("user")
    return tokens if is_administrator(user) else tokens.filter(user=user)


def own_tokens(user):
    """The tokens the user issued for themself (the token page lists these, administrators included)."""
    return visible_tokens(user).filter(user=user)


def token_for(user, pk) -> ApiToken:
    token = visible_tokens(user).filter(pk=pk).first()
    if token is None:
        raise Http404("トークンが見つかりません。")
    return token


def issue(*, user, label: str, days: int, can_write: bool) -> tuple[ApiToken, str]:
    label = (label or "").strip()
    errors = {}
    if not label:
        errors["label"] = "用途を入力してください。"
    elif len(label) > 80 or "\x00" in label:
        errors["label"] = "用途は80文字以内で入力してください。"
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = f"有効期限は1日から{MAX_DAYS}日の間で指定してください。"
    if getattr(user, "staff", None) is None or not user.is_active:
        errors["__all__"] = "職員として登録された有効な利用者にだけトークンを発行できます。"
    if errors:
        raise ValidationError(errors)
    return ApiToken.issue(user=user, label=label, days=days, can_write=can_write)


def revoke(*, actor, token: ApiToken) -> bool:
    """Revoke the token now (True), or nothing if it was revoked already (False). Owner or administrator."""
    if token.user_id != actor.pk and not is_administrator(actor):
        raise Http404("トークンが見つかりません。")
    return bool(revoke_all(ApiToken.objects.filter(pk=token.pk)))


def revoke_all(queryset) -> int:
    """Revoke the tokens of the queryset not yet revoked; how many were (the command line, the admin site)."""
    with transaction.atomic():
        # Conditional update: two revocations at once revoke once, and the first time stands.
        return queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
