"""The commune-radio bulletin (đài truyền thanh cấp xã): the announcer's script, in words a reader says aloud
(numbers, dates and abbreviations spelled out by ``vntext.speech``), and a synthesised reading of it as WAV.

The audio is espeak-ng's Vietnamese voice, run offline as a subprocess (Debian package ``espeak-ng``): robotic but
intelligible, a stand-in the commune can play when nobody is free to read; the script is what a person reads.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import wave
from datetime import date

from lantoa.vntext.speech import normalize_for_speech

__all__ = ["AudioUnavailable", "bulletin_script", "bulletin_wav", "wav_duration_seconds"]

ESPEAK = "espeak-ng"
VOICE = "vi"  # Northern Vietnamese; "vi-vn-x-central" and "vi-vn-x-south" also exist
WEEKDAYS = ("thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "chủ nhật")
OPENING = "Kính thưa toàn thể bà con nhân dân!"
CLOSING = "Bản tin đến đây là kết thúc. Xin cảm ơn bà con đã chú ý lắng nghe!"
MIN_SPEED, MAX_SPEED = 80, 450  # words per minute that espeak-ng accepts (-s)


class AudioUnavailable(RuntimeError):  # noqa: N818 - the name callers were promised
    """No audio could be made: espeak-ng or its Vietnamese voice is missing, or it failed or took too long. The
    message is Vietnamese, for the page that offers the audio."""


def _paragraphs(text: str) -> list[str]:
    """Non-empty paragraphs; a single line break inside a paragraph is a line of its own (lists, addresses)."""
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def bulletin_script(
    title: str, body: str, *, organisation: str = "", on_date: date | None = None, repeat: bool = False
) -> str:
    """The announcer's script: a standard opening (who speaks, the day), the title, the body in paragraphs, a
    closing; everything in the words read aloud. Paragraphs are separated by a blank line.

    ``organisation``: who issues the bulletin ("Ủy ban nhân dân xã Phú Bình"), named in the opening and the
    closing. ``on_date``: the day of broadcast, read with its weekday. ``repeat``: the body is read a second time
    after "Xin nhắc lại" (communes often do, for those who missed the first reading).
    """
    title, body = title.strip(), body.strip()
    if not title and not body:
        raise ValueError("a bulletin needs a title or a body")
    opening = [OPENING]
    when = ""
    if on_date is not None:
        when = f"Hôm nay, {WEEKDAYS[on_date.weekday()]}, ngày {on_date.day}/{on_date.month}/{on_date.year}, "
    speaker = _capitalise(normalize_for_speech(organisation.strip()))  # a name: "Ủy ban nhân dân xã …"
    if speaker:
        opening.append(f"{when}{speaker} xin thông báo tới bà con nội dung sau.")
    elif when:
        opening.append(f"{when}Đài truyền thanh xin thông báo tới bà con nội dung sau.")
    parts = [" ".join(opening)]
    if title:
        parts.append(title if title[-1] in ".!?:…" else f"{title}.")
    paragraphs = _paragraphs(body)
    parts += paragraphs
    if repeat and paragraphs:
        parts += ["Xin nhắc lại:", *paragraphs]
    closing = CLOSING
    if speaker:
        closing = f"Bà con vừa nghe thông báo của {speaker}. {CLOSING}"
    parts.append(closing)
    return "\n\n".join(_capitalise(normalize_for_speech(part)) for part in parts)


def _capitalise(text: str) -> str:
    """Capital letters where sentences start ("ủy ban nhân dân xã …" from "UBND xã …" opens a paragraph)."""
    return re.sub(r"(^|[.!?…]\s+)(\w)", lambda m: m.group(1) + m.group(2).upper(), text)


def _espeak() -> str:
    path = shutil.which(ESPEAK)
    if path is None:
        raise AudioUnavailable(
            "Không tạo được tệp âm thanh: máy chủ chưa cài espeak-ng (gói Debian espeak-ng). Bản đọc vẫn dùng được."
        )
    return path


def _fix_streamed_header(data: bytes) -> bytes:
    """espeak-ng writing to a pipe cannot seek back: its header claims ~2^31 bytes. Put the real sizes in."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise AudioUnavailable("Không tạo được tệp âm thanh: espeak-ng không trả về dữ liệu WAV.")
    position = 12
    while position + 8 <= len(data):
        chunk, size = data[position : position + 4], int.from_bytes(data[position + 4 : position + 8], "little")
        if chunk == b"data":
            real = len(data) - position - 8
            fixed = bytearray(data)
            fixed[4:8] = (len(data) - 8).to_bytes(4, "little")
            fixed[position + 4 : position + 8] = min(size, real).to_bytes(4, "little")
            return bytes(fixed)
        position += 8 + size + (size % 2)
    raise AudioUnavailable("Không tạo được tệp âm thanh: espeak-ng không trả về dữ liệu WAV.")


def bulletin_wav(script: str, *, speed: int = 150, voice: str = VOICE, timeout: float = 300.0) -> bytes:
    """The script read by espeak-ng's Vietnamese voice, as WAV bytes (mono, 16-bit, 22,050 Hz).

    ``speed``: words per minute (espeak-ng's ``-s``, 80-450; 150 is a calm reading pace). Runs offline, with the
    text on stdin (any length, nothing taken as an option) and a ``timeout`` in seconds. Raises
    ``AudioUnavailable`` when espeak-ng or the voice is missing, fails or times out; ``ValueError`` for an empty
    script or a speed out of range.
    """
    if not script.strip():
        raise ValueError("nothing to read: the script is empty")
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise ValueError(f"speed must be {MIN_SPEED}-{MAX_SPEED} words per minute, not {speed}")
    command = [_espeak(), "-v", voice, "-s", str(speed), "--stdin", "--stdout"]
    try:
        result = subprocess.run(  # noqa: S603 - a fixed program and arguments; the text goes to stdin
            command, input=script.encode("utf-8"), capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise AudioUnavailable(f"Không tạo được tệp âm thanh: espeak-ng chạy quá {timeout:g} giây.") from error
    except OSError as error:
        raise AudioUnavailable(f"Không tạo được tệp âm thanh: không chạy được espeak-ng ({error}).") from error
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip()[:200]
        raise AudioUnavailable(f"Không tạo được tệp âm thanh: espeak-ng báo lỗi ({detail}).")
    return _fix_streamed_header(result.stdout)


def wav_duration_seconds(data: bytes) -> float:
    """How long a WAV plays, in seconds, counting the frames really present (a streamed header may claim more).
    ``ValueError`` when ``data`` is not a WAV file."""
    try:
        with wave.open(io.BytesIO(data), "rb") as wav:
            rate = wav.getframerate()
            frame_bytes = wav.getsampwidth() * wav.getnchannels()
            frames = len(wav.readframes(wav.getnframes())) // frame_bytes
    except (wave.Error, EOFError) as error:
        raise ValueError(f"not a WAV file: {error}") from error
    return frames / rate
