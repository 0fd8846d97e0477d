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

# 就労準備・家計改善 appear twice: they are the programs most plans use.
PLAN_SERVICE_POOL = [
    PlanService.EMPLOYMENT_PREP, PlanService.EMPLOYMENT_PREP, PlanService.HOUSEHOLD_BUDGET,
    PlanService.HOUSEHOLD_BUDGET, PlanService.HOUSING_BENEFIT, PlanService.AGENCY_EMPLOYMENT,
    PlanService.WELFARE_LOAN, PlanService.HELLOWORK_PROGRAM, PlanService.COMMUNITY_LIVING,
    PlanService.WORK_TRAINING,
]
CONSULTATION_NOTES = {
    Complaint.INCOME: "（デモ）失職後の収入がなく、生活費が足りないとの相談。",
    Complaint.RENT_LOAN: "（デモ）家賃を2か月滞納しており、退去を求められるのではと不安。",
    Complaint.DEBT: "（デモ）複数の借入れがあり、返済の見通しが立たない。",
    Complaint.JOB_SEARCH: "（デモ）長く仕事に就いておらず、何から始めればよいか分からない。",
    Complaint.HOUSING: "（デモ）住む所を失いそうで、今後の住まいについて相談したい。",
    Complaint.HEALTH: "（デモ）体調を崩して退職し、今後の生活が不安。",
    Complaint.WITHDRAWAL: "（デモ）家族から、子がひきこもっているとの相談。",
    Complaint.NO_FOOD: "（デモ）所持金が少なく、食べるものがない。",
}
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
HOUSEHOLDS = ["単身", "母と二人暮らし", "夫婦と子1人", "単身（親族とは疎遠）", "父と二人暮らし"]
HEALTH = ["特記事項なし", "腰痛で長時間の立ち仕事が難しい", "不眠があり通院中", "持病があり服薬中"]
WORK = ["離職して半年", "短時間のアルバイト", "就労経験が少ない", "自営をやめた"]
INCOMES = [("無収入", 0), ("アルバイト収入", 60000), ("年金", 70000), ("失業給付（終了間近）", 110000)]
DEBTS = ["なし", "消費者金融 約50万円", "家賃滞納 2か月分", "携帯電話料金の滞納"]
WISHES = ["早く仕事に就いて自分で暮らしたい", "家計を立て直して借金を返したい", "安心して住める所がほしい",
          "体調を整えながら少しずつ働きたい"]
PROBLEMS = ["収入がなく生活費が不足している", "支出の管理ができていない", "住まいが不安定", "就労経験が乏しい"]
GOALS = ["生活リズムを整える", "家計表を毎月つける", "ハローワークで求職登録する", "アパートに入居する",
         "就職する", "滞納を解消する"]
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
CLOSURE_NOTES = {
    ClosureReason.GOAL_ACHIEVED: "就職し、生活が安定した。",
    ClosureReason.LOST_CONTACT: "3か月連絡が取れない。",
    ClosureReason.MOVED: "県外へ転出した。",
    ClosureReason.DECLINED: "本人が支援の終了を希望した。",
    ClosureReason.OTHER_SYSTEM: "生活保護の受給が決定した。",
}


def intake(rng: random.Random, received_on: dt.date) -> dict:
    main = rng.choice(list(CONSULTATION_NOTES))
    complaints = [main, *rng.sample(RELATED_COMPLAINTS, k=rng.randint(0, 2))]
    homeless = main == Complaint.HOUSING and rng.random() < 0.5
    return {
        "received_on": received_on, "route": rng.choice(ContactRoute.values), "complaints": complaints,
        "main_complaint": main, "consultation_note": CONSULTATION_NOTES[main],
        "work_status": rng.choice([WorkStatus.UNEMPLOYED, WorkStatus.NON_REGULAR, WorkStatus.UNKNOWN]),
        "housing_status": HousingStatus.LOSING if homeless else rng.choice([HousingStatus.RENTED, HousingStatus.PUBLIC]),
    }


def assessment(rng: random.Random, assessed_on: dt.date) -> dict:
    income, monthly = rng.choice(INCOMES)
    return {"assessed_on": assessed_on, "household": rng.choice(HOUSEHOLDS), "health": rng.choice(HEALTH),
            "work_school": rng.choice(WORK), "income": income, "monthly_income": monthly,
            "assets_debts": rng.choice(DEBTS), "summary": "（デモ）収入と住まいの安定が当面の課題。"}


def plan(rng: random.Random, drafted_on: dt.date, services: list, months: int) -> dict:
    return {"drafted_on": drafted_on, "wishes": rng.choice(WISHES), "problems": rng.choice(PROBLEMS),
            "support_content": "、".join(PlanService(s).label for s in services) + "による支援",
            "points_to_watch": "体調と通院に配慮する", "services": [PlanService(s).value for s in services],
            "work_support_target": PlanService.EMPLOYMENT_PREP in services, "period_from": drafted_on,
            "period_to": drafted_on + dt.timedelta(days=30 * months)}


def goals(rng: random.Random, drafted_on: dt.date) -> list:
    return [(goal, drafted_on + dt.timedelta(days=30 * (i + 1) * 2))
            for i, goal in enumerate(rng.sample(GOALS, k=rng.randint(1, 3)))]


def meeting_place(team) -> str:
    return f"{team.body.name.replace('（町村部）', '')} 会議室（デモ）"
