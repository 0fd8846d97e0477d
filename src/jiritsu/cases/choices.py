"""Vocabulary of the standard forms (標準様式). One home; forms, imports and the API use these."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", _("相談受付（振り分け待ち）")
    CONTINUING = "continuing", _("継続支援（利用申込待ち）")
    APPLIED = "applied", _("利用申込済（アセスメント待ち）")
    ASSESSED = "assessed", _("アセスメント済（プラン案作成待ち）")
    PLAN_DRAFTED = "plan_drafted", _("プラン案作成済（支援調整会議待ち）")
    PLAN_APPROVED = "plan_approved", _("会議で了承（支援決定待ち）")
    IN_SUPPORT = "in_support", _("支援中")
    EVALUATED = "evaluated", _("プラン評価済（会議での確認待ち）")
    # The meeting confirmed the evaluation; the worker now closes, re-plans or continues as it decided.
    EVALUATION_CONFIRMED = "eval_confirmed", _("評価を会議で確認済（方針の手続き待ち）")
    CLOSED = "closed", _("終結")


OPEN = frozenset(set(Status) - {Status.CLOSED})
BEFORE_APPLICATION = frozenset({Status.RECEIVED, Status.CONTINUING})
AFTER_APPLICATION = frozenset(OPEN - BEFORE_APPLICATION)


class ConsentState(models.TextChoices):
    """Whether the case has an active 本人同意 (kept on the case by the consent services)."""

    NONE = "none", _("記録なし")
    ACTIVE = "active", _("有効")
    WITHDRAWN = "withdrawn", _("撤回")


class Complaint(models.TextChoices):
    """The 16 相談内容 categories of the intake form, in the form's order."""

    HEALTH = "health", _("病気や健康、障害")
    HOUSING = "housing", _("住まい")
    INCOME = "income", _("収入・生活費")
    RENT_LOAN = "rent_loan", _("家賃やローン")
    TAX_UTILITIES = "tax_utilities", _("税金や公共料金")
    DEBT = "debt", _("債務")
    JOB_SEARCH = "job_search", _("仕事探し、就職")
    WORK_TROUBLE = "work_trouble", _("仕事上の不安やトラブル")
    COMMUNITY = "community", _("地域との関係")
    FAMILY = "family", _("家族との関係")
    CHILDCARE = "childcare", _("子育て")
    CARE = "care", _("介護")
    WITHDRAWAL = "withdrawal", _("ひきこもり・不登校")
    DV_ABUSE = "dv_abuse", _("DV・虐待")
    NO_FOOD = "no_food", _("食べるものがない")
    OTHER = "other", _("その他")


# How the national standard intake form (相談受付・申込票) words each category; ledgers kept on paper or in
# spreadsheets copy this wording, while the app shows the short labels above. One table for both.
COMPLAINT_FORM_WORDING = {
    Complaint.HEALTH: "病気や健康、障害のこと",
    Complaint.HOUSING: "住まいについて",
    Complaint.INCOME: "収入・生活費のこと",
    Complaint.RENT_LOAN: "家賃やローンの支払いのこと",
    Complaint.TAX_UTILITIES: "税金や公共料金等の支払いについて",
    Complaint.DEBT: "債務について",
    Complaint.JOB_SEARCH: "仕事探し、就職について",
    Complaint.WORK_TROUBLE: "仕事上の不安やトラブル",
    Complaint.COMMUNITY: "地域との関係について",
    Complaint.FAMILY: "家族との関係について",
    Complaint.CHILDCARE: "子育てのこと",
    Complaint.CARE: "介護のこと",
    Complaint.WITHDRAWAL: "ひきこもり・不登校",
    Complaint.DV_ABUSE: "DV（家庭内暴力）・虐待",
    Complaint.NO_FOOD: "食べるものがない",
    Complaint.OTHER: "その他（　　）",
}


class Sex(models.TextChoices):
    MALE = "male", _("男性")
    FEMALE = "female", _("女性")
    OTHER = "other", _("その他")
    UNKNOWN = "unknown", _("不明")


class ContactRoute(models.TextChoices):
    PHONE = "phone", _("電話")
    VISIT = "visit", _("来所")
    OUTREACH = "outreach", _("訪問（アウトリーチ）")
    REFERRAL = "referral", _("関係機関からの紹介")
    OTHER = "other", _("その他")


class TriageOutcome(models.TextChoices):
    INFO_ONLY = "info_only", _("相談・情報提供のみで終了")
    REFERRED = "referred", _("他制度・他機関へのつなぎ")
    CONTINUE = "continue", _("継続支援")


