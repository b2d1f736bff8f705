"""Deadlines as the Civil Code counts them: every calendar day counts, the end moves off days off."""

from __future__ import annotations

from datetime import date

from lantoa.core import calendar


def test_thirty_days_count_weekends_and_end_on_a_working_day() -> None:
    # Received Friday 06/03/2026: day 30 is Sunday 05/04 → Monday 06/04.
    assert calendar.legal_deadline(date(2026, 3, 6), 30) == date(2026, 4, 6)
    # Received Monday 02/03/2026: day 30 is Wednesday 01/04, a working day: unchanged.
    assert calendar.legal_deadline(date(2026, 3, 2), 30) == date(2026, 4, 1)


def test_a_deadline_falling_in_the_tet_holiday_moves_past_it() -> None:
    # 18/01/2026 + 30 days = Tuesday 17/02/2026, inside the Tết days off (16–20/02) → Monday 23/02.
    assert calendar.legal_deadline(date(2026, 1, 18), 30) == date(2026, 2, 23)


def test_working_days_skip_weekends_holidays_and_honour_make_up_saturdays() -> None:
    assert calendar.add_working_days(date(2026, 4, 28), 3) == date(
        2026, 5, 5
    )  # 29/04, (30/04, 01/05 off), 04/05, 05/05
    assert calendar.is_working_day(date(2025, 4, 26))  # a Saturday worked to bridge 30/4–1/5
    assert not calendar.is_working_day(date(2026, 2, 18))
    assert calendar.next_working_day(date(2026, 2, 14)) == date(2026, 2, 23)


def test_extra_holidays_from_settings(settings: object) -> None:
    calendar._calendar.cache_clear()
    settings.EXTRA_HOLIDAYS = ["2026-04-01"]  # type: ignore[attr-defined]
    try:
        assert calendar.legal_deadline(date(2026, 3, 2), 30) == date(2026, 4, 2)
    finally:
        calendar._calendar.cache_clear()
