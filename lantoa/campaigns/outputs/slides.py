"""Slides for the LED screens of communes and public places, as PNG: 1920×1080 (landscape, 16:9) or 1080×1920
(portrait, 9:16), large bold Vietnamese text in high contrast (yellow title and white body on dark red, or on dark
blue), wrapped to the width and made smaller until it fits. Text is never cut silently: what cannot fit at the
smallest legible sizes raises ``SlideOverflowError`` (a ``ValueError``) saying how many characters to cut.

The font is Noto Sans Bold when the system has it (Debian ``fonts-noto-core``), else DejaVu Sans Bold (Debian
``fonts-dejavu-core``, or matplotlib's own copy): both cover every Vietnamese letter with its stacked marks (ấ, ể, ỹ).
"""

from __future__ import annotations

import importlib.util
import io
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

__all__ = ["SIZES", "THEMES", "SlideOverflowError", "led_slide_png", "slide_font_path"]

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
# background, title, body, organisation line; all pass WCAG AAA contrast (>= 7:1) against their background
THEMES = {
    "red": ("#7a0a0a", "#ffd400", "#ffffff", "#ffe9a8"),
    "blue": ("#0a2a66", "#ffd400", "#ffffff", "#cfe0ff"),
}
# Sizes in pixels at 1080 px on the short side; scaled for other sizes
TITLE_MAX, TITLE_MIN = 120, 80
BODY_MAX, BODY_MIN = 80, 48
ORGANISATION_SIZE = 48
LINE_SPACING = 1.12
NOTO_SANS_BOLD = Path("/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf")
DEJAVU_SANS_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


class SlideOverflowError(ValueError):
    """The text does not fit even at the smallest sizes; ``excess_characters`` says about how many to cut."""

    def __init__(self, excess_characters: int) -> None:
        self.excess_characters = excess_characters
        super().__init__(
            f"Nội dung quá dài cho một trang màn hình LED: cần bớt khoảng {excess_characters} ký tự "
            f"(tiêu đề không nhỏ hơn {TITLE_MIN} px, nội dung không nhỏ hơn {BODY_MIN} px)."
        )


@lru_cache(maxsize=1)
def slide_font_path() -> Path:
    """The bold font the slides are drawn with: Noto Sans Bold if installed, else DejaVu Sans Bold (the system's,
    or the copy inside matplotlib, found without importing matplotlib: that takes a second)."""
    for candidate in (NOTO_SANS_BOLD, DEJAVU_SANS_BOLD):
        if candidate.exists():
            return candidate
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("no font for the slides: install fonts-noto-core or matplotlib")
    return Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf" / "DejaVuSans-Bold.ttf"


@lru_cache(maxsize=64)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(slide_font_path()), size)


def _line_box(font: ImageFont.FreeTypeFont) -> tuple[int, int]:
    """(offset of the highest mark above the drawing origin, height of a line with the tallest and deepest
    Vietnamese letters); "Ấ" and "Ỹ" reach above the font's ascent."""
    _left, top, _right, bottom = font.getbbox("ẤỂỸÁgjqỵ")
    return math.floor(top), math.ceil(bottom - top)