class WorkStatus(models.TextChoices):
    """B票: 仕事."""

    EMPLOYED = "employed", _("就労している（正規）")
    NON_REGULAR = "non_regular", _("就労している（非正規）")
    SELF_EMPLOYED = "self_employed", _("自営")
    UNEMPLOYED = "unemployed", _("就労していない")
    STUDENT = "student", _("学生")
    UNKNOWN = "unknown", _("不明")


class HousingStatus(models.TextChoices):
    """B票: 住居."""

    OWNED = "owned", _("持ち家")
    RENTED = "rented", _("賃貸住宅")
    PUBLIC = "public", _("公営住宅")
    COMPANY = "company", _("社宅・寮")
    STAYING = "staying", _("知人宅等")
    HOMELESS = "homeless", _("住居なし")
    LOSING = "losing", _("住居喪失のおそれ")
    UNKNOWN = "unknown", _("不明")


class HealthInsurance(models.TextChoices):
    """B票: 健康保険."""

    EMPLOYEE = "employee", _("被用者保険")
    NATIONAL = "national", _("国民健康保険")
    ELDERLY = "elderly", _("後期高齢者医療")
    NONE = "none", _("無保険")
    UNKNOWN = "unknown", _("不明")


class Pension(models.TextChoices):
    """B票: 年金."""

    RECEIVING = "receiving", _("受給している")
    PAYING = "paying", _("加入・納付している")
    ARREARS = "arrears", _("未納・滞納がある")
    NONE = "none", _("加入していない")
    UNKNOWN = "unknown", _("不明")


class ClosureReason(models.TextChoices):
    GOAL_ACHIEVED = "goal_achieved", _("目標達成")
    SELF_RELIANT = "self_reliant", _("自立の目途が立った")
    OTHER_SYSTEM = "other_system", _("他制度（生活保護等）へ移行")
    MOVED = "moved", _("転出")
    LOST_CONTACT = "lost_contact", _("連絡途絶")
    DECLINED = "declined", _("本人の辞退")
    DIED = "died", _("死亡")
    INFO_ONLY = "info_only", _("相談・情報提供のみで終了")
    REFERRED = "referred", _("他機関へつないで終了")
    OTHER = "other", _("その他")


# Closure reasons that need an evaluation confirmed at a coordination meeting first.
REASONS_NEEDING_EVALUATION = {ClosureReason.GOAL_ACHIEVED, ClosureReason.SELF_RELIANT}
# Reasons set only by triage.
TRIAGE_REASONS = {ClosureReason.INFO_ONLY, ClosureReason.REFERRED}


class HandoffMode(models.TextChoices):
    REGULAR = "regular", _("支援決定に基づく引継ぎ")
    TEMPORARY = "temporary", _("アセスメント段階での一時的利用")
    URGENT = "urgent", _("急迫時の一時生活支援")
    # Handed over at a shelter move-out, before a plan names the program: regularised like the urgent path.
    MOVE_ON = "move_on", _("転居に伴う引継ぎ（一時生活支援から）")


class MeetingOutcome(models.TextChoices):
    PENDING = "pending", _("未審議")
    APPROVED = "approved", _("了承")
    REVISE = "revise", _("修正のうえ再提出")
    WITHDRAWN = "withdrawn", _("取り下げ")
    MOVED = "moved", _("他の会議へ移動")


# What the meeting itself decides on an item (the others are the office's own moves before the meeting).
MEETING_DECISIONS = (MeetingOutcome.APPROVED, MeetingOutcome.REVISE)


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("定例")
    EXTRAORDINARY = "extraordinary", _("臨時")


class AgendaKind(models.TextChoices):
    PLAN = "plan", _("プラン（案）の審議")
    EVALUATION = "evaluation", _("プラン評価の確認")


class EvaluationDecision(models.TextChoices):
    CLOSE = "close", _("終結")
    REPLAN = "replan", _("再プラン策定")
    CONTINUE = "continue", _("現プランで継続")


class ProgressKind(models.TextChoices):
    INTERVIEW = "interview", _("面談")
    PHONE = "phone", _("電話")
    VISIT = "visit", _("訪問")
    ACCOMPANY = "accompany", _("同行")
    LIAISON = "liaison", _("関係機関との連絡調整")
    SERVICE = "service", _("支援の提供")
    FOLLOW_UP = "follow_up", _("終結後のフォローアップ")
    OTHER = "other", _("その他")
