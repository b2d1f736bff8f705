"""lantoa loadplan: the plan file becomes sections, tasks, assignments and dated occurrences; reloading is a no-op."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lantoa.org.models import Organisation, OrganisationKind
from lantoa.plans.loader import periods
from lantoa.plans.models import Assignment, Occurrence, Plan, Section, Task
from lantoa.plans.services import do_report
from lantoa.plans.tests.conftest import SMALL_PLAN, occurrence_of, write_plan

PLAN_FILE = Path(__file__).resolve().parents[1] / "data" / "plan-2026.json"


def loadplan(*args: str) -> str:
    out = io.StringIO()
    call_command("loadplan", *args, stdout=out)
    return out.getvalue()


def counts() -> tuple[int, int, int, int, int]:
    return (Plan.objects.count(), Section.objects.count(), Task.objects.count(), Assignment.objects.count(),
            Occurrence.objects.count())  # fmt: skip


def test_the_2026_plan_file_loads_every_part_and_reloads_unchanged(db: None) -> None:
    first = loadplan(str(PLAN_FILE))
    assert "created" in first
    plan = Plan.objects.get(year=2026)
    assert not plan.is_official_text  # reconstructed, marked as such
    codes = set(plan.sections.values_list("code", flat=True))
    assert codes == {f"II.{n}" for n in range(1, 7)} | {f"III.{n}" for n in range(1, 5)} | {f"IV.{n}" for n in
                                                                                          range(1, 8)}  # fmt: skip
    departments = Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT, is_active=True).count()
    communes = Organisation.objects.filter(kind=OrganisationKind.COMMUNE, is_active=True).count()
    assert communes == 92
    # "UBND các xã, phường": every commune; "các sở, ban, ngành": every department; named bodies: exactly those.
    assert Assignment.objects.filter(task__code="II.1.2").count() == 92
    assert set(Assignment.objects.filter(task__code="II.1.2").values_list("organisation__kind", flat=True)) == {
        "commune"
    }
    assert Assignment.objects.filter(task__code="II.2.2").count() == departments
    assert Assignment.objects.filter(task__code="II.1.1").count() == departments + 92
    assert set(Assignment.objects.filter(task__code="II.5.3").values_list("organisation__code", flat=True)) == {
        "so-van-hoa-the-thao-du-lich",
        "cong-an-tinh",
    }
    assert set(Assignment.objects.filter(task__code="IV.7.1").values_list("organisation__code", flat=True)) == {
        "bao-phat-thanh-truyen-hinh",
        "trung-tam-thong-tin-tinh",
    }
    # A daily task is reported monthly: 12 occurrences per organisation, not 365.
    assert Occurrence.objects.filter(assignment__task__code="II.5.1").count() == 12
    assert Occurrence.objects.filter(assignment__task__code="II.1.3").count() == 4
    assert Occurrence.objects.filter(assignment__task__code="IV.3.1").count() == 1

    before = counts()
    again = loadplan(str(PLAN_FILE))
    assert again.strip() == "plan 2026: unchanged"
    assert counts() == before


def test_due_dates_follow_the_rule_and_skip_days_off() -> None:
    monthly = periods("monthly", 20, None, 2026)
    assert len(monthly) == 12
    assert monthly[0] == (date(2026, 1, 1), date(2026, 1, 31), date(2026, 1, 20))
    assert monthly[1][2] == date(2026, 2, 23)  # 20/02/2026 is a Tết holiday (Friday) → Monday 23/02
    assert monthly[5][2] == date(2026, 6, 22)  # 20/06/2026 is a Saturday
    quarterly = periods("quarterly", 15, None, 2026)
    assert quarterly[0][:2] == (date(2026, 1, 1), date(2026, 3, 31))
    assert quarterly[0][2] == date(2026, 3, 16)  # 15/03/2026 is a Sunday
    assert quarterly[2][2] == date(2026, 9, 15)
    assert periods("yearly", 15, 12, 2026) == [(date(2026, 1, 1), date(2026, 12, 31), date(2026, 12, 15))]
    assert periods("monthly", 31, None, 2026)[10][2] == date(2026, 11, 30)  # "the 31st" of November: its last day
    assert periods("weekly", 20, None, 2026) == monthly


def test_year_option_makes_the_next_years_plan_from_the_same_file(small_plan: Plan, tmp_path: Path) -> None:
    loadplan(str(write_plan(tmp_path, SMALL_PLAN, "again.json")), "--year", "2027")
    later = Plan.objects.get(year=2027)
    assert "2027" in later.title
    assert Task.objects.filter(plan=later).count() == 3
    yearly = Occurrence.objects.get(
        assignment__task__plan=later, assignment__task__code="IV.2.1", assignment__organisation__code="so-tu-phap"
    )
    assert yearly.due_on == date(2027, 12, 15)
    assert (
        Occurrence.objects.filter(assignment__task__plan=small_plan).count()
        == Occurrence.objects.filter(assignment__task__plan=later).count()
    )


def test_a_reload_keeps_what_was_reported_on_and_drops_the_rest(
    small_plan: Plan, tmp_path: Path, agency_officer: object
) -> None:
    reported = occurrence_of("so-y-te", "IV.2.1", 12)
    do_report(agency_officer, reported, status="in_progress", text="Đang tổng hợp", figures={})  # type: ignore[arg-type]
    smaller = {**SMALL_PLAN, "sections": [
        *SMALL_PLAN["sections"][:2],
        {"code": "IV.2", "part": "responsibility", "title": "Sở Tư pháp", "tasks": [
            {"code": "IV.2.1", "title": "Báo cáo năm", "periodicity": "yearly", "due": {"day": 10, "month": 12},
             "assignees": {"codes": ["so-tu-phap"]}}]},
    ]}  # fmt: skip
    output = loadplan(str(write_plan(tmp_path, smaller, "smaller.json")))
    assert "kept (reported on) assignments 1" in output
    # Sở Y tế no longer has the task, but its report stays; Sở Tư pháp's due date moved to 10/12 (a Thursday).
    assert Occurrence.objects.filter(pk=reported.pk).exists()
    assert occurrence_of("so-tu-phap", "IV.2.1", 12).due_on == date(2026, 12, 10)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"codes": ["khong-co"]}, "no organisation with code 'khong-co'"),
        ({"all": ["party"]}, "'all' takes"),
        ({}, "assignees must have"),
    ],
)
def test_bad_assignees_are_refused_with_the_task_named(
    db: None, tmp_path: Path, change: dict[str, object], message: str
) -> None:
    data = {
        "year": 2026,
        "title": "Thử",
        "sections": [
            {
                "code": "II.1",
                "part": "content",
                "title": "T",
                "tasks": [
                    {"code": "II.1.1", "title": "T", "periodicity": "monthly", "due": {"day": 20}, "assignees": change}
                ],
            }
        ],
    }
    with pytest.raises(CommandError, match=r"task II\.1\.1") as caught:
        loadplan(str(write_plan(tmp_path, data)))
    assert message in str(caught.value)
    assert not Plan.objects.exists()  # nothing half-loaded


def test_bad_periodicity_and_duplicate_codes_are_refused(db: None, tmp_path: Path) -> None:
    task = {"code": "II.1.1", "title": "T", "periodicity": "hourly", "due": {"day": 20},
            "assignees": {"all": ["commune"]}}  # fmt: skip
    data = {"year": 2026, "sections": [{"code": "II.1", "part": "content", "title": "T", "tasks": [task]}]}
    with pytest.raises(CommandError, match="periodicity"):
        loadplan(str(write_plan(tmp_path, data)))
    data["sections"][0]["tasks"] = [{**task, "periodicity": "monthly"}, {**task, "periodicity": "monthly"}]  # type: ignore[index]
    with pytest.raises(CommandError, match=r"codes used twice: II\.1\.1"):
        loadplan(str(write_plan(tmp_path, data)))