def _split_long_word(word: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """A word wider than the line (a web address) broken between characters: shown whole, never cut."""
    pieces, current = [], ""
    for char in word:
        if current and font.getlength(current + char) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    return [*pieces, current] if current else pieces


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines no wider than ``width``; the text's own line breaks are kept."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if font.getlength(candidate) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            if font.getlength(word) <= width:
                current = word
            else:
                *whole, current = _split_long_word(word, font, width)
                lines += whole
        if current:
            lines.append(current)
    return lines


@dataclass
class _Layout:
    title_font: ImageFont.FreeTypeFont
    body_font: ImageFont.FreeTypeFont
    title_lines: list[str]
    body_lines: list[str]
    height: int


def _layout(title: str, body: str, width: int, title_size: int, body_size: int) -> _Layout:
    title_font, body_font = _font(title_size), _font(body_size)
    title_lines, body_lines = _wrap(title, title_font, width), _wrap(body, body_font, width)
    height = len(title_lines) * math.ceil(_line_box(title_font)[1] * LINE_SPACING)
    height += len(body_lines) * math.ceil(_line_box(body_font)[1] * LINE_SPACING)
    if title_lines and body_lines:
        height += body_size  # the gap between title and body
    return _Layout(title_font, body_font, title_lines, body_lines, height)


def _excess(title: str, body: str, width: int, height: int, title_size: int, body_size: int) -> int:
    """How many characters must go so that the text fits at the smallest sizes: the body's lines beyond the space
    left (or, when the title alone is too long, the whole body and the title's extra lines)."""
    title_font, body_font = _font(title_size), _font(body_size)
    title_step = math.ceil(_line_box(title_font)[1] * LINE_SPACING)
    body_step = math.ceil(_line_box(body_font)[1] * LINE_SPACING)
    title_lines = _wrap(title, title_font, width)
    if len(title_lines) * title_step > height:
        kept = sum(len(line) + 1 for line in title_lines[: height // title_step])
        return len(body) + max(1, len(title) - kept)
    room = height - len(title_lines) * title_step - (body_size if title_lines else 0)
    kept = sum(len(line) + 1 for line in _wrap(body, body_font, width)[: max(0, room) // body_step])
    return max(1, len(body) - kept)


def led_slide_png(
    title: str, body: str, *, orientation: str = "landscape", organisation: str = "", theme: str = "red"
) -> bytes:
    """One slide as PNG bytes. ``orientation``: "landscape" (1920×1080) or "portrait" (1080×1920). ``theme``:
    "red" or "blue". ``organisation`` is shown small at the top. The title (yellow, 120 px down to 80 px) and the
    body (white, 80 px down to 48 px, line breaks kept) shrink together until they fit; ``SlideOverflowError`` when
    they do not fit at the smallest sizes."""
    if orientation not in SIZES:
        raise ValueError(f"orientation must be one of {', '.join(SIZES)}, not {orientation!r}")
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {theme!r}")
    title, body, organisation = title.strip(), body.strip(), " ".join(organisation.split())
    if not title and not body:
        raise ValueError("a slide needs a title or a body")
    width, height = SIZES[orientation]
    scale = min(width, height) / 1080
    margin = round(72 * scale)
    text_width = width - 2 * margin
    top = margin
    organisation_font = _font(round(ORGANISATION_SIZE * scale))
    organisation_lines = _wrap(organisation, organisation_font, text_width) if organisation else []
    organisation_line = math.ceil(_line_box(organisation_font)[1] * LINE_SPACING)
    if organisation_lines:
        top += len(organisation_lines) * organisation_line + round(36 * scale)  # the lines, the rule, a gap
    available = height - top - margin

    def sizes(step: int, steps: int = 40) -> tuple[int, int]:  # step 0: the largest sizes; steps: the smallest
        fraction = 1 - step / steps
        return (
            round((TITLE_MIN + (TITLE_MAX - TITLE_MIN) * fraction) * scale),
            round((BODY_MIN + (BODY_MAX - BODY_MIN) * fraction) * scale),
        )

    smallest = _layout(title, body, text_width, *sizes(40))
    if smallest.height > available:
        raise SlideOverflowError(_excess(title, body, text_width, available, *sizes(40)))
    low, high, layout = 0, 40, smallest  # the largest sizes that fit: the height shrinks with the sizes
    while low < high:
        middle = (low + high) // 2
        candidate = _layout(title, body, text_width, *sizes(middle))
        if candidate.height <= available:
            layout, high = candidate, middle
        else:
            low = middle + 1

    background, title_colour, body_colour, organisation_colour = THEMES[theme]
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    y = margin
    for line in organisation_lines:
        offset, _ = _line_box(organisation_font)
        draw.text((margin, y - offset), line, font=organisation_font, fill=organisation_colour)
        y += organisation_line
    if organisation_lines:
        rule_y = y + round(12 * scale)
        draw.rectangle((margin, rule_y, width - margin, rule_y + max(2, round(4 * scale))), fill=title_colour)
    y = top + (available - layout.height) // 2  # the text block centred in the space left
    centre_body = len(layout.body_lines) <= 3  # a short body reads best centred
    for lines, font, colour, centred in (
        (layout.title_lines, layout.title_font, title_colour, True),
        (layout.body_lines, layout.body_font, body_colour, centre_body),
    ):
        offset, line_height = _line_box(font)
        step_y = math.ceil(line_height * LINE_SPACING)
        for line in lines:
            x = margin + (text_width - font.getlength(line)) / 2 if centred else margin
            draw.text((x, y - offset), line, font=font, fill=colour)
            y += step_y
        if lines is layout.title_lines and layout.title_lines and layout.body_lines:
            y += round(layout.body_font.size)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
