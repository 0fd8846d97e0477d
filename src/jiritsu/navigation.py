"""The main menu: each entry shows when the owning domain's policy lets the user use that page, so the
menu never offers a page that would refuse (and never hides one that would not). Checks are role-only:
no query per page."""
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html_join

from jiritsu.auditlog import policies as audit_policies
from jiritsu.cases import policies as case_policies
from jiritsu.directory import policies as directory_policies
from jiritsu.housing import policies as housing_policies
from jiritsu.orgs import policies as org_policies
from jiritsu.outreach import policies as outreach_policies
from jiritsu.placements import policies as placement_policies
from jiritsu.prep import policies as prep_policies
from jiritsu.programs import policies as program_policies
from jiritsu.shelter import policies as shelter_policies
from jiritsu.stats import policies as stats_policies
from jiritsu.training import policies as training_policies


def _anyone(user) -> bool:
    return True


MENU = [
    ("today", "今日の業務", _anyone),
    ("case_search", "ケース検索", case_policies.is_owner_side),
    ("case_new", "新規相談受付", lambda user: case_policies.can(user, "create_case")),
    ("print_caselist", "ケース一覧の印刷", case_policies.is_owner_side),
    ("meeting_list", "支援調整会議", lambda user: case_policies.can(user, "manage_meetings")),
    ("prefecture_overview", "県の概況", stats_policies.sees_every_unit),
    ("implementation", "任意事業の実施状況", program_policies.is_policy_staff),
    ("agreement_list", "広域実施の協定", program_policies.can_view_agreements),
    ("program_results", "団体別の実績", program_policies.is_policy_staff),
    ("survey_monthly", "支援状況調査", stats_policies.can_view_survey),
    ("survey_compare", "自治体の比較・推移", stats_policies.can_view_survey),
    ("survey_public", "公表用の集計", stats_policies.can_view_survey),
    ("outreach_home", "市町村との連携", outreach_policies.can_use),
    ("outreach_surveys", "意向調査", outreach_policies.can_use),
    ("org_list", "組織", _anyone),
    ("housing_list", "住居確保給付金", housing_policies.can_use),
    ("housing_counts", "住居確保給付金の実績", housing_policies.can_see_counts),
    ("prep_menu", "就労準備支援のプログラム", prep_policies.runs_program),
    ("shelter_grid", "一時生活支援の空室", shelter_policies.can_see_grid),
    ("shelter_usage", "一時生活支援の利用実績", shelter_policies.can_see_usage),
    ("shelter_sites", "一時生活支援の拠点・居室", shelter_policies.can_maintain),
    ("directory_search", "社会資源", _anyone),
    ("development_log", "社会資源の開拓", directory_policies.can_read_log),
    ("directory_publication", "ディレクトリの公開", directory_policies.can_publish),
    ("placement_sites", "就労体験・訓練先",
     lambda user: placement_policies.can_read(user) or placement_policies.sees_counts_only(user)),
    ("placement_matching", "就労体験マッチング", placement_policies.uses_matching),
    ("placement_tours", "見学会", placement_policies.can_see_tours),
    ("training_courses", "研修", training_policies.can_use),
    ("training_records", "研修の受講状況", training_policies.sees_body_records),
    ("staff_list", "職員管理", org_policies.is_manager),
    ("audit_log", "アクセス記録", audit_policies.can_read_log),
    ("password_change", "パスワード変更", _anyone),
    ("two_factor", "二要素認証", _anyone),
    ("api_tokens", "APIトークン", _anyone),
]


def menu(request) -> dict:
    """`menu_html`: the entries this user may use, as the header's list items."""
    user = getattr(request, "user", None)
    staff = case_policies.staff_of(user)
    if staff is None:
        return {"menu_html": ""}
    return _menu_of(user, staff)


_KEPT: dict[tuple, dict] = {}


def _menu_of(user, staff) -> dict:
    """Asking two dozen policies cost more than the rest of a page's header (0.7 ms), so each user's menu is
    kept under what the role-only checks read: a change of role, organisation or account flags is a new key."""
    org = staff.organisation
    key = (user.pk, user.is_active, user.is_staff, user.is_superuser, staff.pk, staff.role, staff.manages_staff,
           org.pk, org.kind, org.body_id, get_script_prefix())
    kept = _KEPT.get(key)
    if kept is None:
        if len(_KEPT) >= 4096:
            _KEPT.clear()
        entries = ((reverse(name), label) for name, label, allowed in MENU if allowed(user))
        kept = _KEPT[key] = {"menu_html": format_html_join("\n", '<li><a href="{}">{}</a></li>', entries)}
    return kept
