"""The outputs wired to the content: radio script + WAV, LED slides, leaflet PDF, stored and downloadable.
The writers themselves are tested in test_outputs.py (their module); here: what gets stored, from which text."""

from __future__ import annotations

import io
import shutil

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lantoa.accounts.models import User
from lantoa.campaigns import services
from lantoa.campaigns.models import ContentItem, Output, OutputKind
from lantoa.testing.fixtures import client_for


def test_radio_bulletin_script_and_audio(approved: ContentItem, agency_officer: User) -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng): no audio to check")
    from lantoa.campaigns.outputs.radio import wav_duration_seconds

    produced = services.do_produce_radio(agency_officer, approved)
    assert produced.warning == ""
    script, wav = (Output.objects.get(kind=kind) for kind in (OutputKind.RADIO_SCRIPT, OutputKind.RADIO_WAV))
    text = script.file.read().decode()
    assert "Sở Y tế" in text and "tháng" in text  # dates spelled out for the announcer
    seconds = wav_duration_seconds(wav.file.read())
    assert seconds > 5 and abs(seconds - wav.meta["seconds"]) < 0.2
    download = client_for(agency_officer).get(reverse("campaigns:output_download", args=[wav.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content)[:4] == b"RIFF"


def test_radio_without_espeak_keeps_the_script_and_says_why(
    approved: ContentItem, agency_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lantoa.campaigns.outputs import radio

    def unavailable(script: str, **kwargs: object) -> bytes:
        raise radio.AudioUnavailable("espeak-ng chưa được cài đặt")

    monkeypatch.setattr(radio, "bulletin_wav", unavailable)
    produced = services.do_produce_radio(agency_officer, approved)
    assert [o.kind for o in produced.outputs] == [OutputKind.RADIO_SCRIPT]
    assert "espeak-ng chưa được cài đặt" in produced.warning


def test_led_slides_one_per_paragraph_in_both_orientations(approved: ContentItem, agency_officer: User) -> None:
    from PIL import Image

    landscape = services.do_produce_led_slides(agency_officer, approved)
    portrait = services.do_produce_led_slides(agency_officer, approved, orientation="portrait")
    assert len(landscape.outputs) == 2  # the fixture's body has two paragraphs
    for output, size in ((landscape.outputs[0], (1920, 1080)), (portrait.outputs[0], (1080, 1920))):
        with Image.open(io.BytesIO(output.file.read())) as image:
            assert image.size == size == (output.meta["width"], output.meta["height"])


def test_led_text_that_cannot_fit_is_a_clear_error(
    approved: ContentItem, agency_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lantoa.campaigns.outputs import slides

    def too_long(title: str, body: str, **kwargs: object) -> bytes:
        raise ValueError("chữ cỡ nhỏ nhất vẫn tràn 3 dòng")

    monkeypatch.setattr(slides, "led_slide_png", too_long)
    with pytest.raises(ValidationError) as caught:
        services.do_produce_led_slides(agency_officer, approved)
    assert "Trang 1 không vừa màn hình LED (chữ cỡ nhỏ nhất vẫn tràn 3 dòng)" in caught.value.messages[0]
    assert Output.objects.count() == 0


def test_leaflet_pdf_from_sections(approved: ContentItem, agency_officer: User) -> None:
    assert services.leaflet_sections("Mở đầu\n## Ai được tiêm\nTrẻ dưới 5 tuổi\n## Ở đâu\nTrạm y tế xã") == [
        ("", "Mở đầu"), ("Ai được tiêm", "Trẻ dưới 5 tuổi"), ("Ở đâu", "Trạm y tế xã"),
    ]  # fmt: skip
    produced = services.do_produce_leaflet(agency_officer, approved)
    assert produced.outputs[0].file.read()[:5] == b"%PDF-"


def test_a_leaflet_too_long_is_a_clear_error_and_nothing_is_stored(
    approved: ContentItem, agency_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lantoa.campaigns.outputs import leaflet

    def overflow(title: str, sections: object, **kwargs: object) -> bytes:
        raise leaflet.LeafletOverflowError(120)

    monkeypatch.setattr(leaflet, "leaflet_pdf", overflow)
    with pytest.raises(ValidationError) as caught:
        services.do_produce_leaflet(agency_officer, approved)
    assert (
        "Không làm được tờ gấp (Nội dung quá dài cho tờ gấp ba: cần bớt khoảng 120 ký tự.)" in caught.value.messages[0]
    )
    assert Output.objects.count() == 0


def test_outputs_need_rights_on_the_item(approved: ContentItem, leader: User, agency_officer: User) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.do_produce_leaflet(leader, approved)
    output = services.do_produce_leaflet(agency_officer, approved).outputs[0]
    assert client_for(leader).get(reverse("campaigns:output_download", args=[output.pk])).status_code == 200
    from lantoa.accounts.roles import Role
    from lantoa.testing.fixtures import make_user

    other = make_user("cb_tp3", [Role.AGENCY_OFFICER], "so-tu-phap")
    assert client_for(other).get(reverse("campaigns:output_download", args=[output.pk])).status_code == 403
