"""Recording a body's phase for a program, its problems and the responses the prefecture took."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from jiritsu.audit import log
from jiritsu.core.versioning import bump_version
from jiritsu.orgs.models import Body

from .. import policies
from ..models import PhaseRecord, Problem, ProblemResponse


@transaction.atomic
def set_phase(*, user, body: Body, program: str, phase: str, note: str, recorded_on: dt.date,
              expected_version: int | None = None) -> PhaseRecord:
    policies.require_writer(user)
    record = PhaseRecord.objects.select_for_update().filter(body=body, program=program).first()
    if record is None:
        record = PhaseRecord(body=body, program=program, recorded_by=user)
    else:
        bump_version(record, expected_version)
    record.phase, record.note, record.recorded_on, record.recorded_by = phase, note, recorded_on, user
    record.full_clean()
    record.save()
    log.record(user=user, action="update",
               what=f"段階の記録：{body.name} {record.get_program_display()} {record.get_phase_display()}",
               body_id=body.pk)
    return record


@transaction.atomic
def clear_phase(*, user, body: Body, program: str) -> None:
    """Go back to the phase read from the body's participation."""
    policies.require_writer(user)
    deleted, _ = PhaseRecord.objects.filter(body=body, program=program).delete()
    if deleted:
        log.record(user=user, action="delete", what=f"段階の記録の取消：{body.name}", body_id=body.pk)


@transaction.atomic
def add_problem(*, user, body: Body, program: str, phase: str, text: str, raised_on: dt.date) -> Problem:
    policies.require_writer(user)
    problem = Problem(body=body, program=program, phase=phase, text=text.strip(), raised_on=raised_on)
    problem.full_clean()
    problem.save()
    log.record(user=user, action="create", what=f"課題：{body.name} {problem.text}", body_id=body.pk)
    return problem


@transaction.atomic
def resolve_problem(*, user, problem: Problem, resolved_on: dt.date | None, expected_version: int | None
                    ) -> Problem:
    """Mark a problem resolved on a date, or open again (None)."""
    policies.require_writer(user)
    problem = Problem.objects.select_for_update().select_related("body").get(pk=problem.pk)
    bump_version(problem, expected_version)
    if resolved_on is not None and resolved_on < problem.raised_on:
        raise ValidationError({"resolved_on": "解決した日は課題を把握した日以降にしてください。"})
    problem.resolved_on = resolved_on
    problem.save(update_fields=["resolved_on", "version"])
    state = "解決" if resolved_on else "再開"
    log.record(user=user, action="update", what=f"課題の{state}：{problem.body.name} {problem.text}",
               body_id=problem.body_id)
    return problem


@transaction.atomic
def add_response(*, user, problem: Problem, taken_on: dt.date, text: str) -> ProblemResponse:
    policies.require_writer(user)
    if taken_on < problem.raised_on:
        raise ValidationError({"taken_on": "対応日は課題を把握した日以降にしてください。"})
    response = ProblemResponse(problem=problem, taken_on=taken_on, text=text.strip(), recorded_by=user)
    response.full_clean()
    response.save()
    log.record(user=user, action="create", what=f"課題への対応：{problem.body.name} {response.text}",
               body_id=problem.body_id)
    return response
