"""Evidence is immutable and hashed; tampering with a stored snapshot or file is reported; uploads are checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantoa.accounts.models import User
from lantoa.cases import integrity, services
from lantoa.cases.models import Attachment, AttachmentKind, Case, CaseEvent, EventKind, Evidence, SealedError
from lantoa.cases.tests.conftest import PDF, png_bytes
from lantoa.monitoring.models import Item
from lantoa.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(items: dict[str, Item], press_officer: User) -> Case:
    return services.do_open_case(press_officer, items["rumour"], "Tin đồn")


def _upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def _stored_files() -> list[Path]:
    root = Path(default_storage.path("cases"))
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def test_evidence_and_attachments_cannot_be_edited_or_deleted(case: Case, press_officer: User) -> None:
    evidence = Evidence.objects.get(case=case)
    evidence.canonical = evidence.canonical.replace("sắp vỡ", "an toàn")
    with pytest.raises(SealedError, match="Chứng cứ đã niêm phong khi mở vụ việc, không sửa được"):
        evidence.save()
    with pytest.raises(SealedError, match="không xóa được"):
        evidence.delete()
    attachment = services.do_add_attachment(press_officer, case, _upload("anh.png", png_bytes()))
    attachment.description = "đổi"
    with pytest.raises(SealedError):
        attachment.save()
    with pytest.raises(SealedError):
        attachment.delete()
    assert Evidence.objects.get(case=case).canonical == Evidence.objects.get(case=case).canonical  # unchanged
    assert "sắp vỡ" in Evidence.objects.get(case=case).snapshot["title"]
    # There is no edit path in the services or the pages either: only new attachments.
    assert not [name for name in dir(services) if name.startswith("do_") and "evidence" in name]


def test_attachments_are_stored_with_the_hash_of_their_bytes(case: Case, press_officer: User) -> None:
    image = png_bytes()
    first = services.do_add_attachment(press_officer, case, _upload("../../etc/anh chup.png", image, "text/plain"),
                                       description="Ảnh chụp bài đăng")  # fmt: skip
    second = services.do_add_attachment(press_officer, case, _upload("cong-van.pdf", PDF), AttachmentKind.SOURCE)
    assert (first.content_type, first.size, first.sha256) == ("image/png", len(image), integrity.sha256_hex(image))
    assert second.content_type == "application/pdf" and second.kind == AttachmentKind.SOURCE
    # The stored name owes nothing to the uploaded one.
    assert ".." not in first.file.name and first.file.name.startswith(f"cases/{case.year}/{case.code}/")
    with first.file.open("rb") as handle:
        assert handle.read() == image
    events = CaseEvent.objects.filter(case=case, kind=EventKind.ATTACHMENT)
    assert [event.data["sha256"] for event in events] == [first.sha256, second.sha256]
    assert services.do_verify_integrity(press_officer, case).ok


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bai.png", b"<html><script>alert(1)</script></html>", "không phải ảnh (PNG, JPEG, WebP) hay PDF"),
        ("hinh.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "không phải ảnh"),
        ("vo.png", png_bytes()[:40], "là ảnh hỏng, không đọc được"),
        ("cut.pdf", PDF[:30], "là PDF không trọn vẹn"),
        ("rong.png", b"", "rỗng"),
    ],
)
def test_refused_uploads_say_why_and_store_nothing(
    case: Case, press_officer: User, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)) as raised:
        services.do_add_attachment(press_officer, case, _upload(name, data, "image/png"))
    assert name in raised.value.messages[0]
    assert not Attachment.objects.exists() and _stored_files() == []
    assert not CaseEvent.objects.filter(kind=EventKind.ATTACHMENT).exists()


def test_a_file_too_large_is_refused_before_it_is_read(
    case: Case, press_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(integrity, "MAX_ATTACHMENT_BYTES", 1024 * 1024)
    big = png_bytes() + b"\0" * (1024 * 1024)
    with pytest.raises(ValidationError, match=r"Tệp “to.png” quá lớn \(1,0 MB\); tối đa 1 MB"):
        services.do_add_attachment(press_officer, case, _upload("to.png", big))
    assert not Attachment.objects.exists() and _stored_files() == []


def test_an_upload_error_is_shown_on_the_page(case: Case, press_officer: User) -> None:
    client = client_for(press_officer)
    url = reverse("cases:attach", args=[case.pk])
    page = client.post(url, {"file": _upload("bai.txt", b"chi la van ban"), "kind": "evidence"}, follow=True)
    assert "Tệp “bai.txt” không phải ảnh (PNG, JPEG, WebP) hay PDF" in page.content.decode()
    assert not Attachment.objects.exists()
    page = client.post(url, {"file": _upload("anh.png", png_bytes()), "kind": "evidence"}, follow=True)
    attachment = Attachment.objects.get()
    assert attachment.sha256 in page.content.decode()
    download = client.get(reverse("cases:attachment", args=[case.pk, attachment.pk]))
    assert b"".join(download.streaming_content) == png_bytes()  # type: ignore[attr-defined]
    assert download["X-Content-Type-Options"] == "nosniff" and "attachment" in download["Content-Disposition"]


def test_tampering_with_the_stored_snapshot_is_reported(case: Case, press_officer: User) -> None:
    assert services.do_verify_integrity(press_officer, case).ok
    evidence = Evidence.objects.get(case=case)
    # A queryset update bypasses the model's guard, as a database edit would.
    Evidence.objects.filter(pk=evidence.pk).update(canonical=evidence.canonical.replace("sắp vỡ", "an toàn"))
    report = services.do_verify_integrity(press_officer, case)
    assert not report.ok and [check.label for check in report.failures] == ["Bản chụp chứng cứ"]
    assert report.failures[0].expected == evidence.sha256
    # Rewriting the stored hash too still disagrees with the hash recorded when the case was opened.
    tampered = Evidence.objects.get(pk=evidence.pk)
    Evidence.objects.filter(pk=evidence.pk).update(sha256=integrity.text_hash(tampered.canonical))
    report = services.do_verify_integrity(press_officer, case)
    assert [check.label for check in report.failures] == ["Mã băm ghi lúc mở vụ việc"]
    last = CaseEvent.objects.filter(case=case, kind=EventKind.INTEGRITY).last()
    assert last is not None and last.data["ok"] is False and last.note == "KHÔNG KHỚP: 1 mục."


def test_tampering_with_an_attachment_or_the_referral_is_reported(items: dict[str, Item], press_officer: User) -> None:
    case = services.do_open_case(press_officer, items["rumour"])
    attachment = services.do_add_attachment(press_officer, case, _upload("anh.png", png_bytes()))
    services.do_add_verification(press_officer, case, "Đã xác minh.")
    services.do_set_outcome(press_officer, case, "false", "Sai.")
    referral = services.do_refer(press_officer, case)
    with default_storage.open(attachment.file.name, "wb") as handle:
        handle.write(png_bytes("blue"))
    Path(default_storage.path(referral.document.name)).write_bytes(b"PK edited")
    client = client_for(press_officer)
    page = client.post(reverse("cases:action", args=[case.pk]), {"action": "integrity"}, follow=True).content.decode()
    assert "KHÔNG KHỚP: Tệp “anh.png”." in page and "KHÔNG KHỚP: Văn bản chuyển Công an." in page
    assert attachment.sha256 in page  # the recorded hash beside the recomputed one
    default_storage.delete(attachment.file.name)
    failures = services.do_verify_integrity(press_officer, case).failures
    assert failures[0].actual == "(không tìm thấy tệp)"
