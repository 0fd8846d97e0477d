"""Slowing one password tried against many user names (password spraying) from one client address.

django-axes locks a user name at one address after 5 failures (settings.AXES_*), which never stops a
spray: one or two tries per name. Here, once failures from one address span SPRAY_USER_NAMES different user
names within the window, every further sign-in from that address waits a delay that doubles with each
further name (from SPRAY_BASE_DELAY up to SPRAY_MAX_DELAY), counted from the address's latest failure. An
office sharing one address is slowed, never shut out: anyone may sign in once the delay has passed, and
the page says how long that is. The failures are django-axes' own records (AccessAttempt rows).
"""
import datetime as dt

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone


def spray_wait_seconds(address: str | None, now: dt.datetime | None = None) -> int:
    """Seconds this address must still wait before its next sign-in is checked (0: none)."""
    if not address:
        return 0
    now = now or timezone.now()
    recent = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=now - settings.SPRAY_WINDOW)
    seen = recent.aggregate(names=Count("username", distinct=True), last=Max("attempt_time"))
    extra = seen["names"] - settings.SPRAY_USER_NAMES
    if extra < 0:
        return 0
    delay = min(settings.SPRAY_BASE_DELAY * 2 ** min(extra, 20), settings.SPRAY_MAX_DELAY)
    return max(0, int((seen["last"] + delay - now).total_seconds() + 0.999))


def spray_message(seconds: int) -> str:
    wait = f"{seconds // 60}分{seconds % 60}秒" if seconds >= 60 else f"{seconds}秒"
    return (f"このネットワークから多くのユーザー名でログインの失敗が続いているため、ログインを一時的に制限しています。"
            f"あと{wait}ほど待ってからもう一度お試しください。")
