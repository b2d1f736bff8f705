"""Stories through the real ingest pipeline, uploaded files in a temporary media folder, and request helpers."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lantoa.accounts.models import User
from lantoa.monitoring.models import Item, Story
from lantoa.monitoring.tests.test_pipeline import run, write_jsonl
from lantoa.org.models import Outlet
from lantoa.press import services
from lantoa.press.models import LegalType, PressRequest
from lantoa.testing.factories import HOSTILE

FLOOD = (
    "Mưa lớn kéo dài gây sạt lở đất tại xã Tân Thành, huyện Phú Bình, tỉnh Thái Nguyên, làm một người bị thương, "
    "nhiều nhà bị hư hỏng. Người dân phản ánh chính quyền chậm hỗ trợ; Sở Y tế chưa cử đội cấp cứu. UBND tỉnh "
    "Thái Nguyên chỉ đạo khắc phục hậu quả, hỗ trợ người dân bị ảnh hưởng và kiểm tra các điểm có nguy cơ sạt lở."
)
HOSPITAL = (
    "Bệnh nhân phản ánh Bệnh viện Đa khoa Trung ương Thái Nguyên thu thêm tiền dịch vụ ngoài danh mục; nhiều "
    "người phải chờ khám từ sáng đến chiều. Sở Y tế tỉnh Thái Nguyên cho biết sẽ kiểm tra và trả lời báo chí."
)


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": folder}},
    }
    return folder


def ingest_stories(tmp_path: Path) -> dict[str, Story]:
    rows = [
        {"id": "f1", "title": f"Sạt lở đất ở Phú Bình, dân kêu chậm hỗ trợ {HOSTILE}", "body": FLOOD,
         "source": "Dân trí", "published": "15/08/2025 20:00"},
        {"id": "h1", "title": "Bệnh viện thu thêm tiền dịch vụ, bệnh nhân bức xúc", "body": HOSPITAL,
         "source": "VnExpress", "published": "16/08/2025 08:00"},
    ]  # fmt: skip
    run(write_jsonl(tmp_path / "press.jsonl", rows))
    # The classifier's labels vary with the shipped models; routing is what is tested here.
    Item.objects.filter(key="id:f1").update(sector="agriculture-environment", polarity="neg")
    Item.objects.filter(key="id:h1").update(sector="health", polarity="neg", agencies=["so-y-te"])
    stories = {item.key[3:]: item.story for item in Item.objects.select_related("story")}
    assert all(story is not None for story in stories.values())
    return stories  # type: ignore[return-value]


@pytest.fixture
def stories(tmp_path: Path, db: None) -> dict[str, Story]:
    return ingest_stories(tmp_path)


@pytest.fixture
def outlet(db: None) -> Outlet:
    return Outlet.objects.get(code="dan-tri")


def open_request(
    actor: User, outlet: Outlet, received_on: date = date(2026, 3, 2), story: Story | None = None, **extra: Any
) -> PressRequest:
    values: dict[str, Any] = {
        "issue": f"Đề nghị Sở Y tế trả lời về việc thu tiền dịch vụ {HOSTILE}",
        "legal_type": LegalType.ANSWER,
        "letter_number": "123/CV-DT",
        "today": date(2026, 11, 26),
        **extra,
    }
    return services.do_create(actor, outlet=outlet, received_on=received_on, story=story, **values)
