"""Sites, carved-out tasks and development visits: the developer edits, agencies read, the prefecture counts."""
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render

from jiritsu.core.forms import save_or_render

from . import policies, selectors, services
from .forms import SiteForm, TaskForm, VisitForm


def site_list(request):
    if policies.sees_counts_only(request.user):
        return redirect("placement_counts")
    policies.require_read(request.user)
    sites = list(selectors.sites_with_counts())
    return render(request, "placements/site_list.html", {"sites": sites, "can_edit": policies.can_edit(request.user)})


def site_detail(request, pk):
    policies.require_read(request.user)
    site = selectors.get_site_or_404(pk=pk, with_municipality=True)
    can_edit = policies.can_edit(request.user)
    return render(request, "placements/site_detail.html", {
        "site": site, "can_edit": can_edit, **selectors.site_page(site=site, with_visits=can_edit),
    })


def placement_counts(request):
    policies.require_counts(request.user)
    rows = selectors.counts_per_region()
    totals = {key: sum(r[key] for r in rows) for key in ("sites", "certified", "tasks", "places")}
    return render(request, "placements/counts.html", {"rows": rows, "totals": totals,
                                                      "matching": selectors.matching_counts()})


def site_edit(request, pk=None):
    policies.require_edit(request.user)
    site = selectors.get_site_or_404(pk=pk) if pk else None
    if request.method != "POST":
        initial = {**model_to_dict(site), "version": site.version} if site else None
        if site and site.located_by_centre:
            initial.update(lat=None, lon=None)
        return render(request, "placements/site_form.html", {"site": site, "form": SiteForm(initial=initial)})
    result, page = save_or_render(request, SiteForm(request.POST), lambda data, version: services.save_site(
        user=request.user, data=data, site=site, expected_version=version if site else None),
        "placements/site_form.html", {"site": site}, "就労体験・訓練先を保存しました。")
    return page or redirect("placement_site", result.pk)


def task_edit(request, site_pk=None, pk=None):
    policies.require_edit(request.user)
    task = selectors.get_task_or_404(pk=pk) if pk else None
    site = task.site if task else selectors.get_site_or_404(pk=site_pk)
    context = {"site": site, "task": task}
    if request.method != "POST":
        initial = {**model_to_dict(task), "version": task.version} if task else None
        return render(request, "placements/task_form.html", {**context, "form": TaskForm(initial=initial)})
    result, page = save_or_render(request, TaskForm(request.POST), lambda data, version: services.save_task(
        user=request.user, data=data, site=site, task=task, expected_version=version if task else None),
        "placements/task_form.html", context, "切り出し業務を保存しました。")
    return page or redirect("placement_site", site.pk)


def visit_new(request, site_pk):
    policies.require_edit(request.user)
    site = selectors.get_site_or_404(pk=site_pk)
    if request.method != "POST":
        return render(request, "placements/visit_form.html", {"site": site, "form": VisitForm()})
    result, page = save_or_render(request, VisitForm(request.POST), lambda data, _version: services.record_visit(
        user=request.user, site=site, **data), "placements/visit_form.html", {"site": site}, "開拓訪問を記録しました。")
    return page or redirect("placement_site", site.pk)
