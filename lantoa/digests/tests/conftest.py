"""A day of stored news for the digest tests, through the real ingest pipeline (places, stories, copies)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lantoa.monitoring.models import Item, Story
from lantoa.monitoring.tests.test_pipeline import BODY, run, write_jsonl
from lantoa.testing.factories import HOSTILE

DAY = date(2025, 8, 16)  # the daily digest dated 16/08/2025 covers 15/08 06:30 → 16/08 06:30

FLOOD = (
    "Mưa lớn kéo dài gây sạt lở đất tại xã Tân Thành, huyện Phú Bình, tỉnh Thái Nguyên, làm một người bị "
    "thương, nhiều nhà "
    "bị hư hỏng. Lực lượng chức năng đã sơ tán các hộ dân trong vùng nguy hiểm. UBND tỉnh Thái Nguyên chỉ đạo "
    "khắc phục hậu quả, hỗ trợ người dân bị ảnh hưởng và kiểm tra các điểm có nguy cơ sạt lở khác."
)
FIRE = (
    "Một vụ cháy lớn xảy ra tại chợ trung tâm xã Tân Thành, huyện Phú Bình, tỉnh Thái Nguyên, thiêu rụi hàng chục "
    "ki-ốt của tiểu thương. Công an tỉnh Thái Nguyên đang điều tra nguyên nhân; thiệt hại ước tính nhiều tỷ đồng."
)
SCHOOL = (
    "Sở Giáo dục và Đào tạo tỉnh Thái Nguyên khai giảng năm học mới tại trường THPT Phú Bình, huyện Phú Bình. "
    "Năm nay toàn tỉnh có thêm nhiều trường đạt chuẩn quốc gia, cơ sở vật chất được đầu tư khang trang."
)


@pytest.fixture
def news_day(tmp_path: Path, db: None) -> dict[str, Story]:
    rows = [
        {"id": "a1", "title": f"Thái Nguyên sơ kết nông thôn mới {HOSTILE}", "body": BODY, "source": "Báo Thái Nguyên",
         "published": "15/08/2025 09:00"},
        {"id": "a2", "title": "Thái Nguyên: hội nghị sơ kết xây dựng nông thôn mới", "source": "VnExpress",
         "body": "PV - " + BODY.rsplit(".", 2)[0] + ".", "published": "15/08/2025 11:30"},
        {"id": "f1", "title": "Sạt lở đất ở Phú Bình, một người bị thương", "body": FLOOD, "source": "Dân trí",
         "published": "15/08/2025 20:00"},
        {"id": "s1", "title": "Thái Nguyên khai giảng năm học mới", "body": SCHOOL, "source": "Báo Thái Nguyên",
         "published": "16/08/2025 06:00"},
        # The day before the period: counted as "previous period" only.
        {"id": "old", "title": "Cháy chợ ở Phú Bình", "body": FIRE, "source": "Báo Thái Nguyên",
         "published": "14/08/2025 10:00"},
    ]  # fmt: skip
    run(write_jsonl(tmp_path / "day.jsonl", rows))
    # The classifier's labels vary with the shipped models; the digest logic is what is tested here.
    Item.objects.filter(key__in=["id:a1", "id:a2"]).update(polarity="pos", sector="agriculture-environment")
    Item.objects.filter(key__in=["id:f1", "id:old"]).update(polarity="neg", sector="agriculture-environment")
    Item.objects.filter(key="id:s1").update(polarity="pos", sector="education", agencies=["so-giao-duc-dao-tao"])
    stories = {item.key[3:]: item.story for item in Item.objects.select_related("story")}
    assert all(story is not None and story.relevant for story in stories.values()), {
        key: (story and story.relevant) for key, story in stories.items()
    }
    return stories  # type: ignore[return-value]
