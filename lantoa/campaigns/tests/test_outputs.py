import io
import re
import shutil
import subprocess
import wave
from datetime import date
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageFont

from lantoa.campaigns.outputs import leaflet, radio, slides
from lantoa.campaigns.outputs.leaflet import LeafletOverflowError, leaflet_pdf
from lantoa.campaigns.outputs.radio import AudioUnavailable, bulletin_script, bulletin_wav, wav_duration_seconds
from lantoa.campaigns.outputs.slides import SlideOverflowError, led_slide_png, slide_font_path

PANGRAM = "Trăm năm trong cõi người ta, chữ tài chữ mệnh khéo là ghét nhau. Ấy, ểnh ỹ ỵ Đồng ướt ơi ừ ẵng ẩn ỗ ợ"
VIETNAMESE_LETTERS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")

# --------------------------------------------------------------------------------------------------------------
# Radio script


def test_the_script_has_the_opening_the_text_in_words_and_the_closing() -> None:
    script = bulletin_script(
        "Thông báo lịch tiêm chủng",
        "Từ 7h30 ngày 15/8/2025, TYT xã tổ chức tiêm vắc-xin.\nBà con mang theo CCCD.\n\nLiên hệ ĐT 0208 3855 123.",
        organisation="UBND xã Phú Bình",
        on_date=date(2025, 8, 14),
    )
    paragraphs = script.split("\n\n")
    assert paragraphs[0] == (
        "Kính thưa toàn thể bà con nhân dân! Hôm nay, thứ năm, ngày mười bốn tháng tám năm hai nghìn không trăm hai "
        "mươi lăm, Ủy ban nhân dân xã Phú Bình xin thông báo tới bà con nội dung sau."
    )
    assert paragraphs[1] == "Thông báo lịch tiêm chủng."
    assert paragraphs[2] == (
        "Từ bảy giờ ba mươi phút ngày mười lăm tháng tám năm hai nghìn không trăm hai mươi lăm, trạm y tế xã tổ "
        "chức tiêm vắc-xin."
    )
    assert paragraphs[3] == "Bà con mang theo căn cước công dân."
    assert paragraphs[4] == "Liên hệ điện thoại không hai không tám, ba tám năm năm, một hai ba."
    assert paragraphs[5].startswith("Bà con vừa nghe thông báo của Ủy ban nhân dân xã Phú Bình.")
    assert paragraphs[5].endswith("Xin cảm ơn bà con đã chú ý lắng nghe!")
    assert not re.search(r"[0-9]", script)


def test_the_script_without_organisation_or_date_and_repeated() -> None:
    script = bulletin_script("Phòng chống cháy rừng", "Không đốt nương rẫy khi có gió lớn", repeat=True)
    paragraphs = script.split("\n\n")
    assert paragraphs[0] == "Kính thưa toàn thể bà con nhân dân!"
    assert paragraphs[2:5] == [
        "Không đốt nương rẫy khi có gió lớn",
        "Xin nhắc lại:",
        "Không đốt nương rẫy khi có gió lớn",
    ]
    assert paragraphs[-1] == radio.CLOSING
    with pytest.raises(ValueError, match="title or a body"):
        bulletin_script("  ", "\n")


# --------------------------------------------------------------------------------------------------------------
# Radio audio


def _wav(seconds: float, rate: int = 22050) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(b"\x00\x00" * round(seconds * rate))
    return buffer.getvalue()


def test_wav_duration_counts_the_frames_present() -> None:
    data = _wav(2.5)
    assert wav_duration_seconds(data) == pytest.approx(2.5)
    streamed = bytearray(data)  # what espeak-ng writes to a pipe: sizes it cannot know
    streamed[4:8] = (0x7FFFF024).to_bytes(4, "little")
    streamed[40:44] = (0x7FFFF000).to_bytes(4, "little")
    assert wav_duration_seconds(bytes(streamed)) == pytest.approx(2.5)
    fixed = radio._fix_streamed_header(bytes(streamed))
    with wave.open(io.BytesIO(fixed)) as wav:
        assert wav.getnframes() == round(2.5 * 22050)
    with pytest.raises(ValueError, match="not a WAV"):
        wav_duration_seconds(b"not audio at all")


def test_missing_espeak_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(radio.shutil, "which", lambda name: None)
    with pytest.raises(AudioUnavailable, match="espeak-ng"):
        bulletin_wav("Kính thưa bà con")


def test_a_hung_espeak_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def hang(*args: object, **kwargs: object) -> None:
        raise subprocess.TimeoutExpired("espeak-ng", 1)

    monkeypatch.setattr(radio.shutil, "which", lambda name: "/usr/bin/espeak-ng")
    monkeypatch.setattr(radio.subprocess, "run", hang)
    with pytest.raises(AudioUnavailable, match="quá"):
        bulletin_wav("Kính thưa bà con", timeout=1)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="empty"):
        bulletin_wav("  ")
    with pytest.raises(ValueError, match="speed"):
        bulletin_wav("Kính thưa bà con", speed=10)


