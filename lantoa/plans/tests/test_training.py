"""Training sessions (II.4): attendees from the registry, attendance, feedback 1–5, materials, pages, scope."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantoa.accounts.models import User
from lantoa.org.models import Organisation, Person
from lantoa.plans import training
from lantoa.plans.models import Attendance, TrainingAttendee, TrainingSession
from lantoa.testing.factories import HOSTILE, PersonFactory, unescaped
from lantoa.testing.fixtures import client_for


@pytest.fixture
def session(press_officer: User, so_y_te: Organisation, so_tu_phap: Organisation) -> TrainingSession:
    from datetime import date

    created = training.do_create_session(
        press_officer, held_on=date(2026, 5, 12), topic=f"Kỹ năng phát ngôn {HOSTILE}", place="Hội trường tỉnh",
        trainers="TS. Nguyễn Văn A\nThS. Trần Thị B",
    )  # fmt: skip
    people = [
        PersonFactory(organisation=so_y_te, is_spokesperson=True),
        PersonFactory(organisation=so_y_te, is_information_provider=True),
        PersonFactory(organisation=so_tu_phap, is_spokesperson=True),
    ]
    assert training.do_add_attendees(press_officer, created, [person.pk for person in people]) == 3
    assert training.do_add_attendees(press_officer, created, [people[0].pk]) == 0  # once each
    return created


def attendee(session: TrainingSession, organisation: Organisation, n: int = 0) -> TrainingAttendee:
    return session.attendees.filter(person__organisation=organisation).order_by("id")[n]


def test_attendance_and_feedback(
    session: TrainingSession, press_officer: User, agency_officer: User, so_y_te: Organisation,
    so_tu_phap: Organisation,
) -> None:  # fmt: skip
    first, second, other = attendee(session, so_y_te), attendee(session, so_y_te, 1), attendee(session, so_tu_phap)
    marks = {first.pk: Attendance.PRESENT, second.pk: Attendance.ABSENT, other.pk: Attendance.PRESENT}
    assert training.do_set_attendance(press_officer, session, marks) == 3
    with pytest.raises(ValidationError):
        training.do_set_attendance(press_officer, session, {first.pk: "maybe"})
    with pytest.raises(PermissionDenied):
        training.do_set_attendance(agency_officer, session, {first.pk: Attendance.ABSENT})
    # Sở Y tế records its own person's feedback; not for an absentee, not outside 1–5, not for another body.
    training.do_feedback(agency_officer, first, 4, "Bổ ích")
    first.refresh_from_db()
    assert (first.score, first.comment) == (4, "Bổ ích")
    with pytest.raises(ValidationError, match="có mặt"):
        training.do_feedback(agency_officer, second, 5, "")
    for bad in (0, 6, "năm"):
        with pytest.raises(ValidationError, match="từ 1 đến 5"):
            training.do_feedback(press_officer, other, bad, "")
    with pytest.raises(PermissionDenied):
        training.do_feedback(agency_officer, other, 3, "")
    training.do_feedback(press_officer, other, 5, "Rất tốt")
    # Marking someone absent afterwards drops their feedback: only attendees rate.
    training.do_set_attendance(press_officer, session, {other.pk: Attendance.ABSENT})
    other.refresh_from_db()
    assert other.score is None


def test_materials_are_checked_and_downloadable(session: TrainingSession, press_officer: User, leader: User) -> None:
    with pytest.raises(ValidationError):
        training.do_add_material(press_officer, session, SimpleUploadedFile("slide.pptx", b"PK\x03\x04"))
    material = training.do_add_material(press_officer, session, SimpleUploadedFile("Bài giảng.pdf", b"%PDF-1.7\n"))
    response = client_for(leader).get(reverse("plans:training_material", args=[material.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.7\n"  # type: ignore[attr-defined]
    with pytest.raises(PermissionDenied):
        training.do_add_material(leader, session, SimpleUploadedFile("x.pdf", b"%PDF-1.7\n"))


def test_pages_list_detail_and_scope(
    session: TrainingSession, press_officer: User, agency_officer: User, leader: User, so_y_te: Organisation
) -> None:
    listing = client_for(leader).get(reverse("plans:training_list")).content.decode()
    assert "12/05/2026" in listing and "Kỹ năng phát ngôn &lt;script&gt;" in listing and not unescaped(listing)
    assert "Thêm lớp tập huấn" not in listing
    url = reverse("plans:training_detail", args=[session.pk])
    full = client_for(press_officer).get(url).content.decode()
    assert full.count('id="hoc-vien-') == 3 and not unescaped(full) and "Lưu điểm danh" in full
    own = client_for(agency_officer).get(url).content.decode()
    assert own.count('id="hoc-vien-') == 2  # only Sở Y tế's people
    assert "Lưu điểm danh" not in own


def test_the_office_creates_a_session_and_takes_attendance_through_the_pages(
    press_officer: User, agency_officer: User, so_y_te: Organisation
) -> None:
    person = Person.objects.create(full_name="Lê Văn Phát", organisation=so_y_te, is_spokesperson=True)
    client = client_for(press_officer)
    bad = client.post(reverse("plans:training_list"), {"held_on": "2026-06-01", "topic": "Xử lý khủng hoảng"})
    assert bad.status_code == 400 and "dd/mm/yyyy" in bad.content.decode()
    response = client.post(reverse("plans:training_list"), {"held_on": "01/06/2026", "topic": "Xử lý khủng hoảng"})
    created = TrainingSession.objects.get(topic="Xử lý khủng hoảng")
    assert response.status_code == 302 and created.held_on.isoformat() == "2026-06-01"
    edit = reverse("plans:training_edit", args=[created.pk])
    client.post(edit, {"action": "attendees", "person": [str(person.pk)]})
    row = created.attendees.get()
    client.post(edit, {"action": "attendance", f"diem_danh_{row.pk}": "present"})
    client_for(agency_officer).post(edit, {"action": "feedback", "attendee": row.pk, "score": "5", "comment": "Tốt"})
    row.refresh_from_db()
    assert (row.attendance, row.score, row.comment) == (Attendance.PRESENT, 5, "Tốt")
    assert client_for(agency_officer).post(reverse("plans:training_list"), {"topic": "x"}).status_code == 403
