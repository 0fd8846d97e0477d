"""The demo's life stories: a small set of templated situations, each carrying its complaints, the person's
wish, the problems found, the goals and the programs chosen for them, so that a plan reads as one story
(家計を立て直して借金を返したい → 家計改善支援) instead of a random combination. Invented; no real person."""
import random
from typing import NamedTuple

from jiritsu.cases.choices import Complaint
from jiritsu.programs.catalog import TEMPORARY_USE_PROGRAMS, PlanService, Program


class Story(NamedTuple):
    key: str
    main: str  # Complaint: the 主訴
    related: tuple  # other complaints that go with it
    note: str  # the consultation note
    household: str
    health: str
    work: str
    income: tuple  # (wording, monthly yen)
    debts: str
    summary: str  # the assessment's summary
    wishes: str
    problems: str
    goals: tuple  # in the order they are reached
    services: tuple  # PlanService values the plan uses
    works: bool  # a 就労支援対象者: 就労 and 増収 may follow
    weight: int  # how often the story comes up


S = PlanService
STORIES = [
    Story("debt", Complaint.DEBT, (Complaint.INCOME, Complaint.TAX_UTILITIES),
          "（デモ）複数の借入れがあり、返済の見通しが立たない。", "夫婦と子1人", "特記事項なし", "パートで就労中",
          ("パート収入", 90000), "消費者金融 約50万円、携帯電話料金の滞納",
          "（デモ）支出の管理ができず借入れが増えている。家計の見直しが先決。",
          "家計を立て直して借金を返したい", "収入に見合わない支出と借入れの返済が重なっている",
          ("家計表を毎月つける", "債務の整理について法テラスに相談する", "滞納を解消する"),
          (S.HOUSEHOLD_BUDGET,), False, 5),
    Story("rent_arrears", Complaint.RENT_LOAN, (Complaint.INCOME, Complaint.JOB_SEARCH),
          "（デモ）失職して家賃を2か月滞納しており、退去を求められるのではと不安。", "単身", "特記事項なし",
          "離職して3か月", ("失業給付（終了間近）", 110000), "家賃滞納 2か月分",
          "（デモ）住まいを保ちながら早期の再就職をめざす。",
          "住まいを失わずに仕事を見つけたい", "失職により家賃を払えず、住まいを失うおそれがある",
          ("住居確保給付金を受けて家賃を払う", "ハローワークで求職登録する", "就職する"),
          (S.HOUSING_BENEFIT, S.AGENCY_EMPLOYMENT), True, 5),
    Story("long_out_of_work", Complaint.JOB_SEARCH, (Complaint.HEALTH, Complaint.FAMILY),
          "（デモ）長く仕事に就いておらず、何から始めればよいか分からない。", "母と二人暮らし",
          "不眠があり通院中", "就労経験が少ない", ("年金（同居の母）", 70000), "なし",
          "（デモ）生活リズムの乱れがあり、段階を踏んだ就労支援が必要。",
          "体調を整えながら少しずつ働きたい", "生活リズムが乱れ、働いた経験が乏しい",
          ("生活リズムを整える", "就労体験に参加する", "短時間の仕事に就く"),
          (S.EMPLOYMENT_PREP,), True, 5),
    Story("withdrawal", Complaint.WITHDRAWAL, (Complaint.FAMILY,),
          "（デモ）家族から、子がひきこもっているとの相談。", "父と二人暮らし", "特記事項なし",
          "高校卒業後、就労経験なし", ("無収入（父の年金で生活）", 0), "なし",
          "（デモ）外出の機会が少なく、まず人と関わる場が必要。",
          "家の外に出て人と関われるようになりたい", "社会との接点がなく、家族も高齢になっている",
          ("週1回相談窓口に来る", "就労準備支援のプログラムに参加する", "就労体験に参加する"),
          (S.EMPLOYMENT_PREP, S.WORK_TRAINING), True, 3),
    Story("no_food", Complaint.NO_FOOD, (Complaint.INCOME, Complaint.TAX_UTILITIES),
          "（デモ）所持金が少なく、食べるものがない。", "単身（親族とは疎遠）", "持病があり服薬中",
          "短時間のアルバイト", ("アルバイト収入", 60000), "公共料金の滞納",
          "（デモ）当面の生活費の確保と支出の見直しが課題。",
          "当面の生活費を確保して生活を立て直したい", "収入が少なく、支払いの優先順位がつけられていない",
          ("生活福祉資金を借りて当面の生活費を確保する", "家計表を毎月つける", "滞納を解消する"),
          (S.WELFARE_LOAN, S.HOUSEHOLD_BUDGET), False, 3),
    Story("illness", Complaint.HEALTH, (Complaint.INCOME, Complaint.JOB_SEARCH),
          "（デモ）体調を崩して退職し、今後の生活が不安。", "夫婦のみ", "腰痛で長時間の立ち仕事が難しい",
          "自営をやめた", ("無収入", 0), "なし",
          "（デモ）体調に合った仕事探しと通院の継続が課題。",
          "治療を続けながら無理なく働きたい", "体調に合う仕事が見つからず収入が途絶えている",
          ("通院を続ける", "ハローワークで求職登録する", "短時間の仕事に就く"),
          (S.AGENCY_EMPLOYMENT, S.HELLOWORK_PROGRAM), True, 3),
    Story("homeless", Complaint.HOUSING, (Complaint.INCOME, Complaint.JOB_SEARCH),
          "（デモ）社員寮を退去し、住む所がない。", "単身", "特記事項なし", "派遣就労を雇止め",
          ("無収入", 0), "なし",
          "（デモ）住まいの確保が最優先。入居後に就職活動を続ける。",
          "安心して住める所がほしい", "住まいがなく、所持金もほとんどない",
          ("一時生活支援を利用して生活を立て直す", "アパートに入居する", "就職する"),
          (S.TEMPORARY_SHELTER, S.COMMUNITY_LIVING, S.AGENCY_EMPLOYMENT), True, 0),
]
BY_KEY = {s.key: s for s in STORIES}
HOMELESS = BY_KEY["homeless"]


def temporary_program(story: Story) -> Program:
    """The program a story may start before its plan (the seed's 一時的な利用)."""
    return next(Program(s.value) for s in story.services if s.value in TEMPORARY_USE_PROGRAMS)


def story_for(rng: random.Random, scenario: str) -> Story:
    """A story that fits the walk: the urgent path is the homeless story, an early start of 就労準備 or
    家計改善 needs a story with that program; every other walk takes a weighted pick."""
    if scenario.startswith("urgent"):
        return HOMELESS
    pool = [s for s in STORIES if s.weight]
    if "temporary" in scenario:
        pool = [s for s in pool if any(x.value in TEMPORARY_USE_PROGRAMS for x in s.services)]
    return rng.choices(pool, weights=[s.weight for s in pool])[0]
