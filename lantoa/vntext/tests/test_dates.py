from datetime import UTC, datetime, timedelta, timezone

import pytest

from lantoa.vntext.dates import VIETNAM, parse_any_datetime, parse_vietnamese_datetime

PLUS_7 = timezone(timedelta(hours=7))
NOW = datetime(2026, 3, 7, 10, 0, tzinfo=VIETNAM)


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=VIETNAM)


ABSOLUTE = [
    # as the outlets write them
    ("Thứ Sáu, 15/8/2025, 08:30 (GMT+7)", datetime(2025, 8, 15, 8, 30, tzinfo=PLUS_7)),  # VnExpress
    ("Chủ nhật, 07/03/2026, 00:05 (GMT+7)", datetime(2026, 3, 7, 0, 5, tzinfo=PLUS_7)),
    ("Thứ năm, 6/3/2026 - 17:05", vn(2026, 3, 6, 17, 5)),  # Dân trí
    ("Thứ Bảy, 07/03/2026 - 08:52", vn(2026, 3, 7, 8, 52)),  # VietNamNet
    ("06/03/2026 17:05 GMT+7", datetime(2026, 3, 6, 17, 5, tzinfo=PLUS_7)),  # Tuổi Trẻ, NLĐ
    ("07/03/2026 \xa0 08:52 (GMT+07:00)", datetime(2026, 3, 7, 8, 52, tzinfo=PLUS_7)),
    ("15:30 ngày 15/08/2025", vn(2025, 8, 15, 15, 30)),
    ("Cập nhật: 08:01 07/03/2026", vn(2026, 3, 7, 8, 1)),
    ("- 07/03/2026 08:47", vn(2026, 3, 7, 8, 47)),  # Báo Đầu tư
    ("08:39 , 07/03/2026", vn(2026, 3, 7, 8, 39)),  # CafeF
    ("05-12-2025 09:00", vn(2025, 12, 5, 9, 0)),
    ("15.08.2025 08:30", vn(2025, 8, 15, 8, 30)),
    ("15/8/2025", vn(2025, 8, 15)),
    ("ngày 5 tháng 12 năm 2025", vn(2025, 12, 5)),
    ("Thứ Bảy, Ngày 07 tháng 03 năm 2026,", vn(2026, 3, 7)),
    ("2025/08/15 08:30", vn(2025, 8, 15, 8, 30)),
    # ISO 8601 from metadata
    ("2025-08-15T08:30:00+07:00", datetime(2025, 8, 15, 8, 30, tzinfo=PLUS_7)),
    ("2025-08-15T01:30:00Z", datetime(2025, 8, 15, 1, 30, tzinfo=UTC)),
    ("2025-10-09T17:55:47+0700", datetime(2025, 10, 9, 17, 55, 47, tzinfo=PLUS_7)),  # PLO
    ("2026-03-07T08:52:11.000 +07:00", datetime(2026, 3, 7, 8, 52, 11, tzinfo=PLUS_7)),  # VietNamNet JSON-LD
    ("2026-03-07T00:01:00", vn(2026, 3, 7, 0, 1)),  # CafeF: no offset, Vietnam time
    ("2026-03-07 08:07", vn(2026, 3, 7, 8, 7)),
    ("2026-03-07", vn(2026, 3, 7)),
    # without diacritics, other case, other ways of writing the time
    ("Thu Sau, 15/8/2025, 08:30 (GMT+7)", datetime(2025, 8, 15, 8, 30, tzinfo=PLUS_7)),
    ("THỨ SÁU, 15/8/2025, 08:30", vn(2025, 8, 15, 8, 30)),
    ("15 gio 30 ngay 15/08/2025", vn(2025, 8, 15, 15, 30)),
    ("8h30 sáng 15/8/2025", vn(2025, 8, 15, 8, 30)),
    ("2 giờ chiều ngày 15/8/2025", vn(2025, 8, 15, 14, 0)),
    ("8 giờ tối 15/8/2025", vn(2025, 8, 15, 20, 0)),
    ("15/8/2025 08:30 CH", vn(2025, 8, 15, 20, 30)),
    ("15/8/2025 12:15 SA", vn(2025, 8, 15, 0, 15)),
    ("15/8/2025 08:30:45", vn(2025, 8, 15, 8, 30, 45)),
    ("15/8/2025 (GMT-5)", datetime(2025, 8, 15, tzinfo=timezone(timedelta(hours=-5)))),
    ("07/03/2026 08:52 +07:00", datetime(2026, 3, 7, 8, 52, tzinfo=PLUS_7)),
    ("15/8/2025 08:30 UTC", datetime(2025, 8, 15, 8, 30, tzinfo=UTC)),
    # the first date of a longer text
    ("Đăng lúc 15/8/2025 08:30, cập nhật 16/8/2025 09:00", vn(2025, 8, 15, 8, 30)),
]

