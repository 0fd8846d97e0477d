"""Configuration of the monthly survey: the ministry's targets (目安値) per fiscal year."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyTarget(models.Model):
    """A 目安値 (per 100,000 population per month) from a fiscal year on; later years use the latest one."""

    class Item(models.TextChoices):
        NEW_CONSULTATIONS = "new_consultations", _("新規相談受付件数")
        PLANS = "plans", _("プラン作成件数")
        WORK_SUPPORT = "work_support", _("就労支援対象者数")

    item = models.CharField(_("項目"), max_length=24, choices=Item.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("年度（開始年）"))
    value = models.DecimalField(_("目安値（人口10万人当たり・月）"), max_digits=6, decimal_places=1)

    class Meta:
        verbose_name = _("支援状況調査の目安値")
        verbose_name_plural = _("支援状況調査の目安値")
        ordering = ["item", "fiscal_year"]
        constraints = [models.UniqueConstraint(fields=["item", "fiscal_year"], name="uniq_survey_target")]

    def __str__(self):
        return f"{self.get_item_display()} {self.fiscal_year}: {self.value}"


class PublicFigures(models.Model):
    """The counts published for one fiscal year and item of a prefecture, as first printed (stats.public).

    A column (a month, a quarter, the year) is filled once its period has ended and is never changed after: a
    count corrected later would otherwise print the difference, and with it a person. `hidden` is the cell
    numbers printed as "*", chosen over the whole year at once so that no table of the year, alone or with the
    others, gives a hidden count away."""

    prefecture = models.ForeignKey("orgs.Prefecture", on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("年度（開始年）"))
    item = models.CharField(_("項目"), max_length=16)
    bodies = models.JSONField(_("行（団体のID）"), default=list)
    values = models.JSONField(_("値（行×列、未公表はnull）"), default=list)
    hidden = models.JSONField(_("秘匿したセル"), default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("公表用の集計")
        verbose_name_plural = _("公表用の集計")
        constraints = [models.UniqueConstraint(fields=["prefecture", "fiscal_year", "item"],
                                               name="uniq_public_figures")]
