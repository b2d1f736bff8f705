"""Figures for the periodic reports (quarterly, yearly): plan tasks and training, as plain dicts of numbers and
names (JSON-safe, no model instances), computed with a few aggregate queries. Not scoped: the reports are the press
office's; a caller that shows them to a scoped user filters ``by_organisation`` itself.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Avg, Count, F, Q, Sum
from django.utils import timezone

from lantoa.plans.models import FIGURES, Attendance, Occurrence, Status, TrainingAttendee, TrainingSession


def _period(year: int, quarter: int | None) -> tuple[date, date]:
    if quarter is None:
        return date(year, 1, 1), date(year, 12, 31)
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1–4 or None, not {quarter!r}")
    end_month = 3 * quarter
    end = date(year, end_month + 1, 1) if end_month < 12 else date(year + 1, 1, 1)
    return date(year, end_month - 2, 1), date.fromordinal(end.toordinal() - 1)


def task_summary(plan_year: int, quarter: int | None = None, *, today: date | None = None) -> dict[str, Any]:
    """The occurrences of the plan of ``plan_year`` due in the quarter (or the year), as of ``today``.

    Returns ``{"year", "quarter", "start", "end" (ISO dates), "as_of", "totals", "by_organisation", "by_task"}``;
    ``totals`` and each row hold ``due`` (occurrences due in the period), ``done``, ``done_on_time``,
    ``done_late``, ``in_progress``, ``not_started`` (not done, due date not passed), ``late`` (not done, due date
    passed) and ``figures`` (the reported counts summed: articles, broadcasts, posts, events, trainings,
    people_reached). ``by_organisation`` rows add ``organisation_id``, ``code``, ``name``, ``kind``; ``by_task`` rows
    ``task_id``, ``code``, ``title``, ``organisations`` (how many it is assigned to)."""
    today = today or timezone.localdate()
    start, end = _period(plan_year, quarter)
    occurrences = Occurrence.objects.filter(assignment__task__plan__year=plan_year, due_on__range=(start, end))
    open_ = ~Q(status=Status.DONE)
    aggregates = {
        "due": Count("id"),
        "done": Count("id", filter=Q(status=Status.DONE)),
        "done_late": Count("id", filter=Q(status=Status.DONE, completed_on__gt=F("due_on"))),
        "in_progress": Count("id", filter=Q(status=Status.IN_PROGRESS, due_on__gte=today)),
        "not_started": Count("id", filter=Q(status=Status.NOT_STARTED, due_on__gte=today)),
        "late": Count("id", filter=open_ & Q(due_on__lt=today)),
        **{name: Sum(name) for name in FIGURES},
    }

    def shaped(row: dict[str, Any]) -> dict[str, Any]:
        counts = {key: int(row[key] or 0) for key in ("due", "done", "done_late", "in_progress", "not_started", "late")}
        counts["done_on_time"] = counts["done"] - counts["done_late"]
        return {**counts, "figures": {name: int(row[name] or 0) for name in FIGURES}}

    by_organisation = [
        {"organisation_id": row["assignment__organisation_id"], "code": row["assignment__organisation__code"],
         "name": row["assignment__organisation__name"], "kind": row["assignment__organisation__kind"], **shaped(row)}
        for row in occurrences.values(
            "assignment__organisation_id", "assignment__organisation__code", "assignment__organisation__name",
            "assignment__organisation__kind", "assignment__organisation__sort_order",
        ).annotate(**aggregates).order_by("assignment__organisation__sort_order", "assignment__organisation__name")
    ]  # fmt: skip
    by_task = [
        {"task_id": row["assignment__task_id"], "code": row["assignment__task__code"],
         "title": row["assignment__task__title"], "organisations": row["organisations"], **shaped(row)}
        for row in occurrences.values(
            "assignment__task_id", "assignment__task__code", "assignment__task__title", "assignment__task__position"
        ).annotate(organisations=Count("assignment__organisation_id", distinct=True), **aggregates)
        .order_by("assignment__task__position")
    ]  # fmt: skip
    return {
        "year": plan_year,
        "quarter": quarter,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "as_of": today.isoformat(),
        "totals": shaped(occurrences.aggregate(**aggregates)),
        "by_organisation": by_organisation,
        "by_task": by_task,
    }


def training_summary(year: int) -> dict[str, Any]:
    """Training held in ``year``.

    Returns ``{"year", "sessions_held", "attendances" (present marks), "people_trained" (distinct people present),
    "absent", "average_score" (float or None), "feedback_count", "sessions": [{"id", "held_on" (ISO), "topic",
    "invited", "present", "average_score"}], "by_organisation": [{"organisation_id", "code", "name",
    "people_trained", "attendances"}]}``. A session counts as held once it has an attendee marked present."""
    attendees = TrainingAttendee.objects.filter(session__held_on__year=year)
    present = attendees.filter(attendance=Attendance.PRESENT)
    scored = present.aggregate(average=Avg("score"), count=Count("score"))
    sessions = [
        {"id": row["id"], "held_on": row["held_on"].isoformat(), "topic": row["topic"], "invited": row["invited"],
         "present": row["present"],
         "average_score": round(row["average"], 2) if row["average"] is not None else None}
        for row in TrainingSession.objects.filter(held_on__year=year)
        .values("id", "held_on", "topic")
        .annotate(
            invited=Count("attendees"),
            present=Count("attendees", filter=Q(attendees__attendance=Attendance.PRESENT)),
            average=Avg("attendees__score", filter=Q(attendees__attendance=Attendance.PRESENT)),
        )
        .order_by("held_on", "id")
    ]  # fmt: skip
    by_organisation = [
        {"organisation_id": row["person__organisation_id"], "code": row["person__organisation__code"],
         "name": row["person__organisation__name"], "people_trained": row["people"], "attendances": row["marks"]}
        for row in present.values(
            "person__organisation_id", "person__organisation__code", "person__organisation__name",
            "person__organisation__sort_order",
        ).annotate(people=Count("person_id", distinct=True), marks=Count("id"))
        .order_by("person__organisation__sort_order", "person__organisation__name")
    ]  # fmt: skip
    average = scored["average"]
    return {
        "year": year,
        "sessions_held": sum(1 for session in sessions if session["present"]),
        "attendances": present.count(),
        "people_trained": present.values("person_id").distinct().count(),
        "absent": attendees.filter(attendance=Attendance.ABSENT).count(),
        "average_score": round(float(average), 2) if average is not None else None,
        "feedback_count": scored["count"],
        "sessions": sessions,
        "by_organisation": by_organisation,
    }
