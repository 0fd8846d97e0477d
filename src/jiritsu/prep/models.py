"""就労準備支援 as a program: the provider's sessions by stage (the menu), each person's enrolment with its
one-year limit and the body's extension, their bookings with attendance, and the stage evaluation sheets."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiritsu.cases.models import Case
from jiritsu.orgs.models import Organisation

from .rules import Outcome, Stage


class Session(models.Model):
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("段階"), max_length=10, choices=Stage.choices)
    title = models.CharField(_("プログラム名"), max_length=100)
    held_on = models.DateField(_("実施日"))
    time_slot = models.CharField(_("時間"), max_length=20)
    place = models.CharField(_("場所"), max_length=100)
    capacity = models.PositiveSmallIntegerField(_("定員"))
    attendance_taken = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("就労準備支援のプログラム")
        verbose_name_plural = _("就労準備支援のプログラム")
        ordering = ["held_on", "time_slot", "pk"]
        indexes = [models.Index(fields=["provider", "held_on"])]

    def __str__(self):
        return f"{self.title}（{self.held_on}）"


class Enrolment(models.Model):
    """A person's time in the program with one provider. One open enrolment per case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("利用開始日"))
    stage = models.CharField(_("現在の段階"), max_length=10, choices=Stage.choices, default=Stage.DAILY)
    limit_on = models.DateField(_("利用期限"))
    extension_reason = models.TextField(_("延長の理由（自治体の決定）"), blank=True)
    extended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    ended_on = models.DateField(_("終了日"), null=True, blank=True)
    outcome = models.CharField(_("終了時の状況"), max_length=16, choices=Outcome.choices, blank=True)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("就労準備支援の利用")
        verbose_name_plural = _("就労準備支援の利用")
        constraints = [models.UniqueConstraint(fields=["case"], condition=Q(ended_on__isnull=True),
                                               name="prep_one_open_enrolment")]


class Booking(models.Model):
    """A person on a session: their schedule, and whether they came (None until attendance is taken)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="bookings")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="bookings")
    attended = models.BooleanField(_("出席"), null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="prep_booked_once")]


class Evaluation(models.Model):
    """段階評価シート: each item of the stage scored 1–4, at intervals."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="evaluations")
    evaluated_on = models.DateField(_("評価日"))
    stage = models.CharField(_("段階"), max_length=10, choices=Stage.choices)
    scores = models.JSONField(_("評価"), default=dict)
    note = models.TextField(_("所見"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["evaluated_on", "pk"]
