"""A small plan (three tasks: monthly for every department, quarterly for every commune, yearly for two named
bodies) loaded through the real loader; uploads go to a temporary media folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lantoa.plans.loader import load_plan
from lantoa.plans.models import Occurrence, Plan
from lantoa.testing.factories import HOSTILE

SMALL_PLAN: dict[str, Any] = {
    "year": 2026,
    "title": f"Kế hoạch thử năm 2026 {HOSTILE}",
    "issuer": "UBND tỉnh Thái Nguyên",
    "sections": [
        {"code": "II.1", "part": "content", "title": f"Tuyên truyền {HOSTILE}", "text": "Nội dung.", "tasks": [
            {"code": "II.1.1", "title": f"Tuyên truyền chính sách {HOSTILE}", "periodicity": "daily",
             "due": {"day": 20}, "assignees": {"all": ["department"]}},
        ]},
        {"code": "III.4", "part": "form", "title": "Thông tin cơ sở", "tasks": [
            {"code": "III.4.2", "title": "Hội nghị, đối thoại", "periodicity": "quarterly", "due": {"day": 15},
             "assignees": {"all": ["commune"]}},
        ]},
        {"code": "IV.2", "part": "responsibility", "title": "Sở Tư pháp", "tasks": [
            {"code": "IV.2.1", "title": "Báo cáo năm", "periodicity": "yearly", "due": {"day": 15, "month": 12},
             "assignees": {"codes": ["so-tu-phap", "so-y-te"]}},
        ]},
    ],
}  # fmt: skip


def write_plan(folder: Path, data: dict[str, Any], name: str = "plan.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def small_plan(tmp_path: Path, db: None) -> Plan:
    return load_plan(write_plan(tmp_path, SMALL_PLAN)).plan


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "media"
    folder.mkdir()
    settings.MEDIA_ROOT = str(folder)
    return folder


def occurrence_of(code: str, task: str, month: int) -> Occurrence:
    """The occurrence of ``task`` for organisation ``code`` covering ``month`` of 2026."""
    from datetime import date

    day = date(2026, month, 1)
    return Occurrence.objects.select_related("assignment__organisation", "assignment__task").get(
        assignment__organisation__code=code, assignment__task__code=task, period_start__lte=day, period_end__gte=day
    )
