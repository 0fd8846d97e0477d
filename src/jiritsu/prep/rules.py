"""The 就労準備支援 program's rules (DOMAIN.md section 12), as plain functions: the three stages and the items
each stage's evaluation sheet scores, the one-year limit (longer only by the body's decision), and when the
next evaluation falls due. No database here."""
import datetime as dt

from django.db import models

LIMIT_YEARS = 1
EVALUATION_MONTHS = 3  # the stage evaluation sheet is filled in at least every three months
WARN_DAYS = 30
SCORES = [(1, "1：できない"), (2, "2：支援があればできる"), (3, "3：おおむねできる"), (4, "4：できる")]


class Stage(models.TextChoices):
    DAILY = "daily", "日常生活自立"
    SOCIAL = "social", "社会生活自立"
    WORK = "work", "就労自立"


ITEMS = {
    Stage.DAILY: [("rhythm", "生活リズム（起床・就寝）"), ("grooming", "身だしなみ"), ("health", "体調・服薬の管理"),
                  ("money", "金銭の管理")],
    Stage.SOCIAL: [("greeting", "あいさつ"), ("talk", "会話・意思の伝達"), ("group", "集団での活動"),
                   ("promise", "時間・約束を守る")],
    Stage.WORK: [("stamina", "作業の持続"), ("instructions", "指示の理解"), ("report", "報告・連絡・相談"),
                 ("commute", "通所・通勤")],
}


class Outcome(models.TextChoices):
    EMPLOYED = "employed", "一般就労"
    WORK_TRAINING = "work_training", "就労訓練（中間的就労）"
    CONTINUING = "continuing", "継続（他の支援へ）"
    DROPPED = "dropped", "中断"


def limit_of(started_on: dt.date) -> dt.date:
    """The last day of the one year from the start."""
    try:
        anniversary = started_on.replace(year=started_on.year + LIMIT_YEARS)
    except ValueError:  # 29 February
        anniversary = started_on.replace(year=started_on.year + LIMIT_YEARS, month=3, day=1)
    return anniversary - dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def evaluation_due(started_on: dt.date, last_evaluated: dt.date | None) -> dt.date:
    return add_months(last_evaluated or started_on, EVALUATION_MONTHS)


def limit_label(limit: dt.date, today: dt.date) -> str:
    if today > limit:
        return "期限超過"
    if (limit - today).days <= WARN_DAYS:
        return "期限間近"
    return ""
