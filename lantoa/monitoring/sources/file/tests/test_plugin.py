import bz2
import gzip
import io
import json
import lzma
import tracemalloc
import unicodedata
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from lantoa.monitoring.sources import get_kind
from lantoa.monitoring.sources.base import DiscoveryError
from lantoa.monitoring.sources.file.plugin import KIND, FileRecord, iter_records, read_records

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

POSTS = [
    {
        "id": "123_456",
        "message": "UBND tỉnh Thái Nguyên thông báo lịch tiếp công dân.\n\nChi tiết xem tại cổng thông tin.",
        "created_time": "2025-02-06T13:30:48+0000",
        "page": {"name": "Thái Nguyên TV", "id": "99"},
        "kind": "post",
        "url": "https://www.facebook.com/thainguyentv/posts/456",
        "reactions": {"like": 12, "haha": 1},
        "shares": 3,
    },
    {
        "id": "c1",
        "message": "Rất hữu ích!",
        "date": "06/02/2025 21:05",
        "author": "Nguyễn Văn An",
        "kind": "comment",
        "parent_id": "123_456",
    },
    {"id": "a1", "title": "Phú Bình khởi công cầu", "sapo": "Sáng 6/2…", "body": "Đoạn một.", "source": "Báo TN"},
]


def jsonl(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def posts_jsonl() -> bytes:
    good = [json.dumps(post, ensure_ascii=False) for post in POSTS]
    return jsonl(good[0], '{"id": "hong", "message": "thiếu ngoặc"', "", good[1], "not json at all", good[2])


def records_of(data: bytes, name: str = "", **kwargs: str) -> list[FileRecord]:
    return list(iter_records(io.BytesIO(data), name=name, **kwargs))


def test_it_is_registered_under_its_code() -> None:
    assert get_kind("file") is KIND
    assert KIND.code == "file"
    assert KIND.needs_url is False
    assert str(KIND.label)


def test_it_reads_json_lines_and_reports_bad_lines_with_their_numbers(tmp_path: Path) -> None:
    path = tmp_path / "thainguyen_tv.jsonl"
    path.write_bytes(posts_jsonl())

    records = list(read_records(path))

    assert [(record.line, record.item is not None) for record in records] == [
        (1, True),
        (2, False),
        (4, True),  # line 3 is blank: skipped silently
        (5, False),
        (6, True),
    ]
    assert records[1].reason.startswith("không phải JSON: ")
    assert records[1].error.startswith("dòng 2: không phải JSON: ")
    assert records[3].error.startswith("dòng 5: không phải JSON: Expecting value")
    assert records[0].error == ""

    post, comment, article = (record.item for record in records if record.item is not None)
    assert post.external_id == "123_456"
    assert post.kind == "post"
    assert post.text == "UBND tỉnh Thái Nguyên thông báo lịch tiếp công dân.\nChi tiết xem tại cổng thông tin."
    assert post.title == ""
    assert post.url == "https://www.facebook.com/thainguyentv/posts/456"
    assert post.author == "Thái Nguyên TV"  # the page's name, from {"name": …}
    assert post.extra["page"] == "Thái Nguyên TV"
    assert post.published == datetime(2025, 2, 6, 20, 30, 48, tzinfo=VIETNAM)
    assert post.published.tzinfo == VIETNAM
    assert json.loads(post.extra["reactions"]) == {"like": 12, "haha": 1}
    assert post.extra["shares"] == "3"
    assert post.extra["line"] == "1"
    assert comment.kind == "comment"
    assert comment.author == "Nguyễn Văn An"
    assert comment.published == datetime(2025, 2, 6, 21, 5, tzinfo=VIETNAM)  # dd/mm/yyyy HH:MM, Vietnam time
    assert comment.extra["parent_id"] == "123_456"
    assert comment.url is None
    assert (article.kind, article.title, article.lead, article.text) == (
        "article",
        "Phú Bình khởi công cầu",
        "Sáng 6/2…",
        "Đoạn một.",
    )
    assert article.author == "Báo TN"
    assert article.extra["source"] == "Báo TN"  # the pipeline takes the outlet from here


@pytest.mark.parametrize(
    ("suffix", "compress"),
    [(".jsonl.gz", gzip.compress), (".jsonl.xz", lzma.compress), (".jsonl.bz2", bz2.compress)],
)
def test_it_reads_compressed_json_lines(tmp_path: Path, suffix: str, compress: Callable[[bytes], bytes]) -> None:
    plain = tmp_path / "posts.jsonl"
    plain.write_bytes(posts_jsonl())
    packed = tmp_path / f"posts{suffix}"
    packed.write_bytes(compress(posts_jsonl()))

    assert list(read_records(packed)) == list(read_records(plain))
    # Recognised by its first bytes, not by its name.
    renamed = tmp_path / "export.dat"
    renamed.write_bytes(packed.read_bytes())
    assert list(read_records(renamed)) == list(read_records(plain))


def test_it_reports_a_truncated_gzip_after_the_lines_before_the_damage(tmp_path: Path) -> None:
    lines = [json.dumps({"id": str(number), "text": f"Bài số {number} " * 20}) for number in range(2000)]
    packed = gzip.compress(jsonl(*lines))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])

    records = list(read_records(path))

    assert len(records) > 10
    assert all(record.item is not None for record in records[:-1])
    assert records[-1].item is None
    assert "tệp nén hỏng" in records[-1].reason


