"""Dates as Vietnamese news sites write them, parsed into timezone-aware datetimes.

Day-first always ("6/3/2026" is the 6th of March, never June 3rd); impossible dates (31/2) give ``None``.
Handles, with or without diacritics:

- ISO 8601 from metadata: ``2025-08-15T08:30:00+07:00``, ``…Z``, ``2026-03-07T08:52:11.000 +07:00``, ``…+0700``;
- numeric day-first dates with an optional time before or after: ``Thứ Sáu, 15/8/2025, 08:30 (GMT+7)``,
  ``Thứ năm, 6/3/2026 - 17:05``, ``15:30 ngày 15/08/2025``, ``05-12-2025 09:00``, ``Cập nhật: 08:01 07/03/2026``;
- the spelled-out form ``ngày 5 tháng 12 năm 2025``;
- times written ``08:30``, ``8h30``, ``8 giờ 30``, with ``sáng/chiều/tối`` or ``SA/CH``/``AM/PM``;
- relative forms, counted back from ``now``: ``2 giờ trước``, ``30 phút trước``, ``hôm qua``, ``hôm nay 08:30``.

Without an explicit offset (``GMT+7``, ``+07:00``, ``Z``) the time is read in ``default_tz`` (Vietnam's zone).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from lantoa.vntext.normalize import fold

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

__all__ = ["VIETNAM", "parse_any_datetime", "parse_vietnamese_datetime"]

_MIN_YEAR = 1900
_MAX_YEAR = 2200
_MAX_INPUT = 2000  # a date string is short; longer text is cut (bounds the regex work)

# All patterns run on folded text: lower case, no diacritics, single spaces ("Thứ Sáu" -> "thu sau").
_ISO = re.compile(
    r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[t ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?)?"
    r"(?:\s?(?P<tz>z|[+-]\d{2}(?::?\d{2})?))?(?![\d:])"
)
_YEAR_FIRST = re.compile(r"(?<!\d)(?P<y>\d{4})(?P<sep>[/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)")
_DAY_FIRST = re.compile(r"(?<![\d/.])(?<!\d-)(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)")
_SPELLED = re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*thang\s*(?P<m>\d{1,2})\s*(?:nam\s*|,\s*|/\s*)?(?P<y>\d{4})(?!\d)")
_ZONE = re.compile(
    r"\(?\s*\b(?:gmt|utc)\s*(?:(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?)?\s*\)?"
    r"|(?<=\s)(?P<bare_sign>[+-])(?P<bare_h>\d{2}):(?P<bare_m>\d{2})(?!\d)"
)
_TIME = re.compile(
    r"(?<![\d/.:+-])(?P<H>\d{1,2})\s*(?P<sep>:|h(?![a-z])|g(?![a-z])|gio\b)\s*"
    r"(?:(?P<M>\d{2})(?!\d)(?:\s*(?::|phut\b)\s*(?:(?P<S>\d{2})(?!\d))?)?)?"
    r"(?:\s*(?P<half>sa|ch|am|pm|sang|trua|chieu|toi|dem)\b)?"
)
_RELATIVE = re.compile(r"(?<!\d)(?P<n>\d{1,4})\s*(?P<unit>giay|phut|gio|ngay|tuan|thang|nam)\s*truoc\b")
_JUST_NOW = re.compile(r"\b(?:vua xong|vua moi|moi day|ngay bay gio)\b")
_DAY_WORD = re.compile(r"\b(?:hom nay|hom qua|hom kia)\b")

_UNIT_SECONDS = {
    "giay": 1,
    "phut": 60,
    "gio": 3600,
    "ngay": 86400,
    "tuan": 7 * 86400,
    "thang": 30 * 86400,
    "nam": 365 * 86400,
}
_DAYS_BACK = {"hom nay": 0, "hom qua": 1, "hom kia": 2}


def parse_vietnamese_datetime(
    text: str, *, default_tz: tzinfo = VIETNAM, now: datetime | None = None
) -> datetime | None:
    """The first date (and time) written in ``text``, timezone-aware; ``None`` when there is none or it is impossible.

    A date without a time is midnight; a time without a date is ignored (unless "hôm nay"/"hôm qua" gives the day).
    ``now`` anchors the relative forms; it defaults to the current time, and a naive ``now`` is read in ``default_tz``.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    folded = fold(text[:_MAX_INPUT])
    try:
        iso = _ISO.search(folded)
        if iso is not None:
            return _from_iso(iso, default_tz)
        zone, folded = _take_zone(folded)
        found = min(
            (match for pattern in (_DAY_FIRST, _SPELLED, _YEAR_FIRST) if (match := pattern.search(folded))),
            key=lambda match: match.start(),
            default=None,
        )
        if found is None:
            return _relative(folded, default_tz, now, zone)
        day = _make_date(found["y"], found["m"], found["d"])
        clock = _find_time(_blank(_blank(folded, found), *_RELATIVE.finditer(folded)))
        return datetime.combine(day, clock or time(0), tzinfo=zone or default_tz)
    except (_ImpossibleError, OverflowError):  # OverflowError: "2030 năm trước", before the year 1
        return None


