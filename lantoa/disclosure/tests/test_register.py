"""The register: due dates from the categories, validation and scope, the overdue/missing matrix (query count
bounded), the public catalogue (published entries only, escaped) and the Atom feeds (valid, escaped)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from lantoa.accounts.models import User
from lantoa.audit.models import AuditEvent
from lantoa.disclosure import register
from lantoa.disclosure.categories import all_categories
from lantoa.disclosure.models import DisclosureEntry
from lantoa.disclosure.tests.conftest import TODAY, entry, published
from lantoa.org.models import Organisation
from lantoa.testing.factories import HOSTILE, HOSTILE_ESCAPED, unescaped
from lantoa.testing.fixtures import client_for

pytestmark = pytest.mark.django_db
ESCAPED = HOSTILE_ESCAPED  # both payloads, shown as text
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_categories_cite_the_law_and_none_claims_to_be_verified() -> None:
    categories = all_categories()
    codes = [category.code for category in categories]
    assert len(codes) == len(set(codes)) >= 12
    assert {"van-ban-qppl", "du-thao-lay-y-kien", "du-toan-ngan-sach", "dau-tu-cong-mua-sam", "bang-gia-dat",
            "quy-hoach-su-dung-dat", "danh-muc-cong-khai"} <= set(codes)  # fmt: skip
    assert all(category.article.startswith("Điều 17") for category in categories)
    assert not any(category.verified for category in categories)


def test_the_due_date_follows_the_category_and_moves_past_tet(press_officer: User, so_y_te: Organisation) -> None:
    # Budget estimates: 30 days from approval. Issued 20/01/2026: day 30 is 19/02, inside Tết 2026 → 23/02/2026.
    budget = entry(press_officer, so_y_te)
    assert budget.due_on == date(2026, 2, 23)
    assert budget.is_overdue(TODAY) and not budget.is_overdue(date(2026, 2, 23))
    # No period known: no due date, never overdue; an explicit due date wins.
    law = entry(press_officer, so_y_te, category="van-ban-qppl", title="Quyết định quy định")
    assert law.due_on is None and not law.is_overdue(TODAY)
    chosen = entry(press_officer, so_y_te, category="van-ban-qppl", due_on=date(2026, 3, 1))
    assert chosen.due_on == date(2026, 3, 1)
    late = published(press_officer, so_y_te, published_on=date(2026, 3, 2))
    assert late.published_late and not late.is_overdue(TODAY)
    assert AuditEvent.objects.filter(action="disclosure.entry.create").count() == 4


def test_publishing_an_entry_is_audited_and_validated(press_officer: User, so_y_te: Organisation) -> None:
    created = entry(press_officer, so_y_te)
    values = {name: getattr(created, name) for name in register.ENTRY_FIELDS}
    with pytest.raises(ValidationError) as refused:
        register.do_save_entry(press_officer, {**values, "published_on": date(2026, 2, 1)}, created, today=TODAY)
    assert "Hãy chọn hình thức công khai (Điều 18)." in refused.value.message_dict["form"]
    with pytest.raises(ValidationError) as refused:
        register.do_save_entry(
            press_officer, {**values, "published_on": date(2026, 2, 1), "form": "portal"}, created, today=TODAY
        )
    assert "cần có đường dẫn" in refused.value.message_dict["url"][0]
    with pytest.raises(ValidationError) as refused:
        register.do_save_entry(press_officer, {**values, "published_on": date(2026, 1, 1), "form": "notice"}, created)
    assert "không được trước ngày ban hành" in refused.value.message_dict["published_on"][0]
    register.do_save_entry(
        press_officer, {**values, "published_on": date(2026, 2, 1), "form": "notice"}, created, today=TODAY
    )
    event = AuditEvent.objects.get(action="disclosure.entry.publish")
    assert event.changes["published_on"] == [None, "2026-02-01"]


def test_categories_must_apply_to_the_kind_of_organisation(press_officer: User, so_y_te: Organisation) -> None:
    # Land prices are the People's Committees' (province, communes), not a department's.
    with pytest.raises(ValidationError) as refused:
        entry(press_officer, so_y_te, category="bang-gia-dat")
    assert "không áp dụng" in refused.value.message_dict["category"][0]
    with pytest.raises(ValidationError) as refused:
        entry(press_officer, so_y_te, category="khong-co", title=" ", issued_on=None)
    assert set(refused.value.message_dict) == {"category", "title", "issued_on"}


def test_an_agency_keeps_only_its_own_register(
    agency_officer: User, so_y_te: Organisation, so_tu_phap: Organisation, press_officer: User, leader: User
) -> None:
    mine = entry(agency_officer, so_y_te)
    with pytest.raises(ValidationError) as refused:
        entry(agency_officer, so_tu_phap)
    assert "của cơ quan mình" in refused.value.message_dict["organisation"][0]
    other = entry(press_officer, so_tu_phap, title="Dự toán Sở Tư pháp")
    assert list(register.visible_entries(agency_officer)) == [mine]
    assert client_for(agency_officer).get(reverse("disclosure:entry_edit", args=[other.pk])).status_code == 404
    assert client_for(agency_officer).get(reverse("disclosure:entry_edit", args=[mine.pk])).status_code == 200
    with pytest.raises(PermissionDenied):
        entry(leader, so_y_te)
    assert client_for(leader).get(reverse("disclosure:register")).status_code == 200
    assert client_for(leader).get(reverse("disclosure:entry_create")).status_code == 403


def test_the_entry_form_saves_and_shows_errors_in_vietnamese(press_officer: User, so_y_te: Organisation) -> None:
    client = client_for(press_officer)
    response = client.post(reverse("disclosure:entry_create"), {"organisation": so_y_te.pk, "issued_on": "31/02/2026"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy." in page
    response = client.post(reverse("disclosure:entry_create"), {"organisation": so_y_te.pk, "issued_on": "20/01/2026"})
    assert response.status_code == 400 and "Hãy nhập tên thông tin, văn bản." in response.content.decode()
    assert not DisclosureEntry.objects.exists()
    response = client.post(
        reverse("disclosure:entry_create"),
        {"organisation": so_y_te.pk, "category": "du-toan-ngan-sach", "title": f"Dự toán {HOSTILE}",
         "issued_on": "20/01/2026", "form": "portal", "published_on": "10/02/2026",
         "url": "https://syt.thainguyen.gov.vn/a"},
    )  # fmt: skip
    assert response.status_code == 302
    saved = DisclosureEntry.objects.get()
    assert (saved.due_on, saved.published_on) == (date(2026, 2, 23), date(2026, 2, 10))
    page = client.get(reverse("disclosure:register")).content.decode()
    assert ESCAPED in page and not unescaped(page) and "10/02/2026" in page


def test_the_matrix_counts_overdue_and_missing_in_a_bounded_number_of_queries(
    press_officer: User, so_y_te: Organisation, so_tu_phap: Organisation, django_assert_max_num_queries: Any
) -> None:
    entry(press_officer, so_y_te)  # due 23/02/2026, unpublished: overdue
    entry(press_officer, so_y_te, title="Dự toán bổ sung")  # a second overdue one
    published(press_officer, so_tu_phap)  # published 10/02/2026: the yearly budget estimate is there
    published(
        press_officer,
        so_tu_phap,
        category="danh-muc-cong-khai",
        issued_on=date(2025, 5, 20),
        published_on=date(2025, 6, 1),
    )
    with django_assert_max_num_queries(4):
        built = register.matrix(press_officer, today=TODAY)
    codes = [category.code for category in built.categories]
    rows = {row.organisation.code: row for row in built.rows}
    assert len(rows) > 50  # departments and the 92 communes' committees all keep a register
    budget, catalogue = codes.index("du-toan-ngan-sach"), codes.index("danh-muc-cong-khai")
    health, justice = rows["so-y-te"], rows["so-tu-phap"]
    assert health.cells[budget].overdue == 2 and health.cells[budget].missing
    assert justice.cells[budget].overdue == 0 and not justice.cells[budget].missing
    assert justice.cells[budget].published == 1
    # The catalogue was published 01/06/2025: more than 12 months before 26/11/2026 → missing again.
    assert justice.cells[catalogue].missing and justice.cells[catalogue].last_published == date(2025, 6, 1)
    assert not health.cells[codes.index("bang-gia-dat")].applies
    assert health.overdue == 2 and built.column_overdue[budget] == 2
    # More organisations do not mean more queries: the count is per page, not per row.
    client = client_for(press_officer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("disclosure:matrix"))
    assert page.status_code == 200 and "Sở Y tế" in page.content.decode()


def test_an_agency_sees_only_its_own_row(agency_officer: User) -> None:
    built = register.matrix(agency_officer, today=TODAY)
    assert [row.organisation.code for row in built.rows] == ["so-y-te"]


def test_the_public_catalogue_shows_published_entries_only_escaped(press_officer: User, so_y_te: Organisation) -> None:
    entry(press_officer, so_y_te, title="Chưa công khai: dự thảo nội bộ")
    published(press_officer, so_y_te)
    anonymous = Client()
    page = anonymous.get(reverse("disclosure_public:catalogue", args=["so-y-te"])).content.decode()
    assert "Chưa công khai" not in page
    assert f"Dự toán ngân sách 2026 {ESCAPED}" in page and not unescaped(page)
    assert 'href="https://syt.thainguyen.gov.vn/du-toan"' in page and "10/02/2026" in page
    index = anonymous.get(reverse("disclosure_public:index")).content.decode()
    assert "Sở Y tế" in index and "Sở Tư pháp" not in index
    assert anonymous.get(reverse("disclosure_public:catalogue", args=["khong-co"])).status_code == 404


def test_the_atom_feeds_are_valid_escaped_and_per_organisation(
    press_officer: User, so_y_te: Organisation, so_tu_phap: Organisation
) -> None:
    entry(press_officer, so_y_te, title="Chưa công khai")
    published(press_officer, so_y_te)
    published(press_officer, so_tu_phap, title="Dự toán Sở Tư pháp", url="https://stp.thainguyen.gov.vn/dt")
    combined = Client().get(reverse("disclosure_public:atom"))
    assert combined["Content-Type"].startswith("application/atom+xml")
    body = combined.content.decode()
    assert "<script>" not in body and "&lt;script&gt;" in body
    root = ET.fromstring(combined.content)  # noqa: S314 - our own output
    assert root.tag == f"{ATOM}feed"
    titles = [node.findtext(f"{ATOM}title") for node in root.findall(f"{ATOM}entry")]
    assert sorted(titles) == sorted([f"Dự toán ngân sách 2026 {HOSTILE}", "Dự toán Sở Tư pháp"])
    for node in root.findall(f"{ATOM}entry"):
        assert node.findtext(f"{ATOM}id") and node.findtext(f"{ATOM}updated")
    own = Client().get(reverse("disclosure_public:org_atom", args=["so-tu-phap"]))
    root = ET.fromstring(own.content)  # noqa: S314 - our own output
    entries = root.findall(f"{ATOM}entry")
    assert [node.findtext(f"{ATOM}title") for node in entries] == ["Dự toán Sở Tư pháp"]
    assert entries[0].find(f"{ATOM}link").get("href") == "https://stp.thainguyen.gov.vn/dt"  # type: ignore[union-attr]