REJECTED = [
    "31/2/2025",  # impossible day
    "29/2/2025",  # not a leap year
    "12/31/2025",  # month-first is never read: month 31 does not exist
    "15/13/2025",
    "25:00 15/8/2025",  # impossible time
    "15/8/2025 08:61",
    "2025-02-30T08:00:00+07:00",
    "2025-08-15T08:30:00+25:00",
    "15/8/0999",  # out of range
    "",
    "   ",
    "xin chào",
    "Ngày 9-10, VKSND khu vực 7",  # day-month without a year is not a date
    "08:30",  # a time without a day
    "Số giấy phép: 146/GP-BVHTTDL",
]

RELATIVE = [
    ("2 giờ trước", NOW - timedelta(hours=2)),
    ("30 phút trước", NOW - timedelta(minutes=30)),
    ("30 phut truoc", NOW - timedelta(minutes=30)),
    ("45 giây trước", NOW - timedelta(seconds=45)),
    ("3 ngày trước", NOW - timedelta(days=3)),
    ("1 tuần trước", NOW - timedelta(days=7)),
    ("Cập nhật 5 giờ trước", NOW - timedelta(hours=5)),
    ("vừa xong", NOW),
    ("hôm qua", vn(2026, 3, 6)),
    ("hom qua", vn(2026, 3, 6)),
    ("Hôm qua lúc 20:15", vn(2026, 3, 6, 20, 15)),
    ("08:30 hôm nay", vn(2026, 3, 7, 8, 30)),
    ("hôm kia", vn(2026, 3, 5)),
]


@pytest.mark.parametrize(("text", "expected"), ABSOLUTE)
def test_it_parses_the_formats_of_vietnamese_news_sites(text: str, expected: datetime) -> None:
    parsed = parse_vietnamese_datetime(text)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("text", REJECTED)
def test_it_rejects_impossible_or_absent_dates(text: str) -> None:
    assert parse_vietnamese_datetime(text) is None


@pytest.mark.parametrize(("text", "expected"), RELATIVE)
def test_it_counts_relative_forms_back_from_now(text: str, expected: datetime) -> None:
    assert parse_vietnamese_datetime(text, now=NOW) == expected


def test_it_reads_day_first_even_when_month_first_would_also_be_valid() -> None:
    assert parse_vietnamese_datetime("06/03/2026") == vn(2026, 3, 6)
    assert parse_vietnamese_datetime("03/06/2026") == vn(2026, 6, 3)


def test_it_always_returns_an_aware_datetime() -> None:
    for text, _ in ABSOLUTE:
        parsed = parse_vietnamese_datetime(text)
        assert parsed is not None and parsed.tzinfo is not None and parsed.utcoffset() is not None


def test_it_uses_the_given_default_timezone_when_the_text_has_none() -> None:
    assert parse_vietnamese_datetime("15/8/2025 08:30", default_tz=UTC) == datetime(2025, 8, 15, 8, 30, tzinfo=UTC)
    # an explicit offset wins over the default
    assert parse_vietnamese_datetime("15/8/2025 08:30 GMT+7", default_tz=UTC) == datetime(
        2025, 8, 15, 1, 30, tzinfo=UTC
    )


def test_it_reads_a_naive_now_in_the_default_timezone() -> None:
    naive_now = datetime(2026, 3, 7, 10, 0)  # noqa: DTZ001 - the point of the test
    assert parse_vietnamese_datetime("2 giờ trước", now=naive_now) == vn(2026, 3, 7, 8, 0)


def test_it_takes_yesterday_in_vietnam_when_now_is_given_in_utc() -> None:
    # 20:00 UTC on the 6th is 03:00 on the 7th in Vietnam: "hôm qua" is the 6th
    assert parse_vietnamese_datetime("hôm qua", now=datetime(2026, 3, 6, 20, 0, tzinfo=UTC)) == vn(2026, 3, 6)


def test_it_defaults_now_to_the_current_time() -> None:
    parsed = parse_vietnamese_datetime("5 phút trước")
    assert parsed is not None
    assert timedelta(minutes=4) < datetime.now(UTC) - parsed < timedelta(minutes=6)


def test_it_handles_decomposed_unicode() -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", "ngày 5 tháng 12 năm 2025")
    assert parse_vietnamese_datetime(text) == vn(2025, 12, 5)


def test_it_stays_fast_on_long_hostile_text() -> None:
    import time

    start = time.perf_counter()
    assert parse_vietnamese_datetime("1" * 100_000) is None
    assert parse_vietnamese_datetime("15/" * 50_000) is None
    assert time.perf_counter() - start < 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("15/8/2025 08:30", vn(2025, 8, 15, 8, 30)),
        ("2025-08-15T01:30:00Z", datetime(2025, 8, 15, 1, 30, tzinfo=UTC)),
        (datetime(2025, 8, 15, 8, 30), vn(2025, 8, 15, 8, 30)),  # noqa: DTZ001 - naive is read as Vietnam time
        (datetime(2025, 8, 15, 1, 30, tzinfo=UTC), datetime(2025, 8, 15, 1, 30, tzinfo=UTC)),
    ],
)
def test_it_converts_any_value_to_an_aware_datetime(value: str | datetime | None, expected: datetime | None) -> None:
    parsed = parse_any_datetime(value)
    assert parsed == expected
    if parsed is not None:
        assert parsed.utcoffset() is not None
