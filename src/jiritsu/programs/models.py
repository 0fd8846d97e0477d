"""Which welfare-office body ran which optional program in which fiscal year, and how."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jiritsu.orgs.models import Body

from .catalog import Program


class Method(models.TextChoices):
    """実施方法. Order matters: it is the documented tie-break of the implementation table."""

    DIRECT = "direct", _("直営")
    CONTRACTED = "contracted", _("委託")
    JOINT = "joint", _("広域委託")


def method_from_name(name: str) -> Method:
    key = (name or "").strip()
    for m in Method:
        if key in (m.value, m.label):
            return m
    raise ValueError(f"「{key}」は実施方法として認識できません。直営、委託、広域委託 のいずれかを入力してください。")


class Participation(models.Model):
    """One body implementing one program in one fiscal year (absence of a row: not implemented)."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="participations",
                             verbose_name=_("福祉事務所設置自治体"))
    program = models.CharField(_("事業"), max_length=24, choices=Program.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    method = models.CharField(_("実施方法"), max_length=16, choices=Method.choices)
    since = models.DateField(_("実施開始日"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("任意事業の実施状況")
        verbose_name_plural = _("任意事業の実施状況")
        ordering = ["fiscal_year", "program", "body__code"]
        constraints = [
            models.UniqueConstraint(fields=["body", "program", "fiscal_year"], name="uniq_participation"),
        ]
        indexes = [models.Index(fields=["program", "fiscal_year"])]

    def __str__(self):
        return f"{self.body} {self.get_program_display()} {self.fiscal_year} {self.get_method_display()}"
