"""The programs of the system (DOMAIN.md section 4) and the plan's 利用事業 (monthly survey columns).

One home for program names: imports, forms, the API and reports look names up here.
"""
from django.db import models


class Program(models.TextChoices):
    """Optional and related programs a body runs and a provider may deliver."""

    EMPLOYMENT_PREP = "employment_prep", "就労準備支援"
    HOUSEHOLD_BUDGET = "household_budget", "家計改善支援"
    TEMPORARY_SHELTER = "temporary_shelter", "一時生活支援"
    COMMUNITY_LIVING = "community_living", "地域居住支援"
    HOUSING_BENEFIT = "housing_benefit", "住居確保給付金"
    WORK_TRAINING = "work_training", "就労訓練"
    CHILD_LEARNING = "child_learning", "子どもの学習・生活支援"


class PlanService(models.TextChoices):
    """What a plan uses (プラン兼事業等利用申込書), in the monthly survey's 8 利用事業 columns' order, plus
    the optional programs the survey does not count."""

    HOUSING_BENEFIT = "housing_benefit", "住居確保給付金"
    TEMPORARY_SHELTER = "temporary_shelter", "一時生活支援"
    HOUSEHOLD_BUDGET = "household_budget", "家計改善支援"
    EMPLOYMENT_PREP = "employment_prep", "就労準備支援"
    WORK_TRAINING = "work_training", "就労訓練"
    AGENCY_EMPLOYMENT = "agency_employment", "自立相談支援機関による就労支援"
    WELFARE_LOAN = "welfare_loan", "生活福祉資金貸付"
    HELLOWORK_PROGRAM = "hellowork_program", "生活保護受給者等就労自立促進事業"
    COMMUNITY_LIVING = "community_living", "地域居住支援"
    CHILD_LEARNING = "child_learning", "子どもの学習・生活支援"


SURVEY_SERVICES = [
    PlanService.HOUSING_BENEFIT,
    PlanService.TEMPORARY_SHELTER,
    PlanService.HOUSEHOLD_BUDGET,
    PlanService.EMPLOYMENT_PREP,
    PlanService.WORK_TRAINING,
    PlanService.AGENCY_EMPLOYMENT,
    PlanService.WELFARE_LOAN,
    PlanService.HELLOWORK_PROGRAM,
]

# Programs a wide-area provider delivers through a hand-off.
HANDOFF_PROGRAMS = [
    Program.EMPLOYMENT_PREP,
    Program.HOUSEHOLD_BUDGET,
    Program.TEMPORARY_SHELTER,
    Program.COMMUNITY_LIVING,
]
# The seed's special paths.
TEMPORARY_USE_PROGRAMS = [Program.EMPLOYMENT_PREP, Program.HOUSEHOLD_BUDGET]
URGENT_PROGRAMS = [Program.TEMPORARY_SHELTER]


def program_from_name(name: str) -> Program:
    """Japanese name or code to Program; raises ValueError with a Japanese message."""
    key = (name or "").strip()
    # People often write the official name with 事業 (就労準備支援事業); accept both.
    for candidate in (key, key.removesuffix("事業")):
        for p in Program:
            if candidate in (p.value, p.label):
                return p
    raise ValueError(f"「{key}」は事業名として認識できません。")


def service_from_name(name: str) -> PlanService:
    key = (name or "").strip()
    for s in PlanService:
        if key in (s.value, s.label):
            return s
    raise ValueError(f"「{key}」は利用事業名として認識できません。")