def parse_any_datetime(value: str | datetime | None, *, default_tz: tzinfo = VIETNAM) -> datetime | None:
    """A timezone-aware datetime from whatever a feed or page gave: a datetime (naive ones are read in
    ``default_tz``), a string in any format :func:`parse_vietnamese_datetime` knows, or nothing."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.utcoffset() is not None else value.replace(tzinfo=default_tz)
    return parse_vietnamese_datetime(value, default_tz=default_tz)


class _ImpossibleError(ValueError):
    """A date or time that cannot exist (31/2, 25:61, GMT+25): the whole text is rejected."""


def _from_iso(found: re.Match[str], default_tz: tzinfo) -> datetime:
    day = _make_date(found["y"], found["m"], found["d"])
    clock = time(0)
    if found["H"] is not None:
        fraction = (found["f"] or "0")[:6].ljust(6, "0")
        clock = _make_time(found["H"], found["M"], found["S"], None, int(fraction))
    zone = _offset(found["tz"]) if found["tz"] else default_tz
    return datetime.combine(day, clock, tzinfo=zone)


def _offset(raw: str) -> tzinfo:
    """ "z", "+07:00", "+0700", "+07" as a fixed offset."""
    if raw == "z":
        return UTC
    sign = -1 if raw[0] == "-" else 1
    digits = raw[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 14 or minutes > 59:
        raise _ImpossibleError(raw)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _take_zone(folded: str) -> tuple[tzinfo | None, str]:
    """An explicit "GMT+7" / "(GMT+07:00)" / "UTC" / " +07:00" and the text without it (so that "+07:00" is not
    read as a time of day)."""
    found = _ZONE.search(folded)
    if found is None:
        return None, folded
    sign = found["sign"] or found["bare_sign"]
    if sign is None:
        return UTC, _blank(folded, found)
    hours, minutes = found["h"] or found["bare_h"], found["m"] or found["bare_m"] or "00"
    return _offset(f"{sign}{int(hours):02d}{minutes}"), _blank(folded, found)


def _make_date(year: str, month: str, day: str) -> date:
    y, m, d = int(year), int(month), int(day)
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        raise _ImpossibleError(year)
    try:
        return date(y, m, d)
    except ValueError as error:
        raise _ImpossibleError(f"{day}/{month}/{year}") from error


def _make_time(hour: str, minute: str | None, second: str | None, half: str | None, micro: int = 0) -> time:
    h, m, s = int(hour), int(minute or 0), int(second or 0)
    afternoon = (
        (half in {"ch", "pm", "chieu", "toi"} and h < 12)
        or (half == "dem" and 6 <= h < 12)
        or (half == "trua" and h < 6)
    )
    if afternoon:
        h += 12
    elif half in {"sa", "am"} and h == 12:
        h = 0
    if h > 23 or m > 59 or s > 59:
        raise _ImpossibleError(f"{hour}:{minute}:{second}")
    return time(h, m, s, micro)


def _find_time(text: str) -> time | None:
    """The first time of day in ``text``, ``None`` when there is none.

    "08:30", "8h30", "8h", "8 giờ", "8 giờ 30", "08g30" are times; "08:" or "8g" alone are not.
    """
    for found in _TIME.finditer(text):
        if found["M"] is None and found["sep"] in {":", "g"}:
            continue
        return _make_time(found["H"], found["M"], found["S"], found["half"])
    return None


def _blank(text: str, *matches: re.Match[str]) -> str:
    """``text`` with the matched spans replaced by spaces (positions of later matches stay valid)."""
    for found in matches:
        start, end = found.span()
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _relative(folded: str, default_tz: tzinfo, now: datetime | None, zone: tzinfo | None) -> datetime | None:
    anchor = _anchor(now, default_tz)
    found = _RELATIVE.search(folded)
    if found is not None:
        return anchor - timedelta(seconds=int(found["n"]) * _UNIT_SECONDS[found["unit"]])
    if _JUST_NOW.search(folded):
        return anchor
    word = _DAY_WORD.search(folded)
    if word is None:
        return None
    local = anchor.astimezone(zone) if zone is not None else anchor
    day = local.date() - timedelta(days=_DAYS_BACK[word.group(0)])
    clock = _find_time(_blank(folded, word))
    return datetime.combine(day, clock or time(0), tzinfo=local.tzinfo)


def _anchor(now: datetime | None, default_tz: tzinfo) -> datetime:
    if now is None:
        return datetime.now(default_tz)
    if now.utcoffset() is None:
        return now.replace(tzinfo=default_tz)
    return now.astimezone(default_tz)
