"""人材養成研修: courses by fiscal year, their lectures (limited-release video) and in-person exercises,
enrolments with lecture viewing and exercise attendance, case studies and contact cards (名刺交換)."""
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiritsu.cases.models import Case
from jiritsu.core.choices import labels_of
from jiritsu.orgs.models import Body, Prefecture, Staff

# The seed's lecture themes (令和4年度 人材養成研修); a lecture may also carry a new theme.
SEED_THEMES = [
    "生活困窮者自立支援制度の理念と基本姿勢",
    "県内の生活困窮者自立支援制度の実施状況",
    "住居確保給付金",
    "生活保護制度と生活困窮者自立支援制度との連携",
    "就労支援（ハローワーク）",
    "就労支援（いばらき就職支援センター）",
    "ひきこもり対策",
    "居住支援（県営住宅・居住支援法人・一時生活支援）",
    "フードバンクの取組み",
    "コロナ禍における人権への配慮",
    "自殺対策",
    "茨城型地域ケアシステム",
    "家計支援（多重債務・悪質商法）",
    "生活福祉資金貸付制度",
    "無料職業紹介事業",
]


class TrainingRole(models.TextChoices):
    """The post a person is trained for. Not an access role: 家計改善支援員 works at a provider."""

    CHIEF = "chief", _("主任相談支援員")
    SUPPORT_WORKER = "support_worker", _("相談支援員")
    EMPLOYMENT_WORKER = "employment_worker", _("就労支援員")
    HOUSEHOLD_BUDGET = "household_budget", _("家計改善支援員")
    EMPLOYMENT_PREP = "employment_prep", _("就労準備支援員")
    ADMINISTRATOR = "administrator", _("自治体担当者")
    OTHER = "other", _("その他の支援者")


class ProgrammeItem(models.TextChoices):
    INTRODUCTIONS = "introductions", _("自己紹介・名刺交換")
    LOOKING_BACK = "looking_back", _("支援の振り返り（大変だったこと・モチベーション）")
    CASE_STUDY = "case_study", _("事例検討（成功事例・課題事例）")


class Course(models.Model):
    prefecture = models.ForeignKey(Prefecture, on_delete=models.PROTECT, related_name="courses")
    fiscal_year = models.PositiveIntegerField(_("年度"), db_index=True)
    title = models.CharField(_("研修名"), max_length=120)
    description = models.TextField(_("概要"), blank=True)
    roles = models.JSONField(_("対象となる職種"), default=list)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("研修")
        verbose_name_plural = _("研修")
        ordering = ["-fiscal_year", "title"]

    def __str__(self):
        return self.title

    def role_labels(self) -> list[str]:
        return labels_of(TrainingRole, self.roles)


class Lecture(models.Model):
    """A lecture released as a limited-access video to the named audience within its period."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lectures")
    order = models.PositiveSmallIntegerField(_("順番"), default=0)
    title = models.CharField(_("講義名"), max_length=120)
    lecturer = models.CharField(_("講師"), max_length=60)
    lecturer_org = models.CharField(_("講師の所属"), max_length=80, blank=True)
    theme = models.CharField(_("テーマ"), max_length=80)
    video_url = models.URLField(_("動画のリンク"), blank=True)
    available_from = models.DateField(_("公開開始日"))
    available_until = models.DateField(_("公開終了日"))
    audience = models.JSONField(_("視聴できる役割"), default=list, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("講義")
        verbose_name_plural = _("講義")
        ordering = ["course", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(available_until__gte=models.F("available_from")),
                                   name="lecture_period_order"),
        ]

    def __str__(self):
        return self.title

    def is_open_on(self, day) -> bool:
        return self.available_from <= day <= self.available_until


def _material_path(instance, filename: str) -> str:
    # A random name: the stored file's path never reveals or collides with another upload.
    return f"training/materials/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:10]}"


class Material(models.Model):
    lecture = models.ForeignKey(Lecture, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("資料名"), max_length=120)
    file = models.FileField(_("ファイル"), upload_to=_material_path)
    original_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("講義資料")
        verbose_name_plural = _("講義資料")
        ordering = ["id"]


class Exercise(models.Model):
    """An in-person group exercise (演習) where people from different bodies meet."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="exercises")
    title = models.CharField(_("演習名"), max_length=120)
    held_on = models.DateField(_("開催日"))
    venue = models.CharField(_("会場"), max_length=120)
    capacity = models.PositiveIntegerField(_("定員"))
    programme = models.JSONField(_("プログラム"), default=list)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("演習")
        verbose_name_plural = _("演習")
        ordering = ["held_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(capacity__gte=1), name="exercise_capacity_positive")]

    def __str__(self):
        return self.title

    def programme_labels(self) -> list[str]:
        return labels_of(ProgrammeItem, self.programme)


class Enrolment(models.Model):
    """One person on one course, with the exercise session they take (capacity counts these)."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="enrolments")
    exercise = models.ForeignKey(Exercise, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="enrolments", verbose_name=_("参加する演習"))
    training_role = models.CharField(_("研修上の職種"), max_length=24, choices=TrainingRole.choices)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    enrolled_at = models.DateTimeField(auto_now_add=True)
    attended = models.BooleanField(_("演習に出席"), default=False)
    attendance_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    attendance_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("受講申込")
        verbose_name_plural = _("受講申込")
        ordering = ["course", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "staff"], name="one_enrolment_per_course")]


class LectureView(models.Model):
    """The person's own confirmation that they watched the lecture (within its period)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="views")
    lecture = models.ForeignKey(Lecture, on_delete=models.CASCADE, related_name="views")
    viewed_on = models.DateField(_("視聴日"))
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "lecture"], name="one_view_per_lecture")]


class CaseStudy(models.Model):
    """A de-identified case for group study. The source case stays inside its body: only the
    submitter's body ever sees the link, and nobody but the submitter sees a draft."""

    class Kind(models.TextChoices):
        SUCCESS = "success", _("成功事例")
        DIFFICULT = "difficult", _("課題事例")

    class State(models.TextChoices):
        DRAFT = "draft", _("下書き（本人のみ閲覧）")
        REVIEW = "review", _("確認待ち（同じ機関の別の職員が確認）")
        PUBLISHED = "published", _("公開（演習参加者）")

    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="case_studies")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    source_case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("事例の種類"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("表題"), max_length=120)
    text = models.TextField(_("事例の内容"))
    state = models.CharField(_("状態"), max_length=16, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Four eyes: the one who checked the de-identification and published is never the submitter.
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    review_note = models.TextField(_("確認者からの差し戻しメモ"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("事例検討")
        verbose_name_plural = _("事例検討")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(
            condition=~models.Q(state="published") | ~models.Q(published_by=models.F("submitted_by")),
            name="case_study_published_by_another")]


class ContactCard(models.Model):
    """名刺交換: shared by choice with the other participants of one exercise; withdrawal hides it."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="cards")
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="cards")
    name = models.CharField(_("氏名"), max_length=40)
    organisation = models.CharField(_("所属"), max_length=80)
    role = models.CharField(_("職種"), max_length=40)
    phone = models.CharField(_("電話（職場）"), max_length=20, blank=True)
    email = models.EmailField(_("メール（職場）"), blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("名刺")
        verbose_name_plural = _("名刺")
        constraints = [models.UniqueConstraint(fields=["exercise", "staff"], name="one_card_per_exercise")]

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None and self.withdrawn_at is None
