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


class Contract(models.Model):
    """The prefecture's contract with a wide-area provider (広域実施の委託契約): which programs it delivers,
    for which bodies, over which term, for how much. A hand-off to the provider needs one in force."""

    provider = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="contracts",
                                 verbose_name=_("委託事業者"))
    title = models.CharField(_("契約件名"), max_length=100)
    programs = models.JSONField(_("委託事業"), default=list)
    term_from = models.DateField(_("契約期間（開始）"))
    term_to = models.DateField(_("契約期間（終了）"))
    amount = models.PositiveBigIntegerField(_("契約額（円）"))
    bodies = models.ManyToManyField(Body, related_name="contracts", verbose_name=_("対象の福祉事務所設置自治体"))
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[bodies])

    class Meta:
        verbose_name = _("広域実施の委託契約")
        verbose_name_plural = _("広域実施の委託契約")
        ordering = ["-term_from", "provider__name", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(term_to__gte=models.F("term_from")), name="contract_term_order"),
        ]

    def __str__(self):
        return self.title

    def program_labels(self) -> list[str]:
        return [Program(p).label for p in self.programs]


class Agreement(models.Model):
    """A body's agreement (協定) to join the prefecture's wide-area implementation of one program, with its
    data-sharing clause (個人情報の取扱い): the legal basis for handing its residents' cases to the provider."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="agreements",
                             verbose_name=_("福祉事務所設置自治体"))
    program = models.CharField(_("事業"), max_length=24, choices=Program.choices)
    term_from = models.DateField(_("協定期間（開始）"))
    term_to = models.DateField(_("協定期間（終了）"))
    signed_on = models.DateField(_("締結日"))
    data_sharing = models.BooleanField(_("情報共有（個人情報の提供）条項"), default=False)
    data_sharing_text = models.TextField(_("情報共有条項の内容"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("広域実施の協定")
        verbose_name_plural = _("広域実施の協定")
        ordering = ["body__code", "program", "-term_from"]
        indexes = [models.Index(fields=["body", "program"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(term_to__gte=models.F("term_from")),
                                   name="agreement_term_order"),
            models.CheckConstraint(condition=models.Q(data_sharing=False) | ~models.Q(data_sharing_text=""),
                                   name="agreement_sharing_clause_has_text"),
        ]

    def __str__(self):
        return f"{self.body} {self.get_program_display()}"

    def covers(self, day) -> bool:
        return self.term_from <= day <= self.term_to