@needs_espeak
def test_the_wav_is_valid_and_its_length_follows_the_text() -> None:
    sentence = "Kính thưa toàn thể bà con nhân dân, ủy ban nhân dân xã xin thông báo lịch tiêm chủng tháng tám."
    short = bulletin_wav(sentence)
    with wave.open(io.BytesIO(short)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        assert wav.getframerate() >= 16000
        assert wav.getnframes() * wav.getsampwidth() == len(short) - 44  # the header tells the truth
    short_seconds = wav_duration_seconds(short)
    words = len(sentence.split())
    assert short_seconds > 1.0
    assert 0.15 < short_seconds / words < 1.0  # a plausible pace: 60 to 400 syllables a minute
    long_seconds = wav_duration_seconds(bulletin_wav(" ".join([sentence] * 3)))
    assert 2.4 < long_seconds / short_seconds < 3.6  # proportional to the words
    slow_seconds = wav_duration_seconds(bulletin_wav(sentence, speed=100))
    assert slow_seconds > short_seconds * 1.2


@needs_espeak
def test_a_whole_bulletin_reads() -> None:
    script = bulletin_script(
        "Thông báo", "Họp dân lúc 19h ngày 20/8/2025 tại nhà văn hóa thôn.", organisation="UBND xã"
    )
    assert wav_duration_seconds(bulletin_wav(script)) > 5


# --------------------------------------------------------------------------------------------------------------
# LED slides


def _image(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(data))


@pytest.mark.parametrize(("orientation", "size"), [("landscape", (1920, 1080)), ("portrait", (1080, 1920))])
def test_slide_sizes(orientation: str, size: tuple[int, int]) -> None:
    image = _image(led_slide_png("Phòng chống cháy rừng", "Không đốt nương rẫy", orientation=orientation))
    assert image.size == size
    assert image.mode == "RGB"


def _box_of(image: Image.Image, colour: str) -> tuple[int, int, int, int] | None:
    """The bounding box of the pixels exactly of ``colour``."""
    solid = Image.new("RGB", image.size, colour)
    return ImageChops.difference(image, solid).convert("L").point(lambda v: 255 if v == 0 else 0).getbbox()


def test_the_text_is_drawn_large_inside_the_margins() -> None:
    image = _image(led_slide_png("Tiêm chủng", "Bà con đưa trẻ đến trạm y tế", organisation="UBND xã Phú Bình"))
    background, title_colour, body_colour, _organisation = slides.THEMES["red"]
    box = ImageChops.difference(image, Image.new("RGB", image.size, background)).getbbox()
    assert box is not None
    left, top, right, bottom = box
    assert left >= 60 and top >= 60 and right <= 1920 - 60 and bottom <= 1080 - 60
    rule = _box_of(image.crop((0, 0, 1920, 200)), title_colour)  # the yellow rule under the organisation
    assert rule is not None and rule[3] - rule[1] < 10
    title = _box_of(image.crop((0, rule[3] + 5, 1920, 1080)), title_colour)
    body = _box_of(image, body_colour)
    assert title is not None and body is not None
    assert title[3] - title[1] >= 80  # "Tiêm chủng": one line, at least 80 px from the marks to the descender
    assert body[3] - body[1] >= 48
    assert body[1] > rule[3] + 5 + title[3]  # the body below the title


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_long_text_shrinks_and_wraps_but_fits(orientation: str) -> None:
    body = "Không đốt nương rẫy khi có gió lớn, dọn thực bì trước mùa khô. " * 6
    layout_width = slides.SIZES[orientation][0] - 2 * 72
    image = _image(led_slide_png("Phòng cháy chữa cháy rừng mùa khô năm 2025", body, orientation=orientation))
    assert image.size == slides.SIZES[orientation]
    lines = slides._wrap(body, slides._font(slides.BODY_MIN), layout_width)
    assert all(slides._font(slides.BODY_MIN).getlength(line) <= layout_width for line in lines)
    assert " ".join(lines) == " ".join(body.split())  # wrapping loses no word


def test_a_long_word_is_broken_not_cut() -> None:
    font = slides._font(slides.BODY_MIN)
    word = "https://thainguyen.gov.vn/" + "a" * 120
    lines = slides._wrap(word, font, 600)
    assert "".join(lines) == word and len(lines) > 1
    assert all(font.getlength(line) <= 600 for line in lines)


def test_too_long_text_raises_with_what_to_cut() -> None:
    body = "Bà con chú ý phòng chống dịch bệnh cho đàn gia súc, gia cầm. " * 60
    with pytest.raises(SlideOverflowError) as raised:
        led_slide_png("Phòng dịch", body)
    assert isinstance(raised.value, ValueError)
    excess = raised.value.excess_characters
    assert 0 < excess < len(body)
    assert f"{excess} ký tự" in str(raised.value)
    led_slide_png("Phòng dịch", body[: len(body) - excess - 80])  # cutting what it says is enough
    with pytest.raises(ValueError, match="orientation"):
        led_slide_png("A", "B", orientation="square")


def test_the_font_covers_vietnamese() -> None:
    font = ImageFont.truetype(str(slide_font_path()), 80)
    missing = bytes(font.getmask("\U0010fffd"))  # a code point no font has: the "tofu" box
    for char in set(VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + PANGRAM) - {" ", ",", "."}:
        assert bytes(font.getmask(char)) != missing, char
    assert bytes(font.getmask("ế")) != bytes(font.getmask("e"))  # the marks are drawn


def test_vietnamese_text_renders_differently_from_tofu() -> None:
    real = led_slide_png("Ế", "ỹ")
    tofu = led_slide_png("\U0010fffd", "\U0010fffd")
    assert real != tofu


# --------------------------------------------------------------------------------------------------------------
# Leaflet

SECTIONS = [
    (
        "Vì sao phải tiêm chủng?",
        "Tiêm chủng giúp trẻ phòng 10 bệnh truyền nhiễm nguy hiểm.\nVắc-xin được Bộ Y tế cấp phép.",
    ),
    ("Lịch tiêm", "- Thứ Hai: thôn Đồng Tâm\n- Thứ Tư: thôn Hợp Thành\n- Thứ Sáu: tại Trạm Y tế xã"),
    ("Cần mang theo", "Sổ tiêm chủng, căn cước công dân của cha mẹ."),
    ("Sau khi tiêm", "Theo dõi trẻ 30 phút tại điểm tiêm và 24 giờ tại nhà."),
]


def _text(page: pdfium.PdfPage) -> str:
    return " ".join(page.get_textpage().get_text_range().split())


def test_the_leaflet_is_two_a4_landscape_pages_with_its_text() -> None:
    data = leaflet_pdf(
        "Tiêm chủng đầy đủ, bảo vệ con yêu",
        SECTIONS,
        organisation="Ủy ban nhân dân xã Phú Bình",
        contact="Trạm Y tế xã Phú Bình\nĐiện thoại: 0208 3855 123",
    )
    assert data.startswith(b"%PDF")
    document = pdfium.PdfDocument(data)
    try:
        assert len(document) == 2
        for page in document:
            width, height = page.get_size()
            assert width / 72 * 25.4 == pytest.approx(297, abs=0.5)
            assert height / 72 * 25.4 == pytest.approx(210, abs=0.5)
        outside, inside = _text(document[0]), _text(document[1])
    finally:
        document.close()
    assert "Tiêm chủng đầy đủ, bảo vệ con yêu" in outside
    assert "Ủy ban nhân dân xã Phú Bình" in outside
    assert "Điện thoại: 0208 3855 123" in outside
    assert "Nội dung chính" in outside and "Sau khi tiêm" in outside  # the flap lists the sections
    for heading, text in SECTIONS:
        assert heading in inside
        for line in text.split("\n"):
            assert line.removeprefix("- ") in inside


def test_the_leaflet_escapes_and_uses_the_configured_fonts(settings: Any) -> None:
    html = leaflet.leaflet_html("<b>Tiêu đề</b>", [("A & B", "<script>x</script>")])
    assert "<b>Tiêu đề</b>" not in html and "&lt;b&gt;" in html
    assert "<script>x" not in html
    settings.DIGEST_PDF_FONTS = "DejaVu Serif"
    assert "font-family: DejaVu Serif, serif" in leaflet.leaflet_html("T", [("A", "B")])


def test_a_leaflet_too_long_for_one_sheet_raises() -> None:
    with pytest.raises(LeafletOverflowError) as raised:
        leaflet_pdf("Tiêu đề", [("Phần một", "Bà con chú ý giữ gìn vệ sinh môi trường. " * 400)])
    assert isinstance(raised.value, ValueError)
    assert raised.value.excess_characters > 0
    with pytest.raises(ValueError, match="title"):
        leaflet_pdf(" ", SECTIONS)
    untitled = leaflet.leaflet_html("Tiêu đề", [("", "Lời mở đầu."), ("Phần một", "Nội dung.")])
    assert "<li>Phần một</li>" in untitled and "<li></li>" not in untitled
    with pytest.raises(ValueError, match="section"):
        leaflet_pdf("Tiêu đề", [("", " ")])
