"""Meetings: invitations, attendance (with or without an invitation) and uploaded materials."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from jiritsu.outreach.models import Material, Meeting
from jiritsu.outreach.services import meetings


def _meeting(world, invited=None):
    return meetings.save_meeting(user=world.policy, invited=invited or [world.hitachi, world.tsuchiura], data={
        "kind": Meeting.Kind.REVIEW, "title": "第1回 広域実施検討会", "held_on": dt.date(2025, 6, 10),
        "place": "県庁", "agenda": "費用負担の考え方"})


def test_it_records_who_attended_from_each_body_including_uninvited_ones(world, ibaraki):
    meeting = _meeting(world)
    mito = ibaraki.bodies.get(code="08201")
    meetings.record_attendance(user=world.policy, meeting=meeting, expected_version=meeting.version, attendance={
        world.hitachi: "課長 日立一郎", world.tsuchiura: "", mito: "係長 水戸花子"})
    rows = {r.body.code: (r.invited, r.attended, r.attendees) for r in meeting.bodies.select_related("body")}
    assert rows == {"08202": (True, True, "課長 日立一郎"), "08203": (True, False, ""),
                    "08201": (False, True, "係長 水戸花子")}


def test_it_keeps_attendance_when_the_invitation_list_changes(world):
    meeting = _meeting(world)
    meetings.record_attendance(user=world.policy, meeting=meeting, expected_version=meeting.version,
                               attendance={world.hitachi: "課長"})
    meeting.refresh_from_db()
    meetings.save_meeting(user=world.policy, meeting=meeting, invited=[world.tsuchiura], data={},
                          expected_version=meeting.version)
    rows = {r.body_id: (r.invited, r.attended) for r in meeting.bodies.all()}
    assert rows == {world.hitachi.pk: (False, True), world.tsuchiura.pk: (True, False)}


def test_it_stores_a_material_under_media_root(world, media):
    meeting = _meeting(world)
    upload = SimpleUploadedFile("資料1.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    material = meetings.add_material(user=world.policy, meeting=meeting, title="", upload=upload)
    assert material.title == "資料1.pdf" and material.size == len(b"%PDF-1.4 demo")
    assert (media / material.file.name).read_bytes() == b"%PDF-1.4 demo"


def test_it_refuses_a_file_type_that_could_run_in_the_browser(world, media):
    meeting = _meeting(world)
    with pytest.raises(ValidationError) as exc:
        meetings.add_material(user=world.policy, meeting=meeting, title="x",
                              upload=SimpleUploadedFile("page.html", b"<script>", content_type="text/html"))
    assert "file" in exc.value.message_dict
    assert not Material.objects.exists()


def test_it_lets_only_the_prefecture_record_meetings(world):
    with pytest.raises(PermissionDenied):
        meetings.save_meeting(user=world.admin_a, invited=[], data={
            "kind": Meeting.Kind.STUDY, "title": "x", "held_on": dt.date(2025, 6, 1), "agenda": "x"})
