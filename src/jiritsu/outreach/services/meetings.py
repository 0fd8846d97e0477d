"""Recording study, review and operations meetings: invitations, attendance, minutes and materials."""
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction

from jiritsu.audit import log
from jiritsu.core.versioning import bump_version

from .. import policies
from ..models import Material, Meeting, MeetingBody

MEETING_FIELDS = ("kind", "title", "held_on", "place", "agenda", "prefecture_attendees", "minutes")
# Office documents, PDFs, images and plain text: what a meeting's handouts are. Anything else (an
# executable, an HTML page that would run in the browser) is refused.
MATERIAL_EXTENSIONS = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp",
                       ".txt", ".csv", ".png", ".jpg", ".jpeg"}
MAX_MATERIAL_BYTES = 20 * 1024 * 1024


@transaction.atomic
def save_meeting(*, user, data: dict, invited: list, meeting: Meeting | None = None,
                 expected_version: int | None = None) -> Meeting:
    """Create or edit a meeting; `invited` is the full list of invited bodies (attendance is kept)."""
    policies.require_writer(user)
    creating = meeting is None
    if creating:
        meeting = Meeting(recorded_by=user)
    else:
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        bump_version(meeting, expected_version)
    for name in MEETING_FIELDS:
        if name in data:
            setattr(meeting, name, data[name])
    meeting.full_clean()
    meeting.save()
    _set_invited(meeting, invited)
    log.record(user=user, action="create" if creating else "update", what=f"連携会議：{meeting.title}")
    return meeting


def _set_invited(meeting: Meeting, bodies) -> None:
    wanted = {b.pk for b in bodies}
    rows = {row.body_id: row for row in meeting.bodies.all()}
    for body_id, row in rows.items():
        if body_id in wanted and not row.invited:
            row.invited = True
            row.save(update_fields=["invited"])
        elif body_id not in wanted and row.invited:
            if row.attended:  # it came without an invitation: keep its attendance
                row.invited = False
                row.save(update_fields=["invited"])
            else:
                row.delete()
    MeetingBody.objects.bulk_create(
        MeetingBody(meeting=meeting, body_id=body_id, invited=True) for body_id in sorted(wanted - set(rows)))


@transaction.atomic
def record_attendance(*, user, meeting: Meeting, attendance: dict, expected_version: int | None) -> Meeting:
    """`attendance`: body -> attendees text ("" when the body did not attend); other bodies did not attend."""
    policies.require_writer(user)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    bump_version(meeting, expected_version)
    attending = {body.pk: text.strip() for body, text in attendance.items() if text.strip()}
    rows = {row.body_id: row for row in meeting.bodies.all()}
    for body_id, row in rows.items():
        row.attended, row.attendees = body_id in attending, attending.get(body_id, "")
        if row.attended or row.invited:
            row.save(update_fields=["attended", "attendees"])
        else:
            row.delete()
    MeetingBody.objects.bulk_create(
        MeetingBody(meeting=meeting, body_id=body_id, invited=False, attended=True, attendees=text)
        for body_id, text in sorted(attending.items()) if body_id not in rows)
    log.record(user=user, action="update", what=f"連携会議の出席：{meeting.title}")
    return meeting


def _check_upload(upload) -> None:
    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in MATERIAL_EXTENSIONS:
        allowed = "、".join(sorted(e.lstrip(".") for e in MATERIAL_EXTENSIONS))
        raise ValidationError({"file": f"この種類のファイルは登録できません（登録できる種類：{allowed}）。"})
    if upload.size > MAX_MATERIAL_BYTES:
        raise ValidationError({"file": "ファイルが大きすぎます（20MBまで）。"})
    if upload.size == 0:
        raise ValidationError({"file": "ファイルが空です。"})


@transaction.atomic
def add_material(*, user, meeting: Meeting, title: str, upload) -> Material:
    policies.require_writer(user)
    _check_upload(upload)
    original = PurePath(upload.name).name[:200]
    material = Material(meeting=meeting, title=title or original, original_name=original, size=upload.size,
                        uploaded_by=user)
    material.file.save(original, upload, save=False)
    # The file is written before the row: if the row cannot be saved, remove the file again so that
    # nothing half-saved remains on disk.
    try:
        material.save()
    except Exception:
        material.file.delete(save=False)
        raise
    log.record(user=user, action="create", what=f"会議資料：{meeting.title} {material.title}")
    return material


@transaction.atomic
def remove_material(*, user, material: Material) -> None:
    policies.require_writer(user)
    name = material.file.name
    storage = material.file.storage
    log.record(user=user, action="delete", what=f"会議資料の削除：{material.meeting.title} {material.title}")
    material.delete()
    transaction.on_commit(lambda: storage.delete(name))
