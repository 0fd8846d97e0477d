"""The developer's sight of a person ends with the reason for it (registered with cases.sharing).

A confirmed match shows the developer the person's name and contact for the first day at the site. When the case
closes, the person withdraws consent or their 就労準備支援 hand-off ends, the match ends (a proposal is taken
down), with that reason, and the profile leaves matching until the agency refreshes it.
"""
from jiritsu.audit import log
from jiritsu.cases.sharing import Ending
from jiritsu.programs.catalog import Program

from .models import Match, Profile


def end_matches(ending: Ending) -> None:
    if not (ending.whole_case or Program.EMPLOYMENT_PREP in ending.programs):
        return
    profile = Profile.objects.select_for_update().filter(case=ending.case).first()
    if profile is None:
        return
    for match in profile.matches.select_for_update(of=("self",)).filter(status__in=Match.ACTIVE).select_related("task"):
        confirmed = match.status == Match.Status.CONFIRMED
        match.status = Match.Status.ENDED if confirmed else Match.Status.WITHDRAWN
        match.ended_on = ending.ended_on if confirmed else None
        match.end_reason, match.version = ending.reason, match.version + 1
        match.save(update_fields=["status", "ended_on", "end_reason", "version"])
        log.record(user=ending.user, action="update", case=ending.case,
                   what=f"マッチングを終了（{profile.code} → {match.task}：{ending.reason}）")
    if profile.status != Profile.Status.CLOSED:
        profile.status, profile.version = Profile.Status.CLOSED, profile.version + 1
        profile.save(update_fields=["status", "version", "updated_at"])
