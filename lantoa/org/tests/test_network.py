"""The network of policy communicators: coverage and gaps per kind, training history from the plans app, scope,
escaping, the person form's new fields, query counts and the XLSX export."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lantoa.accounts.models import User
from lantoa.org import network, services
from lantoa.org.models import Organisation, OrganisationKind, Person
from lantoa.plans.models import Attendance, TrainingAttendee, TrainingSession
from lantoa.testing.factories import HOSTILE, HOSTILE_ESCAPED, unescaped
from lantoa.testing.fixtures import client_for

pytestmark = pytest.mark.django_db
ESCAPED = HOSTILE_ESCAPED  # both payloads, shown as text


def communicator(organisation: Organisation, name: str, **extra: object) -> Person:
    values = {
        "full_name": name, "organisation": organisation, "title": "Chuyên viên Văn phòng", "is_communicator": True,
        "communication_duties": f"Quản trị trang thông tin điện tử {HOSTILE}", "phone": "0208 3855 111",
        "email": "truyenthong@example.gov.vn", **extra,
    }  # fmt: skip
    return services.do_create_person(None, values)


def test_coverage_counts_organisations_with_a_communicator_and_lists_the_gaps(
    so_y_te: Organisation, so_tu_phap: Organisation
) -> None:
    departments = Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT, is_active=True).count()
    communes = Organisation.objects.filter(kind=OrganisationKind.COMMUNE, is_active=True).count()
    assert departments > 10 and communes == 92
    communicator(so_y_te, "Nguyễn Thị Truyền")
    communicator(so_y_te, "Lê Văn Thông")
    communicator(so_tu_phap, "Người Đã Nghỉ", is_active=False)  # a former communicator is not counted
    services.do_create_person(None, {"full_name": "Không Giao", "organisation": so_tu_phap})
    found = network.entries(Organisation.objects.all())
    rows = {row.kind: row for row in network.coverage(found)}
    assert (rows["department"].total, rows["department"].covered) == (departments, 1)
    assert rows["department"].percent == round(100 / departments, 1)
    assert (rows["commune"].total, rows["commune"].covered, len(rows["commune"].missing)) == (communes, 0, communes)
    missing = {entry.organisation.code for entry in rows["department"].missing}
    assert "so-tu-phap" in missing and "so-y-te" not in missing
    health = next(entry for entry in found if entry.organisation == so_y_te)
    assert [person.full_name for person in health.communicators] == ["Lê Văn Thông", "Nguyễn Thị Truyền"]


def test_the_page_shows_the_network_the_trainings_and_the_gaps(
    press_officer: User, so_y_te: Organisation, so_tu_phap: Organisation
) -> None:
    person = communicator(so_y_te, f"Nguyễn Thị Truyền {HOSTILE}")
    session = TrainingSession.objects.create(held_on=date(2026, 5, 12), topic="Kỹ năng viết tin chính sách")
    TrainingAttendee.objects.create(session=session, person=person, attendance=Attendance.PRESENT)
    assert [attendee.session for attendee in network.trainings_for(person)] == [session]
    response = client_for(press_officer).get(reverse("org:network"))
    page = response.content.decode()
    assert response.status_code == 200
    assert ESCAPED in page and not unescaped(page)
    assert "Kỹ năng viết tin chính sách" in page and "12/05/2026" in page and "Có mặt" in page
    assert "0208 3855 111" in page and "truyenthong@example.gov.vn" in page
    gaps = client_for(press_officer).get(reverse("org:network") + "?loai=department&tinh-trang=missing")
    gap_page = gaps.content.decode()
    assert (
        "Sở Tư pháp" in gap_page and "Nguyễn Thị Truyền" not in gap_page and "chưa có cán bộ truyền thông" in gap_page
    )


def test_an_agency_sees_its_own_organisation_only(
    agency_officer: User, so_y_te: Organisation, so_tu_phap: Organisation
) -> None:
    communicator(so_tu_phap, "Cán Bộ Tư Pháp")
    communicator(so_y_te, "Cán Bộ Y Tế")
    page = client_for(agency_officer).get(reverse("org:network")).content.decode()
    assert "Cán Bộ Y Tế" in page and "Cán Bộ Tư Pháp" not in page and "Sở Tư pháp" not in page


def test_the_person_form_records_the_communication_role(agency_officer: User, so_y_te: Organisation) -> None:
    response = client_for(agency_officer).post(
        reverse("org:person_create", args=[so_y_te.pk]),
        {"full_name": "Phạm Văn Mới", "organisation": so_y_te.pk, "title": "Chuyên viên", "is_communicator": "on",
         "communication_duties": "Viết tin, bài", "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    person = Person.objects.get(full_name="Phạm Văn Mới")
    assert person.is_communicator and person.communication_duties == "Viết tin, bài"


def test_the_page_queries_do_not_grow_with_people(
    leader: User, so_y_te: Organisation, so_tu_phap: Organisation
) -> None:
    client = client_for(leader)

    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("org:network")).status_code == 200
        return len(queries)

    first = communicator(so_y_te, "Một")
    session = TrainingSession.objects.create(held_on=date(2026, 5, 12), topic="Lớp 1")
    TrainingAttendee.objects.create(session=session, person=first)
    small = counted()
    for number in range(4):
        person = communicator(so_tu_phap if number % 2 else so_y_te, f"Người {number}")
        TrainingAttendee.objects.create(session=session, person=person)
    assert counted() == small <= 10


def test_the_xlsx_lists_people_trainings_and_gaps(press_officer: User, so_y_te: Organisation) -> None:
    person = communicator(so_y_te, "Nguyễn Thị Truyền")
    session = TrainingSession.objects.create(held_on=date(2026, 5, 12), topic="Kỹ năng viết tin")
    TrainingAttendee.objects.create(session=session, person=person, attendance=Attendance.ABSENT)
    response = client_for(press_officer).get(reverse("org:network_export"))
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Mạng lưới"].iter_rows(min_row=3, values_only=True))
    assert rows == [(1, "Sở, ban, ngành tỉnh", "Sở Y tế", "Nguyễn Thị Truyền", "Chuyên viên Văn phòng",
                     f"Quản trị trang thông tin điện tử {HOSTILE}", "0208 3855 111", "truyenthong@example.gov.vn",
                     "Kỹ năng viết tin (12/05/2026, Vắng mặt)")]  # fmt: skip
    missing = [row[1] for row in book["Chưa có cán bộ"].iter_rows(min_row=2, values_only=True)]
    assert "Sở Tư pháp" in missing and "Sở Y tế" not in missing
