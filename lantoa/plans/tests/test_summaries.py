"""task_summary and training_summary: the figures the periodic reports take."""

from __future__ import annotations

import json
from datetime import date

from lantoa.accounts.models import User
from lantoa.org.models import Organisation
from lantoa.plans import training
from lantoa.plans.models import Attendance, Occurrence, Plan
from lantoa.plans.services import do_report
from lantoa.plans.summaries import task_summary, training_summary
from lantoa.plans.tests.conftest import occurrence_of
from lantoa.testing.factories import PersonFactory


def test_task_summary_counts_states_and_sums_figures(
    small_plan: Plan, agency_officer: User, press_officer: User
) -> None:
    do_report(agency_officer, occurrence_of("so-y-te", "II.1.1", 1), status="done", text="x", figures={"articles": 3})
    do_report(agency_officer, occurrence_of("so-y-te", "II.1.1", 2), status="done", text="x",
              figures={"articles": 4, "people_reached": 100})  # fmt: skip
    march = occurrence_of("so-y-te", "II.1.1", 3)
    do_report(agency_officer, march, status="in_progress", text="x", figures={"posts": 7})
    Occurrence.objects.filter(pk=occurrence_of("so-y-te", "II.1.1", 1).pk).update(completed_on=date(2026, 1, 15))
    summary = task_summary(2026, 1, today=date(2026, 4, 1))
    json.dumps(summary)  # JSON-safe for the report generator
    assert (summary["start"], summary["end"]) == ("2026-01-01", "2026-03-31")
    syt = next(row for row in summary["by_organisation"] if row["code"] == "so-y-te")
    # Q1: three monthly reports of II.1.1 (the yearly IV.2.1 is due in December).
    assert {key: syt[key] for key in ("due", "done", "done_on_time", "done_late", "late", "in_progress")} == {
        "due": 3, "done": 2, "done_on_time": 1, "done_late": 1, "late": 1, "in_progress": 0}  # fmt: skip
    assert syt["figures"] == {"articles": 7, "broadcasts": 0, "posts": 7, "events": 0, "trainings": 0,
                              "people_reached": 100}  # fmt: skip
    departments = Organisation.objects.filter(kind="department", is_active=True).count()
    assert summary["totals"]["due"] == departments * 3 + 92  # + the communes' Q1 report
    assert summary["totals"]["done"] == 2 and summary["totals"]["figures"]["articles"] == 7
    by_task = {row["code"]: row for row in summary["by_task"]}
    assert by_task["III.4.2"]["organisations"] == 92 and by_task["III.4.2"]["late"] == 92
    year = task_summary(2026, None, today=date(2026, 4, 1))
    assert year["totals"]["due"] == departments * 12 + 92 * 4 + 2
    # Everything due after 01/04 is "not started"; the in-progress March report is late, not in progress.
    assert year["totals"]["not_started"] == year["totals"]["due"] - 2 - summary["totals"]["late"]
    assert year["totals"]["in_progress"] == 0
    assert task_summary(2025)["totals"]["due"] == 0


def test_training_summary_counts_sessions_people_and_scores(
    press_officer: User, so_y_te: Organisation, so_tu_phap: Organisation
) -> None:
    people = [PersonFactory(organisation=so_y_te), PersonFactory(organisation=so_y_te),
              PersonFactory(organisation=so_tu_phap)]  # fmt: skip
    may = training.do_create_session(press_officer, held_on=date(2026, 5, 12), topic="Phát ngôn")
    june = training.do_create_session(press_officer, held_on=date(2026, 6, 9), topic="Khủng hoảng")
    training.do_create_session(press_officer, held_on=date(2026, 12, 1), topic="Chưa tổ chức")
    training.do_create_session(press_officer, held_on=date(2025, 6, 9), topic="Năm trước")
    for session in (may, june):
        training.do_add_attendees(press_officer, session, [person.pk for person in people])
    marks = {a.pk: Attendance.ABSENT if a.person_id == people[2].pk else Attendance.PRESENT
             for a in may.attendees.all()}  # fmt: skip
    training.do_set_attendance(press_officer, may, marks)
    training.do_set_attendance(press_officer, june, {a.pk: Attendance.PRESENT for a in june.attendees.all()
                                                     if a.person_id == people[0].pk})  # fmt: skip
    for a in may.attendees.filter(attendance=Attendance.PRESENT):
        training.do_feedback(press_officer, a, 4 if a.person_id == people[0].pk else 5, "")
    summary = training_summary(2026)
    json.dumps(summary)
    assert summary["sessions_held"] == 2  # the December one has nobody present yet
    assert (summary["attendances"], summary["people_trained"], summary["absent"]) == (3, 2, 1)
    assert summary["average_score"] == 4.5 and summary["feedback_count"] == 2
    assert [row["code"] for row in summary["by_organisation"]] == ["so-y-te"]
    syt = next(row for row in summary["by_organisation"] if row["code"] == "so-y-te")
    assert (syt["people_trained"], syt["attendances"]) == (2, 3)
    assert all(row["code"] != "so-tu-phap" for row in summary["by_organisation"])  # absent: not trained
    assert [s["topic"] for s in summary["sessions"]] == ["Phát ngôn", "Khủng hoảng", "Chưa tổ chức"]
    assert summary["sessions"][0]["average_score"] == 4.5
    assert training_summary(2025)["people_trained"] == 0
