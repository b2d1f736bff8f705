"""Flagged items for the case tests, stored through the real ingest pipeline; the scores are then set by hand (the
shipped classifier's scores vary with its models; the case logic is what is tested here)."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from lantoa.digests.tests.conftest import FIRE, FLOOD, SCHOOL
from lantoa.monitoring.models import Item
from lantoa.monitoring.tests.test_pipeline import run, write_jsonl
from lantoa.testing.factories import HOSTILE

RUMOUR = (
    "Tin đồn lan truyền trên mạng xã hội cho rằng đập thủy điện ở xã Tân Thành, tỉnh Thái Nguyên sắp vỡ, "
    "yêu cầu người dân sơ tán ngay trong đêm. UBND tỉnh Thái Nguyên chưa có thông báo nào về việc này."
)


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings: Any) -> Path:
    """Each test gets its own media folder: the database rolls back after a test, stored files would not."""
    folder = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": folder}},
    }
    return folder


def _when(days_ago: float) -> str:
    return f"{timezone.localtime() - timedelta(days=days_ago):%d/%m/%Y %H:%M}"


@pytest.fixture
def items(tmp_path: Path, db: None) -> dict[str, Item]:
    return make_items(tmp_path)


def make_items(tmp_path: Path) -> dict[str, Item]:
    rows = [
        {"id": "rumour", "title": f"Đập thủy điện sắp vỡ {HOSTILE}", "body": RUMOUR, "source": "Facebook",
         "url": "https://facebook.com/groups/thainguyen/posts/1", "published": _when(1)},
        {"id": "toxic", "title": "Bình luận xúc phạm cán bộ xã", "body": FIRE, "source": "TikTok",
         "url": "https://tiktok.com/@x/video/2", "published": _when(2)},
        {"id": "clean", "title": "Thái Nguyên khai giảng năm học mới", "body": SCHOOL, "source": "Báo Thái Nguyên",
         "published": _when(1)},
        {"id": "old", "title": "Sạt lở đất ở Phú Bình", "body": FLOOD, "source": "Dân trí", "published": _when(20)},
    ]  # fmt: skip
    run(write_jsonl(tmp_path / "flagged.jsonl", rows))
    Item.objects.update(misinfo_risk=0.1, toxicity="clean", agencies=[])
    Item.objects.filter(key="id:rumour").update(misinfo_risk=0.91, agencies=["so-y-te"])
    Item.objects.filter(key="id:toxic").update(toxicity="hate")
    Item.objects.filter(key="id:old").update(misinfo_risk=0.95)
    found = {item.key[3:]: item for item in Item.objects.select_related("source")}
    assert set(found) == {"rumour", "toxic", "clean", "old"}
    return found


def png_bytes(colour: str = "red") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), colour).save(buffer, format="PNG")
    return buffer.getvalue()


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
