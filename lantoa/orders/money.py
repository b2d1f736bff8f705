"""Whole đồng in, whole đồng out: "1.500.000" ↔ 1500000 ↔ "1.500.000 đ" (Vietnamese thousands separator)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Digits, optionally grouped by dots or spaces, optionally followed by "đ"/"đồng"/"VND". A comma is refused: in
# Vietnamese it is the decimal separator, and "1,5" could mean 1.5 or 15 depending on who typed it.
_AMOUNT = re.compile(r"^\s*(\d{1,3}(?:[. \u00a0]\d{3})+|\d+)\s*(?:đ|đồng|vnd|vnđ)?\s*$", re.IGNORECASE)
MAX_AMOUNT = 10**15  # a thousand trillion đồng: far beyond any provincial budget, and inside a 64-bit integer


def vnd(amount: int | None) -> str:
    if amount is None:
        return "—"
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,} đ".replace(",", ".")


def parse_vnd(text: str) -> int:
    match = _AMOUNT.match(text or "")
    if match is None:
        raise ValidationError(
            _("Số tiền không hợp lệ: nhập số đồng, ví dụ 1.500.000 (không dùng dấu phẩy, không có phần lẻ).")
        )
    value = int(re.sub(r"\D", "", match.group(1)))
    if value >= MAX_AMOUNT:
        raise ValidationError(_("Số tiền quá lớn."))
    return value
