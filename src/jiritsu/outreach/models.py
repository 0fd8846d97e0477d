"""The prefecture's relationship work with its welfare-office bodies (顔の見える関係): visits and their
follow-ups, study and operations meetings, intention surveys (意向調査), and the seed's phase view
(準備期 / 開始期 / 支援期) with its problems and the responses taken.

Nothing here is about people in hardship: the names stored are those of officials who met or attended.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q

from jiritsu.orgs.models import Body
from jiritsu.programs.catalog import Program

User = settings.AUTH_USER_MODEL


class Visit(models.Model):
    """A visit by the prefecture's staff to one body (e.g. the seed's R元 visits to 31 cities)."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="outreach_visits",
                             verbose_name="訪問先")
    visited_on = models.DateField("訪問日")
    visitors = models.CharField("訪問した県職員", max_length=200)
    met = models.TextField("面会した方（氏名・役職）")
    topics = models.TextField("協議した内容")
    requests = models.TextField("県に求める支援", blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "自治体訪問"
        verbose_name_plural = "自治体訪問"
        ordering = ["-visited_on", "-pk"]

    def __str__(self):
        return f"{self.body.name} {self.visited_on:%Y-%m-%d}"


class FollowUp(models.Model):
    """Something the prefecture promised or must check after a visit, with its due date."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="follow_ups", verbose_name="訪問")
    action = models.CharField("対応内容", max_length=200)
    due_on = models.DateField("期限")
    done_on = models.DateField("完了日", null=True, blank=True)
    note = models.TextField("完了時のメモ", blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "訪問後の対応"
        verbose_name_plural = "訪問後の対応"
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.action

    @property
    def done(self) -> bool:
        return self.done_on is not None


class Meeting(models.Model):
    class Kind(models.TextChoices):
        STUDY = "study", "勉強会"
        STUDY_TOUR = "study_tour", "先進地視察"
        REVIEW = "review", "検討会"
        OPERATIONS = "operations", "運営会議"

    kind = models.CharField("種別", max_length=16, choices=Kind.choices)
    title = models.CharField("会議名", max_length=120)
    held_on = models.DateField("開催日")
    place = models.CharField("場所", max_length=120, blank=True)
    agenda = models.TextField("議題")
    prefecture_attendees = models.CharField("県の出席者", max_length=200, blank=True)
    minutes = models.TextField("議事録", blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "連携会議"
        verbose_name_plural = "連携会議"
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.title


class MeetingBody(models.Model):
    """A body's place in a meeting: invited, and whether and by whom it attended."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="bodies")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="outreach_meetings")
    invited = models.BooleanField("案内した", default=True)
    attended = models.BooleanField("出席", default=False)
    attendees = models.CharField("出席者（氏名・役職）", max_length=300, blank=True)

    class Meta:
        ordering = ["body__code"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "body"], name="uniq_meeting_body"),
            models.CheckConstraint(condition=Q(invited=True) | Q(attended=True), name="meeting_body_has_role"),
        ]


def material_path(instance, filename: str) -> str:
    # A per-meeting folder; Django's storage adds a suffix when a name is already taken.
    return f"outreach/meetings/{instance.meeting_id}/{filename}"


class Material(models.Model):
    """A meeting's handout, stored under MEDIA_ROOT and served only through the access-checked view."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField("資料名", max_length=120)
    file = models.FileField("ファイル", upload_to=material_path, max_length=300)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "会議資料"
        verbose_name_plural = "会議資料"
        ordering = ["pk"]

    def __str__(self):
        return self.title


class Survey(models.Model):
    """An intention survey (意向調査): drafted, sent to bodies, answered, then its results sent back."""

    class Status(models.TextChoices):
        DRAFT = "draft", "作成中"
        OPEN = "open", "回答受付中"
        PUBLISHED = "published", "結果送付済み"

    title = models.CharField("調査名", max_length=120)
    purpose = models.TextField("調査の趣旨", blank=True)
    due_on = models.DateField("回答期限")
    status = models.CharField("状態", max_length=16, choices=Status.choices, default=Status.DRAFT)
    bodies = models.ManyToManyField(Body, related_name="outreach_surveys", verbose_name="送付先", blank=True)
    sent_on = models.DateField("送付日", null=True, blank=True)
    published_on = models.DateField("結果送付日", null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "意向調査"
        verbose_name_plural = "意向調査"
        ordering = ["-due_on", "-pk"]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        CHOICE = "choice", "選択"
        TEXT = "text", "自由記述"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField("番号")
    text = models.TextField("設問")
    kind = models.CharField("回答の形式", max_length=8, choices=Kind.choices)
    choices = models.JSONField("選択肢", default=list, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="uniq_question_number")]

    def __str__(self):
        return f"問{self.number} {self.text[:30]}"


class Response(models.Model):
    """One body's answers to one survey; the body may revise them until the results are published."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="outreach_responses")
    answered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    answerer_name = models.CharField("回答者", max_length=60)
    answered_at = models.DateTimeField("回答日時")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["body__code"]
        constraints = [models.UniqueConstraint(fields=["survey", "body"], name="uniq_survey_response")]


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="uniq_answer")]


class Phase(models.TextChoices):
    """The seed's three phases of a body's work on a wide-area program."""

    PREPARATION = "preparation", "準備期"
    START = "start", "開始期"
    SUPPORT = "support", "支援期"


class PhaseRecord(models.Model):
    """A phase the prefecture recorded for a body and program, overriding the one read from participation."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="outreach_phases")
    program = models.CharField("事業", max_length=24, choices=Program.choices)
    phase = models.CharField("段階", max_length=16, choices=Phase.choices)
    note = models.TextField("メモ", blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField("記録日")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "program"], name="uniq_phase_record")]


class Problem(models.Model):
    """A problem a body has with a program in a phase (e.g. 対象者がいない), open until resolved."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="outreach_problems")
    program = models.CharField("事業", max_length=24, choices=Program.choices)
    phase = models.CharField("段階", max_length=16, choices=Phase.choices)
    text = models.CharField("課題", max_length=200)
    raised_on = models.DateField("把握した日")
    resolved_on = models.DateField("解決した日", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "課題"
        verbose_name_plural = "課題"
        ordering = ["raised_on", "pk"]

    def __str__(self):
        return self.text


class ProblemResponse(models.Model):
    """What the prefecture did about a problem (e.g. 広域実施検討会の開催)."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="responses")
    taken_on = models.DateField("対応日")
    text = models.CharField("対応", max_length=200)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["taken_on", "pk"]