def test_it_reads_a_csv_with_vietnamese_text(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Đồng chí Bí thư Tỉnh ủy thăm xã Phú Đình")
    text = (
        "\ufeffid;Title;sapo;published;author;url;ghi_chu\r\n"
        f'1;"{decomposed}";"Định Hóa; huyện ATK";07/03/2026;Nguyễn Thị Hằng;https://baothainguyen.vn/a-1.html;x\r\n'
        '2;"Tiêu đề hai dòng:\r\ndòng thứ hai";;2026-03-07 08:47;;;\r\n'
        "3;;;;;;\r\n"
        "4;Bài thứ tư;;08:47 07/03/2026;;;\r\n"
    )
    path = tmp_path / "bao_chi.csv"
    path.write_bytes(text.encode("utf-8"))

    records = list(read_records(path))

    assert [(record.line, record.item is not None) for record in records] == [
        (2, True),
        (3, True),  # a quoted title over two lines, so the next row starts on line 5
        (5, False),
        (6, True),
    ]
    first = records[0].item
    assert first is not None
    assert first.title == "Đồng chí Bí thư Tỉnh ủy thăm xã Phú Đình"  # composed (NFC)
    assert first.lead == "Định Hóa; huyện ATK"
    assert first.author == "Nguyễn Thị Hằng"
    assert first.published == datetime(2026, 3, 7, tzinfo=VIETNAM)
    assert first.extra["ghi_chu"] == "x"
    assert records[1].item is not None and records[1].item.title == "Tiêu đề hai dòng: dòng thứ hai"
    assert records[1].item.published == datetime(2026, 3, 7, 8, 47, tzinfo=VIETNAM)
    assert records[2].error == "dòng 5: không có nội dung (text/body/content/message, title hoặc sapo/lead)."
    assert records[3].item is not None and records[3].item.published == datetime(2026, 3, 7, 8, 47, tzinfo=VIETNAM)


def test_it_reads_a_comma_separated_csv_with_a_long_body() -> None:
    body = "Nội dung rất dài. " * 20_000  # beyond csv's default field limit of 128 KiB
    data = f'title,body,kind\nBài dài,"{body}",article\n'.encode()
    [record] = records_of(data, "corpus.csv")
    assert record.item is not None
    assert len(record.item.text) == len(body.strip())


def test_it_refuses_a_csv_whose_header_names_no_known_column() -> None:
    [record] = records_of("Cột A,Cột B\n1,2\n".encode(), "x.csv")
    assert record.line == 1
    assert "dòng tiêu đề" in record.reason


def test_it_refuses_a_csv_row_with_more_cells_than_the_header() -> None:
    records = records_of(b"title,body\nA,B,C\nD,E,\n", "x.csv")
    assert [(record.line, record.item is not None) for record in records] == [(2, False), (3, True)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-02-06T13:30:48Z", datetime(2025, 2, 6, 20, 30, 48, tzinfo=VIETNAM)),
        ("2025-02-06T20:30:48+07:00", datetime(2025, 2, 6, 20, 30, 48, tzinfo=VIETNAM)),
        ("2025-02-06 20:30", datetime(2025, 2, 6, 20, 30, tzinfo=VIETNAM)),
        ("2025-02-06", datetime(2025, 2, 6, tzinfo=VIETNAM)),
        ("06/02/2025", datetime(2025, 2, 6, tzinfo=VIETNAM)),
        ("6/2/2025 8:05", datetime(2025, 2, 6, 8, 5, tzinfo=VIETNAM)),
        ("06/02/2025 20:30:48", datetime(2025, 2, 6, 20, 30, 48, tzinfo=VIETNAM)),
        ("20:30 06/02/2025", datetime(2025, 2, 6, 20, 30, tzinfo=VIETNAM)),
        (1738848648, datetime(2025, 2, 6, 20, 30, 48, tzinfo=VIETNAM)),
        ("1738848648000", datetime(2025, 2, 6, 20, 30, 48, tzinfo=VIETNAM)),
    ],
)
def test_it_reads_dates(value: object, expected: datetime) -> None:
    [record] = records_of(jsonl(json.dumps({"text": "x", "published": value})))
    assert record.item is not None
    assert record.item.published == expected
    assert record.item.published.tzinfo == VIETNAM


