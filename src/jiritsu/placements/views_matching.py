"""Profiles (agency), the matching page (developer: propose, adjust), a match's page (agency: confirm or decline
with consent; developer: first use; agency: what follows on the case). The engine is matching.py, as for
`jiritsu match placements`."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiritsu.audit import log
from jiritsu.cases import policies as case_policies
from jiritsu.cases.models import Case
from jiritsu.core.forms import save_or_render

from . import matching, policies, selectors, services
from .forms import ConfirmForm, DeclineForm, FirstUseForm, FirstUseOutcomeForm, FollowUpForm, ProfileForm
from .models import Match, Profile
from .proposals import proposal_rows, why_text


def matching_home(request):
    if policies.can_edit(request.user):
        return _developer_page(request)
    policies.require_agency(request.user)
    profiles = list(selectors.agency_profiles(request.user))
    matches = list(selectors.visible_matches(request.user).filter(status__in=[*Match.ACTIVE, Match.Status.ENDED]))
    if profiles:
        log.record_many(user=request.user, action="read", what="マッチング用プロフィールの一覧",
                        cases=[p.case for p in profiles])
    return render(request, "placements/agency_matching.html", {
        "profiles": profiles, "proposed": [m for m in matches if m.status == Match.Status.PROPOSED],
        "confirmed": [m for m in matches if m.status != Match.Status.PROPOSED],
    })


def _developer_page(request):
    today = timezone.localdate()
    profiles = list(selectors.open_profiles())
    chosen, errors = None, []
    if request.method == "POST":
        chosen = _posted_choices(request.POST, profiles)
        try:
            made = services.propose_matches(user=request.user, choices=chosen, on_date=today)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, f"{len(made)}件の組み合わせを提案しました。各機関の確認を待ちます。")
            return redirect("placement_matching")
    problem, tasks = selectors.matching_problem(today, profiles)
    if profiles:
        log.record_query(user=request.user, action="read", what="マッチング用プロフィール（仮名）",
                         cases=Case.objects.filter(placement_profile__in=[p.pk for p in profiles]))
    waiting = list(selectors.visible_matches(request.user).filter(status=Match.Status.PROPOSED))
    confirmed = list(selectors.visible_matches(request.user).filter(status=Match.Status.CONFIRMED))
    return render(request, "placements/matching.html", {
        "rows": proposal_rows(problem, tasks, profiles, chosen), "errors": errors, "waiting": waiting,
        "confirmed": confirmed, "slot_count": sum(s.capacity for s in problem.slots), "objective": matching.OBJECTIVE,
    })


def _posted_choices(post, profiles) -> dict[int, int | None]:
    choices = {}
    for profile in profiles:
        value = post.get(f"task_{profile.pk}", "")
        choices[profile.pk] = int(value) if value.isdigit() else None
    return choices


def profile_edit(request, case_pk):
    """Make or refresh the matching profile of one of the agency's own cases."""
    policies.require_agency(request.user)
    case = case_policies.get_case_or_404(request.user, case_pk)
    profile = Profile.objects.filter(case=case).first()
    log.record(user=request.user, action="read", what="マッチング用プロフィールの作成・更新", case=case)
    context = {"case": case, "profile": profile, "eligible": selectors.in_employment_prep(case) and case.is_open,
               **selectors.profile_sources(case)}
    if request.method != "POST":
        form = ProfileForm(initial=_profile_initial(case, profile), body=case.body)
        return render(request, "placements/profile_form.html", {**context, "form": form})
    _saved, page = save_or_render(request, ProfileForm(request.POST, body=case.body), lambda data, version: (
        services.save_profile(user=request.user, case=case, data=data, expected_version=version if profile else None)),
        "placements/profile_form.html", context, lambda saved: f"マッチング用プロフィール（{saved.code}）を保存しました。")
    return page or redirect("placement_matching")


def _profile_initial(case, profile) -> dict:
    if profile is not None:
        return {"stage": profile.stage, "hours_per_week": profile.hours_per_week,
                "municipality": profile.municipality_id, "max_travel_km": profile.max_travel_km,
                "avoid": profile.avoid, "prefers": profile.prefers, "version": profile.version}
    home = selectors.municipality_from_address(case)
    return {"municipality": home.pk if home else None, "max_travel_km": 10}


