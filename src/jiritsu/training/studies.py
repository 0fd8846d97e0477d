"""Case studies for exercises: built from a real case of the submitter's body, de-identified by the
system (the case's own values, and GiNZA with rules for everything else), reviewed and edited by the submitter,
then checked and published by a second person of the body (four eyes), who sees every replacement and every
suspicious span marked.

Reading the source case is an audited read of personal data; the study itself keeps nothing that names
the person, and publishing refuses a text in which any of the case's identifying values reappears."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiritsu.audit import log
from jiritsu.cases import policies as case_policies
from jiritsu.cases import selectors as case_selectors
from jiritsu.core.errors import Conflict
from jiritsu.core.wareki import age_on
from jiritsu.orgs.models import Municipality, Staff

from . import deidentify, policies
from .models import CaseStudy, Exercise


def identifiers(case) -> deidentify.Identifiers:
    client = case.client
    users = {case.received_by_id, case.assigned_to_id}
    writers = ((case.progress_records, "author_id"), (case.assessments, "recorded_by_id"),
               (case.plans, "recorded_by_id"), (case.evaluations, "recorded_by_id"),
               (case.monitorings, "recorded_by_id"))
    for records, writer in writers:
        users |= set(records.values_list(writer, flat=True))
    staff = Staff.objects.filter(user_id__in=users - {None}) | Staff.objects.filter(
        organisation__body_id=case.body_id) | Staff.objects.filter(organisation__handoffs__case=case)
    return deidentify.Identifiers(
        anchor=case.received_on,
        full_names=[client.family_name + client.given_name, client.family_name_kana + client.given_name_kana],
        person_names=[client.family_name, client.given_name, client.family_name_kana, client.given_name_kana],
        family_names=[client.family_name],
        visitor_names=[case.visitor_name, *case.visitor_name.split()[:1]],
        staff_names=sorted({n for s in staff.distinct() for n in (s.display_name, *s.display_name.split()[:1])}),
        addresses=_address_parts(client.address, case),
        phones=[client.phone_home, client.phone_mobile, case.visitor_phone],
        postal_code=client.postal_code,
        birth_date=client.birth_date,
        case_numbers=[case.case_number],
        emails=[client.email],
        municipalities=[(m.name, f"県内の{m.kind}") for m in Municipality.objects.filter(
            prefecture_id=case.body.prefecture_id)],
    )


def _address_parts(address: str, case) -> list[str]:
    """The whole address and what is left once the prefecture and the municipality are taken off."""
    if not address:
        return []
    parts = [address]
    rest = address.removeprefix(case.body.prefecture.name)
    parts.append(rest)
    for m in Municipality.objects.filter(prefecture_id=case.body.prefecture_id).values_list("name", flat=True):
        if rest.startswith(m):
            rest = rest.removeprefix(m)
            parts.append(rest)
            break
    town = "".join(ch for ch in rest.split("-")[0] if not ch.isdigit()).strip()
    if len(town) >= 2:
        parts.append(town)
    return [p for p in parts if p.strip()]


def _section(title: str, lines) -> str:
    body = "\n".join(line for line in lines if line and line.strip())
    return f"【{title}】\n{body}\n" if body else ""


def source_text(case) -> str:
    """The story of the case with structured dates already made relative to the first consultation."""
    rel = lambda day: deidentify.relative(day, case.received_on)  # noqa: E731
    client = case.client
    age = age_on(client.birth_date, case.received_on)
    who = "・".join(x for x in (f"{age // 10 * 10}代" if age is not None else "", client.get_sex_display()) if x)
    parts = [_section("事例の概要", [
        f"相談者：{who}" if who else "", f"相談経路：{case.get_route_display()}",
        f"主訴：{case.get_main_complaint_display()}", f"相談内容：{'、'.join(map(str, case.complaint_labels()))}",
        case.consultation_note])]
    assessment = case_selectors.latest_assessment(case)
    if assessment:
        parts.append(_section(f"アセスメント（{rel(assessment.assessed_on)}）", [
            f"{label}：{getattr(assessment, name)}" for name, label in (
                ("household", "世帯"), ("health", "健康・障害・介護"), ("work_school", "就労・就学"),
                ("income", "収入"), ("assets_debts", "資産・債務"), ("benefits", "利用中の制度"),
                ("background", "生活歴・背景"), ("summary", "見立て")) if getattr(assessment, name)]))
    plan = case.plans.order_by("-number").first()
    if plan:
        parts.append(_section(f"プラン（{rel(plan.drafted_on)}）", [
            f"本人の意向：{plan.wishes}", f"課題：{plan.problems}", f"支援内容：{plan.support_content}",
            *(f"目標：{g.goal}" for g in plan.goals.all())]))
    parts.append(_section("支援の経過", [
        f"・{rel(r.occurred_on)}（{r.get_kind_display()}）：{r.text}"
        for r in case.progress_records.order_by("occurred_on", "id")]))
    evaluation = case.evaluations.order_by("-evaluated_on", "-id").first()
    if evaluation:
        parts.append(_section(f"評価（{rel(evaluation.evaluated_on)}）", [
            f"目標の達成状況：{evaluation.goals_achieved}", evaluation.changes]))
    return "\n".join(p for p in parts if p)


def _source_case(user, case_number: str):
    case = case_policies.visible_cases(user).select_related("client", "body__prefecture").filter(
        case_number=(case_number or "").strip()).first()
    if case is None:
        raise ValidationError({"case_number": f"ケース番号「{case_number}」のケースが見つかりません。"
                                              "自分の自治体のケース番号を入力してください。"})
    return case


@transaction.atomic
def draft_case_study(*, user, exercise: Exercise, case_number: str, kind: str, title: str) -> CaseStudy:
    if not policies.may_submit_case_study(user) or not policies.is_participant(user, exercise):
        raise ValidationError("事例を提出できるのは、この演習に申し込んだ自立相談支援機関の職員です。")
    if kind not in CaseStudy.Kind.values:
        raise ValidationError({"kind": "事例の種類を選んでください。"})
    case = _source_case(user, case_number)
    log.record(user=user, action="read", what="事例検討のため匿名化して読み込み", case=case)
    ids = identifiers(case)
    study = CaseStudy.objects.create(
        exercise=exercise, body_id=case.body_id, source_case=case, submitted_by=user, kind=kind,
        title=deidentify.scrub(title, ids) or str(CaseStudy.Kind(kind).label),
        text=deidentify.scrub(source_text(case), ids))
    return study


def _require_own_draft(user, study: CaseStudy) -> None:
    if study.submitted_by_id != user.pk or study.state != CaseStudy.State.DRAFT:
        raise ValidationError("この事例は編集できません。")


@transaction.atomic
def edit_case_study(*, user, study: CaseStudy, title: str, text: str, expected_version: int) -> CaseStudy:
    _require_own_draft(user, study)
    study = CaseStudy.objects.select_for_update().get(pk=study.pk)
    if study.version != expected_version:
        raise Conflict()
    study.title, study.text, study.version = title, text, study.version + 1
    study.full_clean()
    study.save(update_fields=["title", "text", "version"])
    return study


@transaction.atomic
def request_review(*, user, study: CaseStudy, title: str, text: str, expected_version: int) -> CaseStudy:
    """The submitter saves the reviewed text and hands it to a colleague of the body, who publishes it."""
    study = edit_case_study(user=user, study=study, title=title, text=text, expected_version=expected_version)
    _refuse_leaks(user, study)
    study.state, study.review_note = CaseStudy.State.REVIEW, ""
    study.save(update_fields=["state", "review_note"])
    return study


def _require_reviewer(user, study: CaseStudy) -> None:
    if not policies.may_review_case_study(user, study):
        raise ValidationError("事例の公開は、作成者以外の同じ機関の職員が、確認待ちの事例を確認して行います。")


def _refuse_leaks(user, study: CaseStudy):
    """A value of the source case typed back into the text refuses it (read audited against the case)."""
    case = case_policies.get_case_or_404(user, study.source_case_id, related=("body__prefecture",))
    log.record(user=user, action="read", what="事例検討の公開前に匿名化を確認", case=case)
    found = deidentify.leaks(f"{study.title}\n{study.text}", identifiers(case))
    if found:
        raise ValidationError({"text": f"元のケースを特定できる情報が残っています（{'、'.join(found)}）。"
                                       "該当箇所を書き換えてから公開してください。"})
    return case


def review_material(user, study: CaseStudy) -> dict:
    """What the reviewer checks: the text with every replacement and every remaining suspicious span marked,
    and the list of what the scrubber replaced in the case's story (an audited read of the source case)."""
    case = case_policies.get_case_or_404(user, study.source_case_id, related=("body__prefecture",))
    log.record(user=user, action="read", what="事例検討の匿名化を確認（置き換えの一覧）", case=case)
    ids = identifiers(case)
    return {"marked_title": deidentify.marked(study.title, ids), "marked_text": deidentify.marked(study.text, ids),
            "replacements": deidentify.replacements(source_text(case), ids)}


