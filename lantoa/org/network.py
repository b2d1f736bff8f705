"""The provincial network of policy communicators (plan II.4): in every department and commune/ward, the people
assigned to policy communication (``Person.is_communicator``), their duties and contacts, the training they had
(issue G's ``plans.TrainingAttendee``), and the gaps — organisations with nobody assigned — counted per kind like the
spokesperson registry's coverage. Reading only; people are changed through ``services``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from lantoa.core import xlsx
from lantoa.org.models import Organisation, OrganisationKind, Person
from lantoa.org.registry import COVERED_KINDS

if TYPE_CHECKING:
    from lantoa.plans.models import TrainingAttendee


@dataclass
class Entry:
    organisation: Organisation
    communicators: list[Person]
    trainings: dict[int, list[TrainingAttendee]] = field(default_factory=dict)  # person id → attendances

    @property
    def covered(self) -> bool:
        return bool(self.communicators)

    @property
    def rows(self) -> list[tuple[Person, list[TrainingAttendee]]]:
        return [(person, self.trainings.get(person.pk, [])) for person in self.communicators]


@dataclass
class KindCoverage:
    kind: str
    label: str
    total: int
    covered: int
    missing: list[Entry]

    @property
    def percent(self) -> float:
        return round(100 * self.covered / self.total, 1) if self.total else 0.0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.covered == self.total


def communicators() -> QuerySet[Person]:
    return Person.objects.filter(is_active=True, is_communicator=True)


def trainings_by_person(person_ids: Iterable[int]) -> dict[int, list[TrainingAttendee]]:
    """Every training session each person was called to (with the attendance), newest first; one query."""
    from lantoa.plans.models import TrainingAttendee

    found: dict[int, list[TrainingAttendee]] = defaultdict(list)
    rows = (
        TrainingAttendee.objects.filter(person_id__in=list(person_ids))
        .select_related("session")
        .order_by("-session__held_on", "-session_id")
    )
    for attendee in rows:
        found[attendee.person_id].append(attendee)
    return dict(found)


def trainings_for(person: Person) -> list[TrainingAttendee]:
    """The training history of one person (issue G's training sessions)."""
    return trainings_by_person([person.pk]).get(person.pk, [])


def entries(organisations: QuerySet[Organisation], kinds: Sequence[str] = COVERED_KINDS) -> list[Entry]:
    """One entry per active organisation of ``kinds`` (three queries in all, whatever the number of people)."""
    found = (
        organisations.filter(kind__in=kinds, is_active=True)
        .select_related(None)
        .prefetch_related(Prefetch("people", queryset=communicators().order_by("full_name"), to_attr="network"))
        .order_by("sort_order", "name")
    )
    result = [Entry(organisation, list(organisation.network)) for organisation in found]
    trainings = trainings_by_person(person.pk for entry in result for person in entry.communicators)
    for entry in result:
        entry.trainings = {person.pk: trainings.get(person.pk, []) for person in entry.communicators}
    kind_order = {kind: index for index, kind in enumerate(kinds)}
    result.sort(key=lambda entry: kind_order[entry.organisation.kind])
    return result


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
            covered=sum(1 for entry in items if entry.covered),
            missing=[entry for entry in items if not entry.covered],
        )
        for kind, items in by_kind.items()
    ]


def xlsx_bytes(found: Sequence[Entry], today: date) -> bytes:
    rows: list[list[xlsx.Cell]] = []
    for entry in found:
        for person in entry.communicators:
            history = "; ".join(
                f"{attendee.session.topic} ({attendee.session.held_on:%d/%m/%Y}, {attendee.get_attendance_display()})"
                for attendee in entry.trainings.get(person.pk, [])
            )
            rows.append([len(rows) + 1, entry.organisation.get_kind_display(), entry.organisation.name,
                         person.full_name, person.title, person.communication_duties, person.phone, person.email,
                         history])  # fmt: skip
    missing: list[list[xlsx.Cell]] = [
        [entry.organisation.get_kind_display(), entry.organisation.name] for entry in found if not entry.covered
    ]
    headings = [_("TT"), _("Loại"), _("Cơ quan, đơn vị"), _("Họ và tên"), _("Chức vụ"), _("Nhiệm vụ truyền thông"),
                _("Điện thoại"), _("Thư điện tử"), _("Tập huấn")]  # fmt: skip
    title = _("Mạng lưới cán bộ truyền thông chính sách (cập nhật %(day)s)") % {"day": f"{today:%d/%m/%Y}"}
    return xlsx.workbook_bytes([
        xlsx.Sheet(_("Mạng lưới"), headings, rows, title=title),
        xlsx.Sheet(_("Chưa có cán bộ"), [_("Loại"), _("Cơ quan, đơn vị")], missing),
    ])  # fmt: skip
