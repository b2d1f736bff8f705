"""Loading a plan file (``lantoa/plans/data/plan-2026.json``) into Plan, Section, Task, Assignment and Occurrence.

Idempotent: sections and tasks are matched by code, assignments by (task, organisation), occurrences by (assignment,
period start); a second run changes nothing. What the file no longer names is removed unless someone has already
reported on it (a report is never deleted by a reload; it is counted as ``kept``).

Occurrences: monthly, daily and weekly tasks get 12 monthly periods (daily/weekly work is reported as the month's
counts); quarterly tasks 4, due on ``due.day`` of the quarter's last month; yearly tasks one, due on
``due.day``/``due.month``. A due date on a day off moves to the next working day (``core.calendar``).
"""

from __future__ import annotations

import calendar as stdcalendar
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef

from lantoa.core import calendar
from lantoa.org.models import Organisation, OrganisationKind
from lantoa.plans.models import Assignment, Occurrence, Part, Periodicity, Plan, ProgressReport, Section, Task

ASSIGNEE_KINDS = {OrganisationKind.DEPARTMENT.value, OrganisationKind.COMMUNE.value, OrganisationKind.MEDIA.value}


class PlanFileError(ValueError):
    pass


@dataclass
class LoadResult:
    plan: Plan
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        parts = []
        for label, counter in (("created", self.created), ("updated", self.updated), ("deleted", self.deleted),
                               ("kept (reported on)", self.kept)):  # fmt: skip
            counts = [f"{name} {count}" for name, count in sorted(counter.items()) if count]
            if counts:
                parts.append(f"{label} " + ", ".join(counts))
        return f"plan {self.plan.year}: " + ("; ".join(parts) or "unchanged")


def _month_day(year: int, month: int, day: int) -> date:
    # "by the 31st" in a 30-day month means its last day.
    return date(year, month, min(day, stdcalendar.monthrange(year, month)[1]))


def periods(periodicity: str, due_day: int, due_month: int | None, year: int) -> list[tuple[date, date, date]]:
    """(period start, period end, due date) of each occurrence of a task in ``year``."""
    result = []
    if periodicity in (Periodicity.DAILY, Periodicity.WEEKLY, Periodicity.MONTHLY):
        for month in range(1, 13):
            start, end = date(year, month, 1), _month_day(year, month, 31)
            result.append((start, end, _month_day(year, month, due_day)))
    elif periodicity == Periodicity.QUARTERLY:
        for quarter in range(4):
            start, end = date(year, 3 * quarter + 1, 1), _month_day(year, 3 * quarter + 3, 31)
            result.append((start, end, _month_day(year, 3 * quarter + 3, due_day)))
    elif periodicity == Periodicity.YEARLY:
        if due_month is None:
            raise PlanFileError("a yearly task needs due.month")
        result.append((date(year, 1, 1), date(year, 12, 31), _month_day(year, due_month, due_day)))
    else:
        raise PlanFileError(f"unknown periodicity {periodicity!r}")
    return [(start, end, calendar.next_working_day(due)) for start, end, due in result]


def _organisations(spec: dict[str, Any], by_code: dict[str, Organisation], where: str) -> list[Organisation]:
    unknown_keys = set(spec) - {"all", "codes"}
    if unknown_keys or not spec:
        raise PlanFileError(f"{where}: assignees must have 'all' and/or 'codes', got {sorted(spec)}")
    wanted: dict[int, Organisation] = {}
    for kind in spec.get("all", []):
        if kind not in ASSIGNEE_KINDS:
            raise PlanFileError(f"{where}: 'all' takes {sorted(ASSIGNEE_KINDS)}, not {kind!r}")
        wanted.update({org.pk: org for org in by_code.values() if org.kind == kind and org.is_active})
    for code in spec.get("codes", []):
        if code not in by_code:
            raise PlanFileError(f"{where}: no organisation with code {code!r} (lantoa/org/data/organisations.json)")
        wanted[by_code[code].pk] = by_code[code]
    return list(wanted.values())


