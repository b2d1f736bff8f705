"""Fuzzing the Vietnamese text core's parsers: the alert-rule language (only ``QueryError``, with a position inside
the rule, may come out), the legacy-encoding converters (any text in, Unicode out) and the date parser (any text in,
an aware datetime or None out). Random text and almost-valid input built from the grammar's own pieces."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lantoa.vntext.dates import VIETNAM, parse_any_datetime, parse_vietnamese_datetime
from lantoa.vntext.legacy import detect_legacy, tcvn3_to_unicode, to_unicode, viqr_to_unicode, vni_to_unicode
from lantoa.vntext.query import Document, QueryError, parse

pytestmark = pytest.mark.slow
FUZZ = settings.get_profile("lantoa-fuzz")

# --- alert rules ---------------------------------------------------------------------------------------------------

RULE_PIECES = [
    "AND", "OR", "NOT", "NEAR", "NEAR/0", "NEAR/5", "NEAR/50", "NEAR/51", "NEAR/", "NEAR/x", "NEAR/-1", "NEAR/²",
    "NEAR/٣", "NEAR/99999999999999999999", "near", "(", ")", "((", "))", '"', "“", "”", '""', "“”", "-", "+", "*",
    ",", ".", "/", "\\", "'", "Thái Nguyên", "Đại Từ", "dinh hoa", "Phổ Yên", "ô nhiễm", "\x00", "\u200b", "\ufeff",
    "\u0301", "\t", "\n", " ", "AND(", "NOT(", ")OR(", "𝐓𝐡á𝐢", "x" * 500,
]  # fmt: skip

rules = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(RULE_PIECES), max_size=25).map(" ".join),
    st.lists(st.one_of(st.sampled_from(RULE_PIECES), st.text(max_size=5)), max_size=25).map("".join),
)


def _check_rule(text: str, document: Document) -> None:
    try:
        query = parse(text)
    except QueryError as error:
        assert 1 <= error.position <= max(len(text), 1), (error.code, error.position, len(text))
        assert error.message and error.message == str(error)
        return
    assert query.terms, text  # a rule that parses has something that must appear
    assert query.matches(document) in (True, False)


@settings(parent=FUZZ)
@given(rules, st.text(max_size=200))
def test_it_parses_rules_or_refuses_them_with_a_position_inside_the_rule(text: str, body: str) -> None:
    _check_rule(text, Document(["Thái Nguyên: ô nhiễm ở Đại Từ, Định Hóa", body]))


@pytest.mark.parametrize(
    ("text", "code", "position"),
    [
        ("a NEAR/² b", "near_distance", 3),
        ("a NEAR/" + "9" * 5000 + " b", "near_distance", 3),
        ("a AND", "missing_operand", 3),
        ("a OR", "missing_operand", 3),
        ("NOT", "missing_operand", 1),
        ("(a", "unclosed_paren", 1),
        ('"a', "unclosed_quote", 1),
    ],
)
def test_it_names_the_position_of_errors_at_the_end_of_a_rule(text: str, code: str, position: int) -> None:
    """Found by fuzzing: a NEAR distance in digits int() refuses ("²") or too long for it (5,000 digits) passed
    ``isdigit()``, then ``int()`` raised a bare ValueError; every error at the end of a rule points inside it."""
    with pytest.raises(QueryError) as raised:
        parse(text)
    assert (raised.value.code, raised.value.position) == (code, position)


def test_it_reads_a_near_distance_in_other_decimal_digits() -> None:
    assert parse("a NEAR/٣ b").root.distance == 3  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["2030 năm trước", "9999 tuần trước", "hôm kia"])
def test_it_gives_none_for_relative_dates_before_the_year_1(text: str) -> None:
    """Found by fuzzing: counting back past the year 1 raised OverflowError."""
    assert parse_vietnamese_datetime(text, now=datetime(1, 1, 2, tzinfo=UTC)) is None


# --- legacy encodings -------------------------------------------------------------------------------------------------

# What a legacy document looks like once decoded as cp1252/latin-1: ASCII, Latin-1 letters, cp1252's typography.
CP1252_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
LEGACY_ALPHABET = st.characters(min_codepoint=0, max_codepoint=0xFF) | st.sampled_from(CP1252_EXTRA)
LEGACY_WORDS = [
    "ViÖt", "Nam", "THµNH", "PHÇN", "Vieät", "ngöôøi", "Vie^.t", "ngu+o+`i", "dd", "DD", "a(", "o+", "\\.", "?", "~",
    "Th¸i", "Nguyªn", "ñaïi", "töø", "\u0301", "ơ", "ư", "ạ", "\x81", "\x9d", "ÿ", "", "Ñ", "ß",
]  # fmt: skip
legacy_text = st.one_of(
    st.text(alphabet=LEGACY_ALPHABET, max_size=200),
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(LEGACY_WORDS), st.text(alphabet=LEGACY_ALPHABET, max_size=4)), max_size=40).map(
        " ".join
    ),
)


@settings(parent=FUZZ)
@given(legacy_text)
def test_it_converts_any_text_from_legacy_encodings_to_unicode(text: str) -> None:
    for convert in (tcvn3_to_unicode, vni_to_unicode, viqr_to_unicode):
        converted = convert(text)
        assert isinstance(converted, str)
        if all(ord(char) < 0x100 or char in CP1252_EXTRA for char in text):  # a legacy document, as documented
            assert unicodedata.is_normalized("NFC", converted), (convert.__name__, text)
    assert detect_legacy(text) in (None, "tcvn3", "vni", "viqr")
    converted, encoding = to_unicode(text)
    assert isinstance(converted, str)
    assert (encoding is None) == (converted == text) or encoding is not None


# --- dates ------------------------------------------------------------------------------------------------------------

DATE_PIECES = [
    "15/8/2025", "31/2/2025", "0/0/0000", "99/99/9999", "29/02/2024", "2025-08-15T08:30:00+07:00", "2025-08-15T24:00",
    "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "1900-01-01", "2200-12-31", "2201-01-01", "1899-12-31",
    "+07:00", "+0700", "+99:99", "-23:59", "Z", "GMT+7", "GMT+14", "GMT-99", "UTC", "(GMT+7)", "08:30", "25:61",
    "8h30", "8 giờ 30", "sáng", "chiều", "tối", "SA", "CH", "AM", "PM", "12 PM", "0 AM", "ngày", "tháng", "năm",
    "ngày 5 tháng 12 năm 2025", "ngày 31 tháng 4 năm 2025", "2 giờ trước", "9999 năm trước", "9999 tuần trước",
    "30 phút trước", "hôm qua", "hôm kia", "hôm nay", "vừa xong", "Thứ Sáu,", "-", ",", "2025.08.15", "2025/8/15",
    ".000", ".9999999999", "T", "\x00", "\u200b", "١٥/٨/٢٠٢٥", "١٥", "²",
]  # fmt: skip
date_texts = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(DATE_PIECES), max_size=8).map(" ".join),
    st.lists(st.one_of(st.sampled_from(DATE_PIECES), st.text(max_size=4)), max_size=8).map("".join),
)
anchors = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),  # noqa: DTZ001 - naive on purpose
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)),  # noqa: DTZ001
)
zones = st.sampled_from([VIETNAM, UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))])


@settings(parent=FUZZ)
@given(date_texts, anchors, zones)
def test_it_reads_dates_or_gives_none(text: str, now: datetime | None, zone: timezone) -> None:
    found = parse_vietnamese_datetime(text, default_tz=zone, now=now)
    assert found is None or (isinstance(found, datetime) and found.utcoffset() is not None)
    again = parse_any_datetime(text, default_tz=zone)
    assert again is None or again.utcoffset() is not None
