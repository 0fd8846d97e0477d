"""Work-experience and training sites, their development-visit log and the tasks carved out for them.

Sites and tasks hold no personal data about clients: agencies across the prefecture see them (情報提供).
"""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .matching import STAGES

# The vocabulary the matching engine compares a client's `avoid` / `prefers` with.
FEATURES = ("屋内", "屋外", "農作業", "軽作業", "対人業務", "清掃", "事務", "調理", "力仕事", "立ち仕事", "PC作業")


class Site(models.Model):
    class Kind(models.TextChoices):
        WELFARE_CORP = "welfare_corp", "社会福祉法人"
        COMPANY = "company", "企業"
        FARMER = "farmer", "農業者"
        NPO = "npo", "NPO"
        OTHER = "other", "その他"

    class Certification(models.TextChoices):
        NONE = "none", "認定なし"
        EMPLOYMENT = "employment", "雇用型"
        NON_EMPLOYMENT = "non_employment", "非雇用型"

    kind = models.CharField("種別", max_length=20, choices=Kind.choices)
    name = models.CharField("名称", max_length=100)
    municipality = models.ForeignKey("orgs.Municipality", on_delete=models.PROTECT, related_name="placement_sites",
                                     verbose_name="市町村")
    address = models.CharField("所在地", max_length=200, blank=True)
    lat = models.FloatField("緯度", null=True, blank=True,
                            validators=[MinValueValidator(-90), MaxValueValidator(90)])
    lon = models.FloatField("経度", null=True, blank=True,
                            validators=[MinValueValidator(-180), MaxValueValidator(180)])
    located_by_centre = models.BooleanField("市町村の中心で代用", default=False)
    contact_name = models.CharField("担当者名", max_length=60, blank=True)
    contact_phone = models.CharField("電話番号", max_length=20, blank=True)
    contact_email = models.EmailField("メールアドレス", blank=True)
    certification = models.CharField("認定就労訓練事業", max_length=20, choices=Certification.choices,
                                     default=Certification.NONE)
    certified_until = models.DateField("認定の有効期限", null=True, blank=True)
    hosting_hours = models.TextField("受入れ可能な曜日・時間", blank=True)
    active = models.BooleanField("受入れ中", default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "就労体験・訓練先"
        verbose_name_plural = "就労体験・訓練先"
        ordering = ["municipality__code", "name"]

    def __str__(self):
        return self.name


class DevelopmentVisit(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="visits", verbose_name="訪問先")
    visited_on = models.DateField("訪問日")
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="訪問者")
    visitor_name = models.CharField("訪問者名", max_length=60)
    outcome = models.TextField("結果")
    next_step = models.TextField("次の対応", blank=True)
    next_on = models.DateField("次回予定日", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "開拓訪問"
        verbose_name_plural = "開拓訪問"
        ordering = ["-visited_on", "-pk"]


class Task(models.Model):
    class Physical(models.TextChoices):
        LIGHT = "light", "軽"
        MEDIUM = "medium", "中"
        HEAVY = "heavy", "重"

    class Interpersonal(models.TextChoices):
        FEW = "few", "少"
        SOME = "some", "中"
        MANY = "many", "多"

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="tasks", verbose_name="受入れ先")
    title = models.CharField("作業名", max_length=100)
    description = models.TextField("作業内容", blank=True)
    min_stage = models.CharField("必要なステージ", max_length=10, choices=[(s, s) for s in STAGES])
    hours_per_week = models.DecimalField("週あたり時間", max_digits=4, decimal_places=1,
                                         validators=[MinValueValidator(0), MaxValueValidator(60)])
    physical_load = models.CharField("身体的負荷", max_length=10, choices=Physical.choices)
    interpersonal_load = models.CharField("対人負荷", max_length=10, choices=Interpersonal.choices)
    features = models.JSONField("作業の特徴", default=list, blank=True)
    capacity = models.PositiveSmallIntegerField("受入れ人数", default=1,
                                                validators=[MinValueValidator(1), MaxValueValidator(50)])
    available_from = models.DateField("受入れ開始日", null=True, blank=True)
    available_until = models.DateField("受入れ終了日", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "切り出し業務"
        verbose_name_plural = "切り出し業務"
        ordering = ["site__name", "title"]

    def __str__(self):
        return f"{self.site.name}：{self.title}"
