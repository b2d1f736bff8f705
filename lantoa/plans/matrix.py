"""The press office's matrix: organisations × tasks, each cell the state of the occurrence that covers the chosen
month (the month itself for monthly work, its quarter for quarterly tasks, the year for yearly ones).

Built from three queries whatever the size (tasks, organisations, occurrences as plain tuples): 110 organisations ×
29 tasks is ~3,000 cells, and model instances per cell would cost more than the page. See bench/plans.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.accounts.permissions import scoped_organisation_ids
from lantoa.core import xlsx
from lantoa.core.xlsx import Sheet, workbook_bytes
from lantoa.org.models import Organisation, OrganisationKind
from lantoa.plans.models import FIGURES, LATE, STATE_CHOICES, Occurrence, Plan, Status, Task, state_of


@dataclass
class Cell:
    occurrence_id: int
    state: str
    due_on: date
    label: str
    figures: int  # the sum of the reported counts, a hint of volume in the cell


@dataclass
class Row:
    organisation: Organisation
    cells: list[Cell | None]
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Matrix:
    plan: Plan
    month: date
    tasks: list[Task]
    rows: list[Row]
    totals: dict[str, int]


def month_of(plan: Plan, raw: str | None, today: date | None = None) -> date:
    """The month asked for ("2026-03"), else the current month, kept inside the plan's year."""
    today = today or timezone.localdate()
    if raw:
        try:
            year, month = (int(part) for part in raw.split("-", 1))
            if year == plan.year and 1 <= month <= 12:
                return date(year, month, 1)
        except ValueError:
            pass
    if today.year == plan.year:
        return today.replace(day=1)
    return date(plan.year, 12 if today.year > plan.year else 1, 1)


def build(
    actor: User,
    plan: Plan,
    month: date,
    *,
    kind: str = "",
    state: str = "",
    section: str = "",
    today: date | None = None,
) -> Matrix:
    """The matrix as ``actor`` may see it (a scoped user sees only their own rows). ``state`` keeps the rows having
    at least one cell in that state; ``kind`` filters organisations; ``section`` keeps one part or section."""
    today = today or timezone.localdate()
    tasks_qs = Task.objects.filter(plan=plan).order_by("position")
    if section:
        tasks_qs = tasks_qs.filter(Q(section__code=section) | Q(section__part=section))
    tasks = list(tasks_qs)
    column = {task.pk: index for index, task in enumerate(tasks)}
    occurrences = Occurrence.objects.filter(
        assignment__task__in=[task.pk for task in tasks], period_start__lte=month, period_end__gte=month
    )
    organisations = Organisation.objects.filter(plan_assignments__task__in=[task.pk for task in tasks]).distinct()
    scope = scoped_organisation_ids(actor)
    if scope is not None:
        occurrences = occurrences.filter(assignment__organisation_id__in=scope)
        organisations = organisations.filter(pk__in=scope)
    if kind in OrganisationKind.values:
        organisations = organisations.filter(kind=kind)
        occurrences = occurrences.filter(assignment__organisation__kind=kind)
    grid: dict[int, list[Cell | None]] = {}
    labels = dict(STATE_CHOICES)
    rows_values = occurrences.values_list(
        "id", "assignment__organisation_id", "assignment__task_id", "status", "due_on", *FIGURES
    )
    for occurrence_id, organisation_id, task_id, status, due_on, *figures in rows_values:
        cell_state = state_of(status, due_on, today)
        cells = grid.setdefault(organisation_id, [None] * len(tasks))
        cells[column[task_id]] = Cell(occurrence_id, cell_state, due_on, str(labels[cell_state]), sum(figures))
    rows: list[Row] = []
    totals = dict.fromkeys([*Status.values, LATE], 0)
    for organisation in organisations.order_by("kind", "sort_order", "name"):
        cells = grid.get(organisation.pk, [None] * len(tasks))
        counts = dict.fromkeys([*Status.values, LATE], 0)
        for cell in cells:
            if cell is not None:
                counts[cell.state] += 1
        if state and not counts.get(state):
            continue
        for key, value in counts.items():
            totals[key] += value
        rows.append(Row(organisation, cells, counts))
    return Matrix(plan, month, tasks, rows, totals)


def xlsx_bytes(matrix: Matrix) -> bytes:
    headings = [_("Cơ quan, đơn vị"), *(task.code for task in matrix.tasks), _("Trễ hạn"), _("Hoàn thành")]
    rows: list[list[xlsx.Cell]] = [
        [row.organisation.name, *(cell.label if cell else "" for cell in row.cells), row.counts[LATE],
         row.counts[Status.DONE]]
        for row in matrix.rows
    ]  # fmt: skip
    legend = [[task.code, task.title, task.get_periodicity_display()] for task in matrix.tasks]
    month = f"{matrix.month:%m/%Y}"
    return workbook_bytes(
        [
            Sheet(_("Theo dõi"), headings, rows, title=_("Tiến độ thực hiện kế hoạch, tháng %(m)s") % {"m": month}),
            Sheet(_("Nhiệm vụ"), [_("Mã"), _("Nhiệm vụ"), _("Định kỳ")], legend, title=matrix.plan.title),
        ]
    )
