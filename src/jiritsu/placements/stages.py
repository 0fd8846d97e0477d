"""The person's work-experience placements as part of their 就労準備支援's 就労自立 stage (registered in
apps.py with cases.stage_parts, read by the 就労準備支援 page, which never imports placements)."""
from django.urls import reverse

from jiritsu.audit import log
from jiritsu.cases.stage_parts import StageItem
from jiritsu.core.wareki import format_wareki

from . import policies, selectors


def work_experience(user, case) -> list[StageItem]:
    if not policies.sees_case_placements(user, case):
        return []
    matches = selectors.case_placements(case)
    if not matches:
        return []
    log.record(user=user, action="read", what="就労体験（就労準備支援の就労自立段階）", case=case)
    return [_item(user, m) for m in matches]


def _item(user, match) -> StageItem:
    first = getattr(match, "first_use", None)
    if first is None:
        state, on = match.get_status_display(), match.consent_on
        detail = f"本人同意 {format_wareki(match.consent_on, short=True)}"
    else:
        state, on = f"{match.get_status_display()}・初回{first.get_outcome_display()}", first.scheduled_on
        detail = f"初回利用 {format_wareki(first.scheduled_on, short=True)}"
    if match.ended_on:
        detail += f"／利用終了 {format_wareki(match.ended_on, short=True)}"
    task = match.task
    return StageItem(title=f"{task.site.name}：{task.title}（週{task.hours_per_week}時間）", state=state, on=on,
                     detail=detail,
                     url=reverse("placement_match", args=[match.pk]) if policies.is_agency(user) else "")