def _match_context(request, pk) -> dict:
    """The match page's content for this user; reading it is audited against the person's case."""
    match = selectors.get_match_or_404(request.user, pk)
    developer = policies.can_edit(request.user)
    identity = not developer or policies.shows_identity(match)
    log.record(user=request.user, action="read", case=match.profile.case,
               what="マッチング（氏名・連絡先）" if identity else "マッチング（仮名）")
    first = selectors.first_use_of(match)
    context = {"match": match, "developer": developer, "identity": identity, "first_use": first,
               "why": why_text(match.reasons) if match.reasons else "", "client": match.profile.case.client}
    if developer and match.status == Match.Status.CONFIRMED:
        staff = services.accompanying_staff(match)
        context["first_use_form"] = FirstUseForm(staff=staff, initial=_first_use_initial(match, first, request.user))
        if first is not None and first.scheduled_on <= timezone.localdate():
            context["outcome_form"] = FirstUseOutcomeForm(initial={"outcome": None, "version": first.version})
    if not developer and match.status == Match.Status.PROPOSED:
        context.update(confirm_form=ConfirmForm(initial={"consent_on": timezone.localdate()}),
                       decline_form=DeclineForm())
    if not developer and match.status == Match.Status.CONFIRMED:
        context["follow_up_form"] = FollowUpForm(initial={"occurred_on": timezone.localdate()})
    return context


def match_page(request, pk):
    return render(request, "placements/match_detail.html", _match_context(request, pk))


def _first_use_initial(match, first, user) -> dict:
    if first is not None:
        return {"scheduled_on": first.scheduled_on, "meet_at": first.meet_at, "accompanied_by": first.accompanied_by_id,
                "site_contact": first.site_contact, "version": first.version}
    site = match.task.site
    contact = "　".join(v for v in (site.contact_name, site.contact_phone) if v)
    return {"site_contact": contact, "accompanied_by": user.staff.pk}


def _act(request, pk, form_class, key, action, done, **form_kwargs):
    """Run one action of the match page, `action(match, data, version)`; on bad input the page comes back with
    the error at the field. The page is built only then, so that an accepted action records no read of it."""
    match = selectors.get_match_or_404(request.user, pk)
    _saved, page = save_or_render(request, form_class(request.POST, **form_kwargs),
                                  lambda data, version: action(match, data, version), "placements/match_detail.html",
                                  lambda: _match_context(request, pk), done, form_name=key)
    return page or redirect("placement_match", pk)


@require_POST
def match_confirm(request, pk):
    policies.require_agency(request.user)
    return _act(request, pk, ConfirmForm, "confirm_form", lambda match, data, _v: services.confirm_match(
        user=request.user, match=match, **data), "マッチングを確定しました。開拓事業者が初回利用の同行を調整します。")


@require_POST
def match_decline(request, pk):
    policies.require_agency(request.user)
    return _act(request, pk, DeclineForm, "decline_form", lambda match, data, _v: services.decline_match(
        user=request.user, match=match, **data), "この提案を見送りました。")


@require_POST
def match_withdraw(request, pk):
    policies.require_edit(request.user)
    match = selectors.get_match_or_404(request.user, pk)
    try:
        services.withdraw_match(user=request.user, match=match)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("placement_match", pk)
    messages.success(request, f"{match.profile.code} への提案を取り下げました。")
    return redirect("placement_matching")


@require_POST
def first_use_schedule(request, pk):
    policies.require_edit(request.user)
    match = selectors.get_match_or_404(request.user, pk)

    def schedule(match, data, version):
        return services.schedule_first_use(user=request.user, match=match, expected_version=version, **data)

    return _act(request, pk, FirstUseForm, "first_use_form", schedule, "初回利用の同行を予定しました。",
                staff=services.accompanying_staff(match))


@require_POST
def first_use_outcome(request, pk):
    policies.require_edit(request.user)

    def record(match, data, version):
        first = services.scheduled_first_use(match)
        return services.record_first_use_outcome(user=request.user, first_use=first, outcome=data["outcome"],
                                                 note=data["note"], expected_version=version)

    return _act(request, pk, FirstUseOutcomeForm, "outcome_form", record, "初回利用の結果を記録しました。")


@require_POST
def follow_up(request, pk):
    policies.require_agency(request.user)
    return _act(request, pk, FollowUpForm, "follow_up_form", lambda match, data, _v: services.record_follow_up(
        user=request.user, match=match, **data), "ケースに記録しました。")