@pytest.mark.parametrize("value", ["31/02/2025", "hôm qua", "2025-13-01"])
def test_it_refuses_a_line_with_an_unreadable_date(value: str) -> None:
    [record] = records_of(jsonl(json.dumps({"text": "x", "date": value}, ensure_ascii=False)))
    assert record.item is None
    assert value in record.reason


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ({"id": 1, "url": "https://a.vn/x"}, "không có nội dung"),
        ({"text": "x", "url": "javascript:alert(1)"}, "url"),
        ({"text": "x", "kind": "tweet"}, "kind"),
        ([1, 2, 3], "đối tượng JSON"),
        ("chuỗi", "đối tượng JSON"),
    ],
)
def test_it_refuses_a_line_and_says_why(line: object, reason: str) -> None:
    first, record = records_of(jsonl('{"text": "đầu"}', json.dumps(line, ensure_ascii=False)), "x.jsonl")
    assert first.item is not None
    assert (record.line, record.item) == (2, None)
    assert reason in record.reason


def test_it_survives_hostile_lines() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    records = records_of(jsonl('{"text": "một"}', '{"text": ' + deep + "}", '{"text": "ba"}'), "x.jsonl")
    assert [(record.line, record.item is not None) for record in records] == [(1, True), (2, False), (3, True)]
    # NUL characters (which PostgreSQL refuses in text) are dropped, in CSV and in JSON strings alike.
    [row] = records_of(b"title,body,ghi\x00chu\nA\x00B,C,D\x00\n", "x.csv")
    assert row.item is not None
    assert (row.item.title, row.item.text, row.item.extra["ghichu"]) == ("AB", "C", "D")
    [line] = records_of(jsonl('{"title": "A\\u0000B", "x": "\\u0000"}'), "x.jsonl")
    assert line.item is not None and line.item.title == "AB" and "x" not in line.item.extra


def test_it_uses_the_default_kind_for_lines_without_one(tmp_path: Path) -> None:
    path = tmp_path / "comments.jsonl"
    path.write_bytes(jsonl('{"message": "Đồng ý"}', '{"message": "Bài", "kind": "Article"}'))
    assert [record.item.kind for record in read_records(path, default_kind="comment") if record.item] == [
        "comment",
        "article",
    ]


def test_it_refuses_a_json_array_with_one_clear_record() -> None:
    records = records_of(b'[\n{"text": "a"},\n{"text": "b"}\n]\n', "export.json")
    assert [(record.line, "mảng JSON" in record.reason) for record in records] == [(1, True)]


