"""Invented wording for demo records (notes, plans, progress). Nothing here describes a real person."""
import datetime as dt
import random

from jiritsu.cases.choices import (
    ClosureReason,
    Complaint,
    ContactRoute,
    EvaluationDecision,
    HousingStatus,
    TriageOutcome,
    WorkStatus,
)
from jiritsu.programs.catalog import PlanService, Program

from .stories import HOMELESS, Story

RELATED_COMPLAINTS = [Complaint.TAX_UTILITIES, Complaint.FAMILY, Complaint.WORK_TROUBLE, Complaint.COMMUNITY,
                      Complaint.CARE, Complaint.CHILDCARE, Complaint.OTHER]
REFERRALS = ["ハローワーク（職業相談）", "社会福祉協議会（生活福祉資金）", "福祉事務所（生活保護の相談）",
             "法テラス（債務整理の相談）", "地域包括支援センター"]
TRIAGE_NOTES = {
    TriageOutcome.INFO_ONLY: "制度の情報提供で解決した。",
    TriageOutcome.REFERRED: "他機関の支援が適当と判断し、つないだ。",
    TriageOutcome.CONTINUE: "継続的な支援が必要と判断した。",
}
TEMPORARY_REASONS = {
    Program.EMPLOYMENT_PREP: "生活リズムの立て直しが急がれ、アセスメントと並行して就労準備支援を始める。",
    Program.HOUSEHOLD_BUDGET: "支払期限が迫っており、アセスメントと並行して家計の見直しを始める。",
}
URGENT_REASONS = ["所持金がなく、今夜の宿泊先がない。", "住居を退去し、車中で寝泊まりしている。",
                  "家族から避難し、頼れる先がない。"]
MEETING_MEMBERS = "主任相談支援員、相談支援員、就労支援員、自治体担当者、委託事業者（デモ）"
MEETING_MINUTES = "（デモ）各ケースのプラン（案）と評価を確認した。"
REVISE_NOTE = "目標の時期を本人と再確認のうえ再提出。"
APPROVE_NOTE = "プラン（案）のとおり了承。"
MONITORING_DELIVERY = ["計画どおり実施", "おおむね計画どおり", "体調不良で一部休止", "面談の日程を調整中"]
PERSON_CHANGES = ["表情が明るくなった", "特になし", "生活リズムが整ってきた", "意欲が出てきた"]
AGENCY_PROGRESS = ["（デモ）面談。近況と家計の状況を確認した。", "（デモ）電話。求職活動の様子を聞いた。",
                   "（デモ）自宅を訪問し、生活の様子を確認した。", "（デモ）ハローワークへ同行した。"]
PROVIDER_PROGRESS = {
    Program.EMPLOYMENT_PREP: "（デモ）就労準備支援のプログラムに参加。",
    Program.HOUSEHOLD_BUDGET: "（デモ）家計相談。家計表を一緒に確認した。",
    Program.TEMPORARY_SHELTER: "（デモ）一時生活支援施設での生活状況を確認。",
    Program.COMMUNITY_LIVING: "（デモ）転居後の見守り訪問。",
}
SHELTER_END = "アパートへの入居により退所"
EVALUATION_TEXT = {
    EvaluationDecision.CLOSE: "（デモ）目標を達成し、自立した生活の見通しが立った。",
    EvaluationDecision.REPLAN: "（デモ）目標の一部が未達成。課題を整理し直す必要がある。",
    EvaluationDecision.CONTINUE: "（デモ）目標に向けて進んでいる。現プランで継続する。",
}
OUTCOME_NOTES = {
    "employed": "（デモ）就職が決まった（週30時間、常用）。",
    "income_increased": "（デモ）勤務時間が増え、月の収入が増えた。",
}
ALLOWANCE_NOTE = "（デモ）年金（手当）の手続きが済み、月の収入が増えた。"
SETTLED_NOTE = "家計の見通しが立ち、生活が安定した。"
CLOSURE_NOTES = {
    ClosureReason.GOAL_ACHIEVED: "就職し、生活が安定した。",
    ClosureReason.LOST_CONTACT: "3か月連絡が取れない。",
    ClosureReason.MOVED: "県外へ転出した。",
    ClosureReason.DECLINED: "本人が支援の終了を希望した。",
    ClosureReason.OTHER_SYSTEM: "生活保護の受給が決定した。",
}


def intake(rng: random.Random, received_on: dt.date, story: Story) -> dict:
    extra = [c for c in RELATED_COMPLAINTS if c not in story.related]
    complaints = [story.main, *story.related[:rng.randint(0, len(story.related))], *rng.sample(extra, k=rng.randint(0, 1))]
    housing = HousingStatus.HOMELESS if story is HOMELESS else (
        HousingStatus.LOSING if story.main == Complaint.RENT_LOAN else rng.choice([HousingStatus.RENTED, HousingStatus.PUBLIC]))
    work = WorkStatus.NON_REGULAR if "就労中" in story.work or "アルバイト" in story.work else WorkStatus.UNEMPLOYED
    return {
        "received_on": received_on, "route": rng.choice(ContactRoute.values), "complaints": complaints,
        "main_complaint": story.main, "consultation_note": story.note, "work_status": work, "housing_status": housing,
    }


def assessment(story: Story, assessed_on: dt.date) -> dict:
    income, monthly = story.income
    return {"assessed_on": assessed_on, "household": story.household, "health": story.health,
            "work_school": story.work, "income": income, "monthly_income": monthly,
            "assets_debts": story.debts, "summary": story.summary}


def plan(story: Story, drafted_on: dt.date, services: list, months: int) -> dict:
    return {"drafted_on": drafted_on, "wishes": story.wishes, "problems": story.problems,
            "support_content": "、".join(PlanService(s).label for s in services) + "による支援",
            "points_to_watch": "体調と通院に配慮する" if story.health != "特記事項なし" else "本人のペースを尊重する",
            "services": [PlanService(s).value for s in services],
            "work_support_target": story.works, "period_from": drafted_on,
            "period_to": drafted_on + dt.timedelta(days=30 * months)}


def goals(story: Story, drafted_on: dt.date, months: int) -> list:
    """The story's goals, due one after another within the plan's period."""
    step = max(1, months * 30 // len(story.goals))
    return [(goal, drafted_on + dt.timedelta(days=step * (i + 1))) for i, goal in enumerate(story.goals)]


def meeting_place(team) -> str:
    return f"{team.body.name.replace('（町村部）', '')} 会議室（デモ）"
