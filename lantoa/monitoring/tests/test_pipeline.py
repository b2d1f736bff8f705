"""The storing pipeline end to end on real databases: identity, stories, places, search, idempotence."""

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from lantoa.monitoring import search
from lantoa.monitoring.ingest import file_source, ingest
from lantoa.monitoring.models import Item, ItemStatus, Quarantine, Story
from lantoa.monitoring.sources.file.plugin import read_records
from lantoa.org.gazetteer import entries_from_registry, other_province_names

pytestmark = pytest.mark.django_db

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
BODY = (
    "Sáng 15/8, UBND tỉnh Thái Nguyên tổ chức hội nghị sơ kết công tác xây dựng nông thôn mới tại xã Tân Thành, "
    "huyện Phú Bình. Theo báo cáo, đến nay toàn tỉnh có thêm 12 xã đạt chuẩn nông thôn mới nâng cao. "
    "Phó Chủ tịch UBND tỉnh đề nghị các địa phương tập trung nguồn lực cho các tiêu chí còn thiếu, "
    "nhất là thu nhập và môi trường, phấn đấu hoàn thành kế hoạch trước ngày 31/12.\n"
    "Tại hội nghị, đại diện các sở, ngành đã báo cáo kết quả hỗ trợ các xã về vốn, giống cây trồng và kỹ thuật "
    "chăn nuôi. Nhiều hợp tác xã đã xây dựng được sản phẩm OCOP đạt 3 sao, 4 sao, góp phần nâng cao thu nhập "
    "cho người dân. Lãnh đạo huyện Phú Bình cho biết huyện sẽ tiếp tục rà soát các tiêu chí, huy động sự tham "
    "gia của doanh nghiệp và người dân để giữ vững kết quả đã đạt được."
)


def write_jsonl(path: Path, rows: list[object]) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(path: Path) -> dict[str, float | int]:
    items = ((r.line, r.item, r.error or None, "") for r in read_records(path))
    data = (entries_from_registry(19), other_province_names(19))
    return ingest(items, file_source(path), data, workers=1, batch_size=3).as_dict()


def test_it_stores_groups_copies_and_is_idempotent(tmp_path: Path) -> None:
    rows = [
        {"id": "a1", "title": "Thái Nguyên sơ kết nông thôn mới", "body": BODY, "source": "Báo Thái Nguyên",
         "published": "15/08/2025 09:00"},
        # A syndicated copy: another title, a byline, the last sentence cut.
        {"id": "a2", "title": "Thái Nguyên: hội nghị sơ kết xây dựng nông thôn mới", "source": "VnExpress",
         "body": "PV - " + BODY.rsplit(".", 2)[0] + ".", "published": "15/08/2025 11:30"},
        # The same text again from a third outlet.
        {"id": "a3", "title": "Thái Nguyên sơ kết nông thôn mới", "body": BODY, "source": "Dân trí",
         "published": "15/08/2025 08:15"},
        {"id": "b1", "title": "Giá vàng hôm nay tăng mạnh", "source": "VnExpress",
         "body": "Giá vàng SJC sáng nay tăng 500.000 đồng mỗi lượng so với hôm qua, theo khảo sát tại các "
         "doanh nghiệp kinh doanh vàng ở Hà Nội và TP.HCM."},
        "{not json",
    ]  # fmt: skip
    path = write_jsonl(tmp_path / "export.jsonl", rows)
    summary = run(path)
    assert summary["read"] == 5
    assert summary["new"] == 4
    assert summary["stories"] == 2
    assert summary["duplicates"] == 2
    assert summary["relevant"] == 3
    assert summary["quarantined"] == 1

    story = Story.objects.get(items__key="id:a1")
    assert story.item_count == 3 and story.outlet_count == 3
    assert story.first_item is not None and story.first_item.key == "id:a3"  # published first, at 08:15
    assert story.first_published_at == datetime(2025, 8, 15, 8, 15, tzinfo=ZONE)
    assert story.relevant
    first = Item.objects.get(key="id:a1")
    assert first.status == ItemStatus.STORED
    assert set(first.places.values_list("mention_kind", flat=True)) >= {"province", "former_district"}
    assert first.places.filter(unit_code="05923").exists()  # xã Tân Thành (Phú Bình)
    assert Item.objects.get(key="id:b1").status == ItemStatus.IRRELEVANT
    quarantined = Quarantine.objects.get()
    assert quarantined.stage == "read" and "JSON" in quarantined.reason

    # Again: nothing new, nothing doubled.
    again = run(path)
    assert again["new"] == 0 and again["stories"] == 0
    assert Item.objects.count() == 4 and Quarantine.objects.count() == 1


def test_a_copy_arriving_later_joins_its_story(tmp_path: Path) -> None:
    run(write_jsonl(tmp_path / "day1.jsonl", [{"id": "x1", "title": "Tin gốc", "body": BODY}]))
    later = run(
        write_jsonl(tmp_path / "day3.jsonl", [{"id": "x2", "title": "Tin đăng lại", "body": BODY + " (Theo TTXVN)"}])
    )
    assert later["stories"] == 0 and later["duplicates"] == 1
    assert Story.objects.get().item_count == 2


def test_search_ignores_accents_both_ways(tmp_path: Path) -> None:
    run(write_jsonl(tmp_path / "s.jsonl", [{"id": "s1", "title": "Đường lên Định Hóa", "body": BODY}]))
    item = Item.objects.get()
    assert search.matching_ids("dinh hoa") == [item.pk]
    assert search.matching_ids("Định Hoá") == [item.pk]
    assert search.matching_ids("duong len") == [item.pk]
    assert search.matching_ids("đường") == [item.pk]
    assert search.matching_ids('" OR x') == []
    assert search.matching_ids("không có từ này") == []


def test_a_shard_queued_for_a_worker_is_analysed_in_that_worker_and_stored_once(tmp_path: Path) -> None:
    """tasks.ingest_file, the unit of a scale-out load (doc/scaling.md): no pool of its own, same result."""
    from lantoa.monitoring.tasks import ingest_file

    rows = [
        {"id": "s1", "title": "Thái Nguyên sơ kết nông thôn mới", "body": BODY, "source": "Báo Thái Nguyên"},
        {"id": "s2", "title": "Bản đăng lại", "body": BODY + " (Theo TTXVN)", "source": "VnExpress"},
        "{not json",
    ]
    path = write_jsonl(tmp_path / "shard-0001.jsonl", rows)
    summary = ingest_file.call_local(str(path))
    assert (summary["read"], summary["new"], summary["stories"], summary["duplicates"]) == (3, 2, 1, 1)
    assert summary["quarantined"] == 1 and summary["relevant"] == 2
    assert Item.objects.get(key="id:s1").places.filter(unit_code="05923").exists()
    assert ingest_file.call_local(str(path))["new"] == 0
    assert Item.objects.count() == 2 and Story.objects.count() == 1


def test_a_shard_that_cannot_be_read_is_not_retried(tmp_path: Path) -> None:
    """Only a database that went away makes the worker take a shard again (test_faults.py restarts PostgreSQL
    under one); a missing file would fail the same way sixty times over ten minutes."""
    from lantoa.monitoring.tasks import INGEST_RETRIES, ingest_file

    task = ingest_file.s(str(tmp_path / "missing.jsonl"))
    assert task.retries == INGEST_RETRIES
    with pytest.raises(FileNotFoundError):
        task.execute()
    assert task.retries == 0