def test_it_refuses_an_excel_file_with_one_clear_record() -> None:
    [record] = records_of(b"PK\x03\x04" + b"\x00" * 100, "bao_cao.xlsx")
    assert "CSV" in record.reason


def test_it_reports_a_line_that_is_not_utf8_and_goes_on() -> None:
    # "Hà" in Windows-1258 (a legacy Vietnamese code page) in the middle of a UTF-8 file.
    data = jsonl('{"text": "một"}', '{"text": "HANOI"}', '{"text": "ba"}').replace(b"HANOI", "Hà".encode("cp1258"))
    records = records_of(data)
    assert [(record.line, record.item is not None) for record in records] == [(1, True), (2, False), (3, True)]
    assert "UTF-8" in records[1].reason


def test_it_skips_a_line_too_long_to_hold_and_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("lantoa.monitoring.sources.file.plugin.MAX_LINE_BYTES", 100)
    data = jsonl('{"text": "ngắn"}', json.dumps({"text": "x" * 1000}), '{"text": "cuối"}')
    records = records_of(data)
    assert [(record.line, record.item is not None) for record in records] == [(1, True), (2, False), (3, True)]
    assert "dài quá" in records[1].reason


def test_it_streams_a_large_file_in_constant_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl.gz"
    line = json.dumps({"title": "Tiêu đề", "text": "Nội dung bài báo. " * 50}, ensure_ascii=False)
    with gzip.open(path, "wt", encoding="utf-8") as packed:
        for _number in range(5_000):  # about 5 MB of text; holding the records would take more than that
            packed.write(line + "\n")

    tracemalloc.start()
    try:
        count = sum(1 for record in read_records(path) if record.item is not None)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert count == 5_000
    assert peak < 1024 * 1024  # about 0.1 MB measured


# --- discover(): an uploaded file in memory -------------------------------------------------------------------------


def test_it_discovers_the_items_of_an_upload_and_skips_bad_lines() -> None:
    items = list(KIND.discover(posts_jsonl(), "upload://thainguyen_tv.jsonl", {}))
    assert [item.external_id for item in items] == ["123_456", "c1", "a1"]


def test_it_discovers_a_compressed_csv_upload_by_its_name() -> None:
    data = gzip.compress("title,published\nTin Thái Nguyên,06/02/2025\n".encode())
    [item] = KIND.discover(data, "bao_chi.csv.gz", {})
    assert item.title == "Tin Thái Nguyên"


def test_it_takes_the_format_from_the_options() -> None:
    data = '{"title": "Một"}\n'.encode()
    assert [item.title for item in KIND.discover(data, "", {"format": "jsonl"})] == ["Một"]
    with pytest.raises(DiscoveryError, match="dòng tiêu đề"):
        list(KIND.discover(data, "", {"format": "csv"}))


def test_it_refuses_an_upload_with_a_bad_line_when_strict() -> None:
    with pytest.raises(DiscoveryError, match="dòng 2: không phải JSON") as raised:
        list(KIND.discover(posts_jsonl(), "x.jsonl", {"strict": "1"}))
    assert "dòng 5" in str(raised.value)


def test_it_refuses_an_upload_without_any_good_line() -> None:
    with pytest.raises(DiscoveryError, match="dòng 1: không phải JSON"):
        list(KIND.discover(b"{oops\n", "x.jsonl", {}))
    with pytest.raises(DiscoveryError):
        list(KIND.discover(b"title,body\n", "x.csv", {}))


def test_it_refuses_an_empty_upload() -> None:
    with pytest.raises(DiscoveryError, match="rỗng"):
        list(KIND.discover(b"", "x.jsonl", {}))
    with pytest.raises(DiscoveryError, match="rỗng"):
        list(KIND.discover(b"\n \n", "x.jsonl", {}))


def test_it_refuses_a_bad_default_kind() -> None:
    with pytest.raises(DiscoveryError, match="default_kind"):
        list(KIND.discover(b'{"text": "x"}\n', "x.jsonl", {"default_kind": "tweet"}))
