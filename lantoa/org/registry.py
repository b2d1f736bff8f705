"""The spokesperson registry of Decree 09/2017/NĐ-CP: for every department and every commune/ward, its spokesperson
(the head, or a person assigned in writing) and the persons authorised to inform the press, with official contacts
and the date the organisation last confirmed them.

Coverage is the provincial plan's KPI (100 %): per kind, how many organisations have a spokesperson, which have none,
and which have out-of-date data (not confirmed in the last 12 months, or a spokesperson without phone or e-mail).
Reading only; changes go through ``services``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from lantoa.core import docx30, xlsx
from lantoa.org.models import Organisation, OrganisationKind, Person, SpokespersonBasis

# The kinds the KPI counts (the plan: every department and every commune/ward).
COVERED_KINDS = (OrganisationKind.DEPARTMENT, OrganisationKind.COMMUNE)
# The public directory also lists the provincial People's Committee.
DIRECTORY_KINDS = (OrganisationKind.PROVINCE, *COVERED_KINDS)
STALE_AFTER_MONTHS = 12
TITLE = "DANH SÁCH NGƯỜI PHÁT NGÔN VÀ NGƯỜI ĐƯỢC GIAO CUNG CẤP THÔNG TIN CHO BÁO CHÍ"


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (the last day of that month when it is shorter: 29/02 → 28/02)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass
class Entry:
    organisation: Organisation
    spokesperson: Person | None
    providers: list[Person]
    problems: list[str] = field(default_factory=list)  # why the entry is out of date

    @property
    def people(self) -> list[Person]:
        return ([self.spokesperson] if self.spokesperson else []) + self.providers

    @property
    def has_spokesperson(self) -> bool:
        return self.spokesperson is not None

    @property
    def is_stale(self) -> bool:
        return self.has_spokesperson and bool(self.problems)


@dataclass
class KindCoverage:
    kind: str
    label: str
    total: int
    with_spokesperson: int
    missing: list[Entry]
    stale: list[Entry]

    @property
    def percent(self) -> float:
        return round(100 * self.with_spokesperson / self.total, 1) if self.total else 0.0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.with_spokesperson == self.total


def registry_people() -> QuerySet[Person]:
    return Person.objects.filter(is_active=True).filter(Q(is_spokesperson=True) | Q(is_information_provider=True))


def entries(organisations: QuerySet[Organisation], today: date, kinds: Sequence[str] = COVERED_KINDS) -> list[Entry]:
    """One entry per active organisation of ``kinds`` in ``organisations`` (two queries in all)."""
    found = (
        organisations.filter(kind__in=kinds, is_active=True)
        .select_related(None)
        .prefetch_related(
            Prefetch(
                "people",
                queryset=registry_people().order_by("-is_spokesperson", "full_name"),
                to_attr="registry",
            )
        )
        .order_by("sort_order", "name")
    )
    threshold = months_before(today, STALE_AFTER_MONTHS)
    result = []
    for organisation in found:
        people: list[Person] = organisation.registry
        spokesperson = next((person for person in people if person.is_spokesperson), None)
        providers = [person for person in people if not person.is_spokesperson]
        entry = Entry(organisation, spokesperson, providers)
        if spokesperson is not None:
            entry.problems = problems_of(spokesperson, threshold)
        result.append(entry)
    kind_order = {kind: index for index, kind in enumerate(kinds)}
    result.sort(key=lambda entry: kind_order[entry.organisation.kind])
    return result


def problems_of(person: Person, threshold: date) -> list[str]:
    problems = []
    if person.confirmed_on is None:
        problems.append(_("chưa xác nhận"))
    elif person.confirmed_on < threshold:
        problems.append(_("xác nhận quá 12 tháng (%(day)s)") % {"day": f"{person.confirmed_on:%d/%m/%Y}"})
    if not person.phone.strip():
        problems.append(_("thiếu điện thoại"))
    if not person.email.strip():
        problems.append(_("thiếu thư điện tử"))
    return problems


def coverage(found: Iterable[Entry], kinds: Sequence[str] = COVERED_KINDS) -> list[KindCoverage]:
    labels = dict(OrganisationKind.choices)
    by_kind: dict[str, list[Entry]] = {kind: [] for kind in kinds}
    for entry in found:
        by_kind.setdefault(entry.organisation.kind, []).append(entry)
    return [
        KindCoverage(
            kind=kind,
            label=str(labels[kind]),
            total=len(items),
            with_spokesperson=sum(1 for entry in items if entry.has_spokesperson),
            missing=[entry for entry in items if not entry.has_spokesperson],
            stale=[entry for entry in items if entry.is_stale],
        )
        for kind, items in by_kind.items()
    ]


# --- the list as sent to the press authority ---------------------------------------------------------------------
def role_text(person: Person) -> str:
    if not person.is_spokesperson:
        text = _("Người được giao cung cấp thông tin")
    elif person.spokesperson_basis == SpokespersonBasis.HEAD:
        return _("Người phát ngôn (người đứng đầu)")
    else:
        text = _("Người phát ngôn (được giao)")
    if person.authorisation_number:
        text += " — " + _("văn bản số %(number)s") % {"number": person.authorisation_number}
        if person.authorisation_date:
            text += " " + _("ngày %(day)s") % {"day": f"{person.authorisation_date:%d/%m/%Y}"}
    return text


def export_rows(found: Iterable[Entry]) -> list[tuple[Entry, Person]]:
    return [(entry, person) for entry in found for person in entry.people]


def docx_bytes(found: Sequence[Entry], today: date) -> bytes:
    header = docx30.Header(
        parent_body=getattr(settings, "DIGEST_PARENT_BODY", "UBND TỈNH THÁI NGUYÊN"),
        body=getattr(settings, "DIGEST_BODY", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"),
        number=f"Số:      /DS-{getattr(settings, 'DIGEST_BODY_ABBREVIATION', 'SVHTTDL')}",
        place=getattr(settings, "DIGEST_PLACE", "Thái Nguyên"),
        day=today,
    )
    document = docx30.OfficialDocument(header, TITLE, _("(Theo Nghị định số 09/2017/NĐ-CP của Chính phủ)"))
    labels = dict(OrganisationKind.choices)
    number = 0
    for kind in dict.fromkeys(entry.organisation.kind for entry in found):
        document.heading(str(labels[kind]))
        rows = []
        for entry, person in export_rows(e for e in found if e.organisation.kind == kind):
            number += 1
            rows.append(
                [str(number), entry.organisation.name, person.full_name, person.title, role_text(person),
                 person.phone, person.email]
            )  # fmt: skip
        headings = ["TT", "Cơ quan, đơn vị", "Họ và tên", "Chức vụ", "Vai trò", "Điện thoại", "Thư điện tử"]
        document.table(headings, rows, [1.0, 3.2, 2.6, 2.4, 3.0, 2.2, 2.6])
    missing = [entry.organisation.name for entry in found if not entry.has_spokesperson]
    if missing:
        document.paragraph(
            [("b", _("Chưa có người phát ngôn (%(count)d): ") % {"count": len(missing)}), ("", "; ".join(missing))]
        )
    document.closing(
        docx30.Recipients(["- Cục Báo chí, Bộ VHTTDL;", "- UBND tỉnh (b/c);", "- Lưu: VT."]),
        docx30.Signature(),
    )
    return document.to_bytes()


XLSX_HEADINGS = [
    "TT", "Loại", "Cơ quan, đơn vị", "Họ và tên", "Chức vụ", "Vai trò", "Số văn bản giao", "Ngày văn bản",
    "Điện thoại", "Thư điện tử", "Xác nhận lần cuối", "Cần cập nhật",
]  # fmt: skip


def xlsx_bytes(found: Sequence[Entry], today: date) -> bytes:
    threshold = months_before(today, STALE_AFTER_MONTHS)
    rows: list[list[xlsx.Cell]] = []
    for number, (entry, person) in enumerate(export_rows(found), 1):
        rows.append(
            [number, entry.organisation.get_kind_display(), entry.organisation.name, person.full_name, person.title,
             role_text(person).split(" — ")[0], person.authorisation_number, person.authorisation_date,
             person.phone, person.email, person.confirmed_on, "; ".join(problems_of(person, threshold))]
        )  # fmt: skip
    missing: list[list[xlsx.Cell]] = [
        [entry.organisation.get_kind_display(), entry.organisation.name]
        for entry in found
        if not entry.has_spokesperson
    ]
    sheets = [
        xlsx.Sheet("Danh sách", XLSX_HEADINGS, rows, title=f"{TITLE} (cập nhật {today:%d/%m/%Y})"),
        xlsx.Sheet("Chưa có người phát ngôn", ["Loại", "Cơ quan, đơn vị"], missing),
    ]
    return xlsx.workbook_bytes(sheets)
