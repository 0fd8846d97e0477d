import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A bearer token for integrations, acting as one staff user. Only the hash is stored.

    Every token expires, and is read-only unless issued read-write: a leaked read-only token cannot
    change anything, and a forgotten one stops working by itself."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    label = models.CharField(_("用途"), max_length=80)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("発行日時"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有効期限"))
    can_write = models.BooleanField(_("書き込み可"), default=False)
    revoked_at = models.DateTimeField(_("失効日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("APIトークン")
        verbose_name_plural = _("APIトークン")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"#{self.pk} {self.label}"

    @staticmethod
    def digest(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, label: str, days: int = 90, can_write: bool = False) -> tuple["ApiToken", str]:
        raw = secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, label=label, token_hash=cls.digest(raw), can_write=can_write,
                                   expires_at=timezone.now() + dt.timedelta(days=days))
        return token, raw

    def usable(self, now=None) -> bool:
        return self.revoked_at is None and (now or timezone.now()) < self.expires_at and self.user.is_active

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "失効"
        return "期限切れ" if timezone.now() >= self.expires_at else "有効"