@transaction.atomic
def return_for_edit(*, user, study: CaseStudy, note: str) -> CaseStudy:
    _require_reviewer(user, study)
    if not note.strip():
        raise ValidationError({"note": "直してほしい箇所を書いてください。"})
    study = CaseStudy.objects.select_for_update().get(pk=study.pk)
    _require_reviewer(user, study)
    study.state, study.review_note, study.version = CaseStudy.State.DRAFT, note.strip(), study.version + 1
    study.save(update_fields=["state", "review_note", "version"])
    return study


@transaction.atomic
def publish_case_study(*, user, study: CaseStudy, checked: bool) -> CaseStudy:
    """A second person publishes: agency staff of the body, not the submitter, who has seen every replacement
    and every suspicious span marked; a value of the case typed back still refuses it."""
    _require_reviewer(user, study)
    if not checked:
        raise ValidationError({"checked": "置き換えた箇所と要確認の箇所をすべて確認してから公開してください。"})
    study = CaseStudy.objects.select_for_update().get(pk=study.pk)
    _require_reviewer(user, study)
    _refuse_leaks(user, study)
    study.state, study.published_at, study.published_by = CaseStudy.State.PUBLISHED, timezone.now(), user
    study.save(update_fields=["state", "published_at", "published_by"])
    return study
