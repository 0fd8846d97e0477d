"""Every write on sites, development visits and tasks: validated, transactional, audited, version-checked."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from jiritsu.audit import log
from jiritsu.core.errors import Conflict

from . import geo, policies
from .models import FEATURES, DevelopmentVisit, Site, Task

SITE_FIELDS = ("kind", "name", "municipality", "address", "lat", "lon", "contact_name", "contact_phone",
               "contact_email", "certification", "certified_until", "hosting_hours", "active")
TASK_FIELDS = ("title", "description", "min_stage", "hours_per_week", "physical_load", "interpersonal_load",
               "features", "capacity", "available_from", "available_until")


def _locate(site: Site) -> None:
    """Coordinates typed by hand win; otherwise the municipality's centre stands in (and says so)."""
    if (site.lat is None) != (site.lon is None):
        raise ValidationError({"lat": "緯度と経度は両方入力するか、両方空欄にしてください。"})
    site.located_by_centre = site.lat is None
    if site.located_by_centre:
        centre = geo.centre_of(site.municipality)
        site.lat, site.lon = centre if centre else (None, None)


def _check_site(site: Site) -> None:
    if site.certification != Site.Certification.NONE and site.certified_until is None:
        raise ValidationError({"certified_until": "認定を受けている場合は有効期限を入力してください。"})
    if site.certification == Site.Certification.NONE and site.certified_until is not None:
        raise ValidationError({"certified_until": "認定がない場合は有効期限を空欄にしてください。"})


def _bump(model, obj, expected_version: int | None) -> None:
    """Optimistic lock: the row changes only if nobody saved it since the form was opened."""
    if expected_version is not None and expected_version != obj.version:
        raise Conflict()
    updated = model.objects.filter(pk=obj.pk, version=obj.version).update(version=F("version") + 1)
    if not updated:
        raise Conflict()
    obj.version += 1


@transaction.atomic
def save_site(*, user, data: dict, site: Site | None = None, expected_version: int | None = None) -> Site:
    policies.require_edit(user)
    creating = site is None
    if creating:
        site = Site()
    else:
        site = Site.objects.select_for_update().get(pk=site.pk)
        _bump(Site, site, expected_version)
    for name in SITE_FIELDS:
        if name in data:
            setattr(site, name, data[name])
    _locate(site)
    _check_site(site)
    site.full_clean()
    site.save()
    log.record(user=user, action="create" if creating else "update", what=f"就労体験・訓練先：{site.name}")
    return site


@transaction.atomic
def record_visit(*, user, site: Site, visited_on, outcome: str, next_step: str = "", next_on=None
                 ) -> DevelopmentVisit:
    policies.require_edit(user)
    if next_on is not None and next_on < visited_on:
        raise ValidationError({"next_on": "次回予定日は訪問日より後の日付にしてください。"})
    staff = getattr(user, "staff", None)
    visit = DevelopmentVisit(site=site, visited_on=visited_on, visited_by=user, outcome=outcome,
                             next_step=next_step, next_on=next_on,
                             visitor_name=staff.display_name if staff else user.get_username())
    visit.full_clean()
    visit.save()
    log.record(user=user, action="create", what=f"開拓訪問の記録：{site.name}")
    return visit


def _check_task(task: Task) -> None:
    unknown = [f for f in task.features if f not in FEATURES]
    if unknown:
        raise ValidationError({"features": f"不明な特徴です：{'、'.join(unknown)}"})
    if task.available_from and task.available_until and task.available_until < task.available_from:
        raise ValidationError({"available_until": "受入れ終了日は開始日より後の日付にしてください。"})


@transaction.atomic
def save_task(*, user, data: dict, site: Site | None = None, task: Task | None = None,
              expected_version: int | None = None) -> Task:
    policies.require_edit(user)
    creating = task is None
    if creating:
        task = Task(site=site)
    else:
        task = Task.objects.select_for_update().select_related("site").get(pk=task.pk)
        _bump(Task, task, expected_version)
    for name in TASK_FIELDS:
        if name in data:
            setattr(task, name, data[name])
    _check_task(task)
    task.full_clean()
    task.save()
    log.record(user=user, action="create" if creating else "update", what=f"切り出し業務：{task}")
    return task
