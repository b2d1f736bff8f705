import random
import re

import pytest

from lantoa.vntext.speech import (
    LETTER_NAMES,
    abbreviations,
    normalize_for_speech,
    read_digits,
    read_number,
    spell_letters,
)

# --------------------------------------------------------------------------------------------------------------
# Numbers

NUMBERS = [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (55, "năm mươi lăm"),
    (99, "chín mươi chín"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"),
    (1000, "một nghìn"),
    (1005, "một nghìn không trăm linh năm"),
    (1010, "một nghìn không trăm mười"),
    (1500, "một nghìn năm trăm"),
    (2025, "hai nghìn không trăm hai mươi lăm"),
    (10_000, "mười nghìn"),
    (21_000, "hai mươi mốt nghìn"),
    (100_000, "một trăm nghìn"),
    (1_000_000, "một triệu"),
    (1_000_500, "một triệu năm trăm"),
    (2_050_000, "hai triệu không trăm năm mươi nghìn"),
    (1_000_000_000, "một tỷ"),
    (1_000_000_005, "một tỷ không trăm linh năm"),
    (3_200_000_000, "ba tỷ hai trăm triệu"),
    (1_000_000_000_000, "một nghìn tỷ"),
    (-3, "âm ba"),
]


@pytest.mark.parametrize(("number", "words"), NUMBERS)
def test_read_number(number: int, words: str) -> None:
    assert read_number(number) == words


def test_southern_style() -> None:
    assert read_number(105, zero_tens="lẻ", thousand="ngàn") == "một trăm lẻ năm"
    assert read_number(2005, zero_tens="lẻ", thousand="ngàn") == "hai ngàn không trăm lẻ năm"
    assert normalize_for_speech("có 1.005 hộ", zero_tens="lẻ", thousand="ngàn") == "có một ngàn không trăm lẻ năm hộ"


def test_read_digits_and_letters() -> None:
    assert read_digits("0208") == "không hai không tám"
    assert spell_letters("XYZ") == "ích i dài dét"
    assert spell_letters("LMNR") == "e-lờ em-mờ en-nờ e-rờ"
    assert spell_letters("ĐW") == "đê vê kép"
    assert set("ABCDEFGHIJKLMNOPQRSTUVWXYZĐ") <= set(LETTER_NAMES)


# --------------------------------------------------------------------------------------------------------------
# The examples and each rule

CASES = [
    # the issue
    ("UBND", "ủy ban nhân dân"),
    ("15/8/2025", "ngày mười lăm tháng tám năm hai nghìn không trăm hai mươi lăm"),
    # dates
    ("Ngày 15/8/2025", "Ngày mười lăm tháng tám năm hai nghìn không trăm hai mươi lăm"),
    ("ngày 15/8", "ngày mười lăm tháng tám"),
    ("ngày 30/4 và 1/5", "ngày ba mươi tháng tư và ngày một tháng năm"),
    ("Quốc khánh 2/9", "Quốc khánh ngày hai tháng chín"),
    ("sáng 1/7", "sáng ngày một tháng bảy"),
    ("15-8-2025", "ngày mười lăm tháng tám năm hai nghìn không trăm hai mươi lăm"),
    ("15.08.2025", "ngày mười lăm tháng tám năm hai nghìn không trăm hai mươi lăm"),
    ("2025-08-15", "ngày mười lăm tháng tám năm hai nghìn không trăm hai mươi lăm"),
    ("từ 15-20/8/2025", "từ ngày mười lăm đến ngày hai mươi tháng tám năm hai nghìn không trăm hai mươi lăm"),
    ("15/8-20/8", "ngày mười lăm tháng tám đến ngày hai mươi tháng tám"),
    ("tháng 8/2025", "tháng tám năm hai nghìn không trăm hai mươi lăm"),
    ("tháng 4", "tháng tư"),
    ("ngày 5 tháng 12 năm 2025", "ngày năm tháng mười hai năm hai nghìn không trăm hai mươi lăm"),
    ("năm 2025", "năm hai nghìn không trăm hai mươi lăm"),
    ("giai đoạn 2021-2025", "giai đoạn hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm"),
    ("quý IV/2025", "quý bốn năm hai nghìn không trăm hai mươi lăm"),
    ("quý 3/2025", "quý ba năm hai nghìn không trăm hai mươi lăm"),
    # fractions
    ("2/3 số hộ", "hai phần ba số hộ"),
    ("chiếm 1/3", "chiếm một phần ba"),
    ("tỷ lệ 1/500", "tỷ lệ một phần năm trăm"),
    # times
    ("7h30", "bảy giờ ba mươi phút"),
    ("7h", "bảy giờ"),
    ("7h05", "bảy giờ năm phút"),
    ("7 giờ 30", "bảy giờ ba mươi"),
    ("14:00", "mười bốn giờ"),
    ("lúc 14:30 chiều", "lúc mười bốn giờ ba mươi phút chiều"),
    ("trong 24h qua", "trong hai mươi tư giờ qua"),
    ("từ 7-9 giờ", "từ bảy đến chín giờ"),
    ("từ 7h-9h30", "từ bảy giờ đến chín giờ ba mươi phút"),
    ("từ 7 - 9 giờ", "từ bảy đến chín giờ"),
    # numbers
    ("1.000.000", "một triệu"),
    ("có 12.000 hộ.", "có mười hai nghìn hộ."),
    ("đạt 3.000.", "đạt ba nghìn."),
    ("2,5", "hai phẩy năm"),
    ("2,05", "hai phẩy không năm"),
    ("3,14159", "ba phẩy một bốn một năm chín"),
    ("1.234,5", "một nghìn hai trăm ba mươi tư phẩy năm"),
    ("1,000,000", "một triệu"),
    ("4.0", "bốn chấm không"),
    ("-5", "âm năm"),
    ("nhiệt độ -5 độ", "nhiệt độ âm năm độ"),
    ("nhiệt độ −3 °C", "nhiệt độ âm ba độ xê"),
    ("Điều 5 - 7", "Điều năm đến bảy"),
    ("(5)", "(năm)"),
    ("007", "không không bảy"),
    ("05 người", "năm người"),
    # percentages, currency, units
    ("5%", "năm phần trăm"),
    ("2,5%", "hai phẩy năm phần trăm"),
    ("5-10%", "năm đến mười phần trăm"),
    ("50.000 đồng", "năm mươi nghìn đồng"),
    ("50.000đ", "năm mươi nghìn đồng"),
    ("50.000 đ", "năm mươi nghìn đồng"),
    ("100 VNĐ", "một trăm đồng"),
    ("10 USD", "mười đô la Mỹ"),
    ("$10", "mười đô la"),
    ("giá 45.000 đồng/kg", "giá bốn mươi lăm nghìn đồng một ki-lô-gam"),
    ("1,2 triệu đồng/người/tháng", "một phẩy hai triệu đồng một người một tháng"),
    ("12 km", "mười hai ki-lô-mét"),
    ("60 km/h", "sáu mươi ki-lô-mét trên giờ"),
    ("5 m2", "năm mét vuông"),
    ("20 m²", "hai mươi mét vuông"),
    ("3 ha", "ba héc-ta"),
    ("15 kg", "mười lăm ki-lô-gam"),
    ("25°C", "hai mươi lăm độ xê"),
    ("25oC", "hai mươi lăm độ xê"),
    ("mưa 120 mm", "mưa một trăm hai mươi mi-li-mét"),
    ("220V", "hai trăm hai mươi vôn"),
    ("Khu 5 V", "Khu năm vê"),
    ("500 người/km²", "năm trăm người trên ki-lô-mét vuông"),
    # ordinals and Roman numerals
    ("thứ 2", "thứ hai"),
    ("Thứ 4", "Thứ tư"),
    ("lần thứ 3", "lần thứ ba"),
    ("lần thứ 1", "lần thứ nhất"),
    ("KỲ HỌP THỨ 10", "KỲ HỌP THỨ mười"),
    ("Chương II", "Chương hai"),
    ("quý IV", "quý bốn"),
    ("Đại hội lần thứ XIV", "Đại hội lần thứ mười bốn"),
    ("thế kỷ XXI", "thế kỷ hai mươi mốt"),
    ("II. Nội dung", "hai. Nội dung"),
    ("mục C", "mục xê"),  # a letter, not 100
    # telephone numbers
    ("ĐT: 0208 3855 123", "điện thoại: không hai không tám, ba tám năm năm, một hai ba"),
    ("hotline 0912345678", "hotline không chín một hai, ba bốn năm, sáu bảy tám"),
    ("Gọi 0912.345.678 ngay", "Gọi không chín một hai, ba bốn năm, sáu bảy tám ngay"),
    ("+84 912 345 678", "cộng tám bốn, chín một hai, ba bốn năm, sáu bảy tám"),
    ("gọi 113", "gọi một một ba"),
    ("Tổng đài 1022 hỗ trợ", "Tổng đài một không hai hai hỗ trợ"),
    ("hotline 1900 1234", "hotline một chín không không, một hai ba bốn"),
    # abbreviations and documents
    ("HĐND, UBND tỉnh", "hội đồng nhân dân, ủy ban nhân dân tỉnh"),
    ("Nghị định số 30/2020/NĐ-CP", "Nghị định số ba mươi, năm hai nghìn không trăm hai mươi, nghị định chính phủ"),
    ("Quyết định số 1234/QĐ-UBND", "Quyết định số một nghìn hai trăm ba mươi tư, quyết định ủy ban nhân dân"),
    ("Quyết định 12-QĐ/TU", "Quyết định mười hai quyết định tỉnh ủy"),
    ("KT-XH", "kinh tế - xã hội"),
    ("TP. Thái Nguyên", "thành phố Thái Nguyên"),
    ("TP.HCM", "thành phố Hồ Chí Minh"),
    ("PGS.TS Nguyễn Văn An", "phó giáo sư tiến sĩ Nguyễn Văn An"),
    ("QL3, ĐT.261", "quốc lộ ba, đường tỉnh hai trăm sáu mươi mốt"),
    ("Luật số 55/2014/QH13", "Luật số năm mươi lăm, năm hai nghìn không trăm mười bốn, quốc hội mười ba"),
    ("sản phẩm OCOP", "sản phẩm ô-cốp"),
    ("COVID-19", "cô-vít mười chín"),
    # unknown capitals: letter by letter
    ("XYZ", "ích i dài dét"),
    ("H5N1", "hát năm en-nờ một"),
    ("F0, 5G", "ép không, năm giê"),
    ("ABC-XYZ", "a bê xê ích i dài dét"),
    # words in capitals that are Vietnamese stay words
    ("THÔNG BÁO KHẨN", "THÔNG BÁO KHẨN"),
    # symbols, addresses, slashes
    ("sở/ngành", "sở, ngành"),
    ("nam & nữ", "nam và nữ"),
    ("www.thainguyen.gov.vn", "www chấm thainguyen chấm gov chấm vn"),
    ("lienhe@thainguyen.gov.vn", "lienhe a còng thainguyen chấm gov chấm vn"),
    ("ＵＢＮＤ １２３", "ủy ban nhân dân một trăm hai mươi ba"),
]


@pytest.mark.parametrize(("text", "spoken"), CASES)
def test_normalize_for_speech(text: str, spoken: str) -> None:
    assert normalize_for_speech(text) == spoken


def test_a_sentence() -> None:
    text = (
        "UBND xã Phú Bình thông báo: từ 7h30 ngày 15/8/2025, tạm dừng lưu thông trên QL3 "
        "(đoạn Km 12 - Km 15) để thi công; mức phạt tới 2.000.000đ."
    )
    assert normalize_for_speech(text) == (
        "ủy ban nhân dân xã Phú Bình thông báo: từ bảy giờ ba mươi phút ngày mười lăm tháng tám năm hai nghìn "
        "không trăm hai mươi lăm, tạm dừng lưu thông trên quốc lộ ba (đoạn Km mười hai đến Km mười lăm) để thi "
        "công; mức phạt tới hai triệu đồng."
    )


def test_punctuation_and_paragraphs_are_kept() -> None:
    spoken = normalize_for_speech("Kính thưa bà con!\n\nHôm nay, 5 xã; ngày mai: 7 xã?  Vâng…")
    assert spoken == "Kính thưa bà con!\n\nHôm nay, năm xã; ngày mai: bảy xã? Vâng…"


def test_empty_and_plain_text() -> None:
    assert normalize_for_speech("") == ""
    assert normalize_for_speech("   ") == ""
    plain = "Bà con chú ý giữ gìn vệ sinh môi trường."
    assert normalize_for_speech(plain) == plain


# --------------------------------------------------------------------------------------------------------------
# The abbreviation table


def test_the_table_has_the_administrative_abbreviations() -> None:
    table = abbreviations()
    assert len(table) >= 60
    expected = {
        "UBND": "ủy ban nhân dân",
        "HĐND": "hội đồng nhân dân",
        "TP": "thành phố",
        "TX": "thị xã",
        "THPT": "trung học phổ thông",
        "THCS": "trung học cơ sở",
        "CSGT": "cảnh sát giao thông",
        "BHYT": "bảo hiểm y tế",
        "BHXH": "bảo hiểm xã hội",
        "ATGT": "an toàn giao thông",
        "MTTQ": "mặt trận tổ quốc",
        "NĐ-CP": "nghị định chính phủ",
        "QĐ": "quyết định",
        "UBMTTQ": "ủy ban mặt trận tổ quốc",
        "KT-XH": "kinh tế - xã hội",
    }
    for key, expansion in expected.items():
        assert table[key] == expansion


@pytest.mark.parametrize("key", sorted(abbreviations()))
def test_every_abbreviation_expands(key: str) -> None:
    expansion = abbreviations()[key]
    assert expansion.strip() == expansion and expansion
    assert not re.search(r"[0-9]", expansion)
    assert normalize_for_speech(f"Về {key} năm nay") == normalize_for_speech(f"Về {expansion} năm nay")


# --------------------------------------------------------------------------------------------------------------
# Nothing is dropped: a randomised check

_PIECES = [
    "15/8/2025", "ngày 2/9", "7h30", "14:00", "7-9 giờ", "1.000.000", "2,5", "-3", "4.0", "1.2.3", "45%",
    "50.000đ", "10 USD", "$5", "12 km", "3 ha", "25°C", "thứ 2", "Chương II", "0912345678", "0208 3855 123",
    "30/2020/NĐ-CP", "1/500", "99:99", "100/200", "5 V", "007", "12345678901234567890", "3,", "1,2,3", "H5N1",
    "tháng 13/2025", "45/13", "31/2/2025", "24h", "QL3", "(7)", "7-", "-", "/", "2024-2025", "1-2-3", "0,0", ".5",
    "km/h", "m2", "9/", "/9", "1:2", "12h60", "1..2", "1,,2", "+84", "+", "%", "°", "5h", "5 h", "№ 5", "x2",
]  # fmt: skip
_WORDS = ["bà", "con", "xã", "thông", "báo", "người", "dân", "tỉnh", "lúa", "đường", "ngày", "tháng", "năm", "số"]


def _unknown_capitals(rng: random.Random) -> str:
    letters = "BCDFGHJKLMNPQRSTVWXZĐ"
    return "".join(rng.choice(letters) for _ in range(rng.randint(2, 5)))


def test_no_digit_and_no_unknown_word_is_dropped() -> None:
    rng = random.Random(20250815)  # a reproducible sample
    for _ in range(400):
        unknown = [_unknown_capitals(rng) for _ in range(rng.randint(1, 3))]
        foreign = ["zqxw" + "".join(rng.choice("bcdfg") for _ in range(3)) for _ in range(rng.randint(0, 2))]
        parts = [*rng.sample(_PIECES, 4), *rng.sample(_WORDS, 3), *unknown, *foreign]
        rng.shuffle(parts)
        separators = [" ", " ", ", ", ". ", "\n", " - ", "/", ""]
        text = "".join(part + rng.choice(separators) for part in parts)
        spoken = normalize_for_speech(text)
        assert not re.search(r"[0-9]", spoken), (text, spoken)
        assert "\x01" not in spoken and "\x02" not in spoken
        for word in unknown:
            standalone = re.search(rf"(?<![^\W\d_]){word}(?![^\W\d_])", text)
            if standalone and word not in abbreviations():
                assert spell_letters(word) in spoken, (word, text, spoken)
            elif not standalone:  # glued to other letters: part of a longer word, spelled or kept as written
                assert word in spoken or spell_letters(word) in spoken, (word, text, spoken)
        for word in foreign:
            assert word in spoken, (word, text, spoken)
        for word in _WORDS:
            if word in text.split():
                assert word in spoken


def test_only_digits_and_symbols() -> None:
    for text in ["0", "1", "10", "000", "1/1", "1/0", "0/0", "99999999999999999999", "1e5", "½", "²", "①"]:
        spoken = normalize_for_speech(text)
        assert spoken
        assert not re.search(r"[0-9]", spoken), (text, spoken)
