"""A report's period: a calendar quarter or year, in local time (Asia/Ho_Chi_Minh)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Period:
    kind: str  # "quarter" or "year"
    year: int
    quarter: int = 0  # 1–4, 0 for a year

    def __post_init__(self) -> None:
        if self.kind == "quarter" and self.quarter not in (1, 2, 3, 4):
            raise ValueError(f"quarter must be 1–4, not {self.quarter!r}")
        if self.kind == "year" and self.quarter != 0:
            raise ValueError("a yearly period has no quarter")
        if self.kind not in ("quarter", "year"):
            raise ValueError(f"unknown period kind {self.kind!r}")
        if not 2000 <= self.year <= 2100:
            raise ValueError(f"year out of range: {self.year!r}")

    @property
    def first_day(self) -> date:
        return date(self.year, 1, 1) if self.kind == "year" else date(self.year, 3 * self.quarter - 2, 1)

    @property
    def last_day(self) -> date:
        """Inclusive."""
        return self.end_day - timedelta(days=1)

    @property
    def end_day(self) -> date:
        """Exclusive: the first day after the period."""
        if self.kind == "year" or self.quarter == 4:
            return date(self.year + 1, 1, 1)
        return date(self.year, 3 * self.quarter + 1, 1)

    @property
    def start(self) -> datetime:
        return local_midnight(self.first_day)

    @property
    def end(self) -> datetime:
        """Exclusive, aware."""
        return local_midnight(self.end_day)

    @property
    def months(self) -> list[date]:
        """The first day of each month of the period."""
        first = self.first_day.month
        return [date(self.year, month, 1) for month in range(first, first + (12 if self.kind == "year" else 3))]

    @property
    def quarters(self) -> list[int]:
        return [1, 2, 3, 4] if self.kind == "year" else [self.quarter]

    @property
    def label(self) -> str:
        """ "quý III năm 2026" / "năm 2026" (lower case, as it follows a noun in a sentence)."""
        return f"quý {ROMAN[self.quarter - 1]} năm {self.year}" if self.kind == "quarter" else f"năm {self.year}"


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def month_end(first: date) -> date:
    """The first day of the next month."""
    return date(first.year + 1, 1, 1) if first.month == 12 else date(first.year, first.month + 1, 1)
