"""The spokesperson registry (Decree 09/2017): coverage per kind, head vs assigned deputy, out-of-date data,
confirmation, role scoping, the exports read back and the public directory."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from lantoa.accounts.models import User
from lantoa.audit.models import AuditEvent
from lantoa.org import registry, services
from lantoa.org.models import Organisation, OrganisationKind, Person, SpokespersonBasis
from lantoa.testing.factories import HOSTILE, PersonFactory, unescaped
from lantoa.testing.fixtures import client_for

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 15)


def spokesperson(organisation: Organisation, **values: Any) -> Person:
    defaults: dict[str, Any] = {
        "full_name": f"Trần Văn Phát {HOSTILE}", "title": "Giám đốc", "organisation": organisation,
        "phone": "0208 3855 001", "email": "phatngon@example.gov.vn", "is_spokesperson": True,
        "confirmed_on": date(2026, 1, 10),
    }  # fmt: skip
    defaults.update(values)
    return services.do_create_person(None, defaults)


def commune(code: str = "") -> Organisation:
    found = Organisation.objects.filter(kind=OrganisationKind.COMMUNE).order_by("code")
    return found.get(code=code) if code else found.first()  # type: ignore[return-value]


@pytest.fixture
def registry_data(so_y_te: Organisation, so_tu_phap: Organisation) -> dict[str, Person]:
    head = spokesperson(so_y_te, note="Số riêng: 0912 000 000 (không công bố)")
    deputy = spokesperson(
        so_tu_phap, full_name="Lê Thị Phó", title="Phó Giám đốc", spokesperson_basis=SpokespersonBasis.ASSIGNED,
        authorisation_number="125/QĐ-STP", authorisation_date=date(2024, 5, 2), confirmed_on=date(2025, 3, 14),
    )  # fmt: skip
    provider = services.do_create_person(
        None, {"full_name": "Đỗ Văn Tin", "title": "Chánh Văn phòng", "organisation": so_y_te,
               "phone": "0208 3855 002", "email": "vanphong@example.gov.vn", "is_information_provider": True},
    )  # fmt: skip
    chair = spokesperson(commune(), full_name="Hoàng Văn Chủ", title="Chủ tịch UBND", email="")
    return {"head": head, "deputy": deputy, "provider": provider, "chair": chair}


def test_coverage_counts_departments_and_communes(registry_data: dict[str, Person]) -> None:
    found = registry.entries(Organisation.objects.all(), TODAY)
    departments, communes = registry.coverage(found)
    total_departments = Organisation.objects.filter(kind="department", is_active=True).count()
    assert (departments.kind, departments.total, departments.with_spokesperson) == ("department", total_departments, 2)
    assert len(departments.missing) == total_departments - 2
    assert departments.percent == round(200 / total_departments, 1)
    # The deputy's data was confirmed 12 months and a day ago: out of date; the head's is fresh.
    assert [entry.organisation.code for entry in departments.stale] == ["so-tu-phap"]
    assert departments.stale[0].problems == ["xác nhận quá 12 tháng (14/03/2025)"]
    assert (communes.total, communes.with_spokesperson, len(communes.missing)) == (92, 1, 91)
    assert [entry.problems for entry in communes.stale] == [["thiếu thư điện tử"]]
    so_y_te = next(entry for entry in found if entry.organisation.code == "so-y-te")
    assert so_y_te.spokesperson == registry_data["head"] and so_y_te.providers == [registry_data["provider"]]
    assert not so_y_te.is_stale


def test_full_coverage_is_complete() -> None:
    organisations = Organisation.objects.filter(kind="department", is_active=True)
    for organisation in organisations:
        spokesperson(organisation)
    departments, communes = registry.coverage(registry.entries(Organisation.objects.all(), TODAY))
    assert departments.complete and departments.percent == 100.0 and not departments.missing
    assert not communes.complete


def test_twelve_months_boundary_and_missing_confirmation(so_y_te: Organisation) -> None:
    person = spokesperson(so_y_te, confirmed_on=date(2025, 3, 15))
    assert registry.problems_of(person, registry.months_before(TODAY, 12)) == []
    person.confirmed_on = None
    assert registry.problems_of(person, registry.months_before(TODAY, 12)) == ["chưa xác nhận"]
    assert registry.months_before(date(2028, 2, 29), 12) == date(2027, 2, 28)
    assert registry.months_before(date(2026, 1, 31), 2) == date(2025, 11, 30)


def test_an_assigned_spokesperson_needs_the_written_authorisation(so_y_te: Organisation) -> None:
    with pytest.raises(ValidationError) as caught:
        spokesperson(so_y_te, spokesperson_basis=SpokespersonBasis.ASSIGNED)
    assert set(caught.value.message_dict) == {"authorisation_number", "authorisation_date"}
    assert not Person.objects.filter(organisation=so_y_te).exists()


def test_confirming_updates_the_date_and_is_audited(
    registry_data: dict[str, Person], agency_officer: User, so_y_te: Organisation, so_tu_phap: Organisation
) -> None:
    assert services.do_confirm_registry(agency_officer, so_y_te, TODAY) == 2
    assert set(Person.objects.filter(organisation=so_y_te).values_list("confirmed_on", flat=True)) == {TODAY}
    event = AuditEvent.objects.get(action="org.registry.confirm")
    assert event.organisation == so_y_te and "Đỗ Văn Tin" in event.summary
    with pytest.raises(PermissionDenied):
        services.do_confirm_registry(agency_officer, so_tu_phap, TODAY)
    with pytest.raises(ValidationError):
        services.do_confirm_registry(None, Organisation.objects.get(code="so-noi-vu"), TODAY)


def test_the_registry_page_per_persona(
    registry_data: dict[str, Person], press_officer: User, agency_officer: User, leader: User, outsider: User
) -> None:
    url = reverse("org:registry")
    everything = client_for(press_officer).get(url)
    assert everything.status_code == 200
    body = everything.content.decode()
    assert not unescaped(body) and "Trần Văn Phát &lt;script&gt;" in body
    assert [row.total for row in everything.context["coverage"]] == [
        Organisation.objects.filter(kind=kind, is_active=True).count() for kind in ("department", "commune")
    ]
    own = client_for(agency_officer).get(url)
    assert [(row.total, row.with_spokesperson) for row in own.context["coverage"]] == [(1, 1), (0, 0)]
    assert [entry.organisation.code for entry in own.context["entries"]] == ["so-y-te"]
    assert "Lê Thị Phó" not in own.content.decode()
    read_only = client_for(leader).get(url)
    assert read_only.status_code == 200 and read_only.context["confirmable"] == set()
    assert client_for(outsider).get(url).status_code == 403
    missing = client_for(press_officer).get(url, {"loai": "commune", "tinh-trang": "missing"})
    assert len(missing.context["entries"]) == 91
    stale = client_for(press_officer).get(url, {"tinh-trang": "stale"})
    assert {entry.organisation.code for entry in stale.context["entries"]} == {"so-tu-phap", commune().code}


def test_the_registry_page_runs_a_fixed_number_of_queries(
    press_officer: User, django_assert_max_num_queries: Any
) -> None:
    for organisation in Organisation.objects.filter(kind="commune")[:30]:
        PersonFactory(organisation=organisation, is_spokesperson=True)
        PersonFactory(organisation=organisation, is_information_provider=True)
    client = client_for(press_officer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("org:registry"))
    assert response.status_code == 200


def test_the_confirm_button_posts_through_the_service(registry_data: dict[str, Person], agency_officer: User) -> None:
    client = client_for(agency_officer)
    response = client.post(reverse("org:registry_confirm", args=[registry_data["head"].organisation_id]))
    assert response.status_code == 302
    registry_data["head"].refresh_from_db()
    assert registry_data["head"].confirmed_on is not None
    other = client.post(reverse("org:registry_confirm", args=[registry_data["deputy"].organisation_id]))
    assert other.status_code == 403
    evil = client.post(
        reverse("org:registry_confirm", args=[registry_data["head"].organisation_id]), {"next": "//evil.example/"}
    )
    assert evil["Location"] == reverse("org:registry")


def test_the_word_export_reads_back(registry_data: dict[str, Person], press_officer: User) -> None:
    response = client_for(press_officer).get(reverse("org:registry_export", args=["docx"]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert registry.TITLE in text
    rows = [[cell.text for cell in row.cells] for table in document.tables[1:-1] for row in table.rows]
    names = {row[2]: row for row in rows}
    assert names["Lê Thị Phó"][4] == "Người phát ngôn (được giao) — văn bản số 125/QĐ-STP ngày 02/05/2024"
    assert names[f"Trần Văn Phát {HOSTILE}"][4] == "Người phát ngôn (người đứng đầu)"
    assert names["Đỗ Văn Tin"][4] == "Người được giao cung cấp thông tin"
    assert names["Hoàng Văn Chủ"][1] == commune().name
    assert "Chưa có người phát ngôn" in text and "Sở Nội vụ" in text
    assert "0912 000 000" not in text  # internal notes stay out


def test_the_excel_export_reads_back(registry_data: dict[str, Person], agency_officer: User) -> None:
    response = client_for(agency_officer).get(reverse("org:registry_export", args=["xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Danh sách"]
    assert sheet["A1"].value.startswith(registry.TITLE)
    assert [cell.value for cell in sheet[2]] == registry.XLSX_HEADINGS
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert [row[3] for row in rows] == [f"Trần Văn Phát {HOSTILE}", "Đỗ Văn Tin"]  # only their own organisation
    assert rows[0][5] == "Người phát ngôn (người đứng đầu)" and rows[0][10].date() == date(2026, 1, 10)
    assert book["Chưa có người phát ngôn"].max_row == 1  # Sở Y tế has one
    assert client_for(agency_officer).get(reverse("org:registry_export", args=["pdf"])).status_code == 404


def test_the_public_directory_shows_official_data_only(registry_data: dict[str, Person], so_y_te: Organisation) -> None:
    services.do_create_person(
        None, {"full_name": "Cán Bộ Thường", "organisation": so_y_te, "phone": "0208 1", "email": "x@example.gov.vn"}
    )
    services.do_create_person(
        None, {"full_name": "Người Đã Nghỉ", "organisation": so_y_te, "is_information_provider": True,
               "is_active": False},
    )  # fmt: skip
    response = Client().get(reverse("briefings_public:spokespersons"))
    assert response.status_code == 200
    body = response.content.decode()
    assert not unescaped(body) and "Trần Văn Phát &lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in body
    for shown in ("Lê Thị Phó", "Đỗ Văn Tin", "0208 3855 001", "phatngon@example.gov.vn", "Sở Y tế"):
        assert shown in body
    for hidden in ("0912 000 000", "Cán Bộ Thường", "Người Đã Nghỉ", "125/QĐ-STP"):
        assert hidden not in body