def read_plan_file(path: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise PlanFileError(f"{path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        raise PlanFileError(f"{path}: expected an object with 'sections'")
    codes = Counter(
        [section.get("code") for section in data["sections"]]
        + [task.get("code") for section in data["sections"] for task in section.get("tasks", [])]
    )
    duplicates = sorted(str(code) for code, count in codes.items() if count > 1)
    if duplicates:
        raise PlanFileError(f"{path}: codes used twice: {', '.join(duplicates)}")
    return data


@transaction.atomic
def load_plan(path: Path, year: int | None = None) -> LoadResult:
    """Create or update the plan of ``year`` (default: the file's) from ``path``."""
    data = read_plan_file(path)
    year = year or int(data.get("year") or 0)
    if not 2000 <= year <= 2100:
        raise PlanFileError(f"{path}: no valid year (give --year)")
    title = str(data.get("title", "")).strip()
    file_year = data.get("year")
    if file_year and year != file_year:
        title = title.replace(str(file_year), str(year))  # the same plan renewed for a later year
    issued_on = data.get("issued_on") if year == file_year else None
    result = LoadResult(Plan(year=year))
    result.plan, _created = _upsert(
        result, "plan", Plan, {"year": year},
        {
            "title": title or f"Kế hoạch năm {year}",
            "issuer": str(data.get("issuer", "")),
            "number": str(data.get("number", "")) if year == file_year else "",
            "issued_on": date.fromisoformat(issued_on) if issued_on else None,
            "is_official_text": bool(data.get("official_text", False)) and year == file_year,
            "source_file": str(path)[:300],
        },
    )  # fmt: skip
    plan = result.plan
    by_code = {org.code: org for org in Organisation.objects.all()}
    wanted_tasks: set[int] = set()
    wanted_sections: set[int] = set()
    task_position = 0
    for position, entry in enumerate(data["sections"], 1):
        where = f"section {entry.get('code')}"
        if entry.get("part") not in Part.values:
            raise PlanFileError(f"{where}: part must be one of {Part.values}")
        section, _created = _upsert(
            result, "sections", Section, {"plan": plan, "code": entry["code"]},
            {"part": entry["part"], "title": entry["title"], "text": entry.get("text", ""), "position": position},
        )  # fmt: skip
        wanted_sections.add(section.pk)
        for task_entry in entry.get("tasks", []):
            task_position += 1
            where = f"task {task_entry.get('code')}"
            due = task_entry.get("due") or {}
            if task_entry.get("periodicity") not in Periodicity.values:
                raise PlanFileError(f"{where}: periodicity must be one of {Periodicity.values}")
            if not isinstance(due.get("day"), int) or not 1 <= due["day"] <= 31:
                raise PlanFileError(f"{where}: due.day must be 1–31")
            task, _created = _upsert(
                result, "tasks", Task, {"plan": plan, "code": task_entry["code"]},
                {"section": section, "title": task_entry["title"], "description": task_entry.get("description", ""),
                 "periodicity": task_entry["periodicity"], "due_day": due["day"], "due_month": due.get("month"),
                 "assignee_spec": task_entry["assignees"], "position": task_position},
            )  # fmt: skip
            wanted_tasks.add(task.pk)
            organisations = _organisations(task_entry["assignees"], by_code, where)
            wanted_periods = periods(task.periodicity, due["day"], due.get("month"), year)
            _sync_assignments(result, task, organisations, wanted_periods)
    _prune(result, Task.objects.filter(plan=plan).exclude(pk__in=wanted_tasks), "tasks", "assignment__task")
    _prune(result, Section.objects.filter(plan=plan).exclude(pk__in=wanted_sections), "sections",
           "assignment__task__section")  # fmt: skip
    return result


def _upsert(
    result: LoadResult, name: str, model: Any, keys: dict[str, Any], values: dict[str, Any]
) -> tuple[Any, bool]:
    instance = model.objects.filter(**keys).first()
    if instance is None:
        result.created[name] += 1
        return model.objects.create(**keys, **values), True
    changed = [key for key, value in values.items() if getattr(instance, key) != value]
    if changed:
        for key in changed:
            setattr(instance, key, values[key])
        instance.save(update_fields=changed)
        result.updated[name] += 1
    return instance, False


def _reported(occurrences: Any) -> Any:
    return occurrences.annotate(has_reports=Exists(ProgressReport.objects.filter(occurrence=OuterRef("pk"))))


def _sync_assignments(
    result: LoadResult, task: Task, organisations: list[Organisation], wanted_periods: list[tuple[date, date, date]]
) -> None:
    existing = {a.organisation_id: a for a in Assignment.objects.filter(task=task)}
    new = [Assignment(task=task, organisation=org) for org in organisations if org.pk not in existing]
    Assignment.objects.bulk_create(new, batch_size=500)
    result.created["assignments"] += len(new)
    assignments = {**existing, **{a.organisation_id: a for a in Assignment.objects.filter(task=task)}}
    wanted_orgs = {org.pk for org in organisations}
    organisation_of = {assignment.pk: org_id for org_id, assignment in assignments.items()}
    # Occurrences: create the missing ones, move due dates that the file changed, drop unwanted unreported ones.
    due_by_start = {start: (end, due) for start, end, due in wanted_periods}
    occurrences = _reported(Occurrence.objects.filter(assignment__task=task))
    seen: set[tuple[int, date]] = set()
    changed: list[Occurrence] = []
    stale: list[int] = []
    for occurrence in occurrences:
        key = (occurrence.assignment_id, occurrence.period_start)
        wanted = occurrence.period_start in due_by_start and organisation_of[occurrence.assignment_id] in wanted_orgs
        if not wanted:
            if occurrence.has_reports:
                result.kept["occurrences"] += 1
            else:
                stale.append(occurrence.pk)
            continue
        seen.add(key)
        end, due = due_by_start[occurrence.period_start]
        if (occurrence.period_end, occurrence.due_on) != (end, due):
            occurrence.period_end, occurrence.due_on = end, due
            changed.append(occurrence)
    Occurrence.objects.bulk_update(changed, ["period_end", "due_on"], batch_size=500)
    result.updated["occurrences"] += len(changed)
    Occurrence.objects.filter(pk__in=stale).delete()
    result.deleted["occurrences"] += len(stale)
    fresh = [
        Occurrence(assignment=assignments[org_id], period_start=start, period_end=end, due_on=due)
        for org_id in wanted_orgs
        for start, end, due in wanted_periods
        if (assignments[org_id].pk, start) not in seen
    ]
    Occurrence.objects.bulk_create(fresh, batch_size=1000)
    result.created["occurrences"] += len(fresh)
    unwanted = Assignment.objects.filter(task=task).exclude(organisation_id__in=wanted_orgs)
    _prune(result, unwanted, "assignments", "assignment")


def _prune(result: LoadResult, queryset: Any, name: str, path: str) -> None:
    """Delete what the file no longer names, unless an organisation has reported on it."""
    model = queryset.model
    reported = set(
        ProgressReport.objects.filter(**{f"occurrence__{path}__in": queryset}).values_list(
            f"occurrence__{path}", flat=True
        )
    )
    result.kept[name] += len(reported)
    deleted = queryset.exclude(pk__in=reported)
    count = deleted.count()
    if count:
        model.objects.filter(pk__in=list(deleted.values_list("pk", flat=True))).delete()
        result.deleted[name] += count
