"""The integrity scheme: canonical JSON of the evidence snapshot, SHA-256 of it and of every stored file, upload
checks, and the recomputation behind "verify integrity" (doc/cases.md explains what it does and does not prove)."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from lantoa.cases.models import Case
    from lantoa.monitoring.models import Item

# Bumped if the snapshot's fields ever change, so an old snapshot is still read with the rules it was made under.
SNAPSHOT_SCHEMA = 1
MAX_ATTACHMENT_BYTES: int = getattr(settings, "CASES_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)
# Type by content (magic bytes), never by the name or the browser's claim; SVG is refused (it can carry scripts).
ALLOWED_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp", "application/pdf": ".pdf"}


def canonical_json(data: dict[str, Any]) -> str:
    """Sorted keys, no insignificant spaces, UTF-8 letters kept: one text for one snapshot, whoever recomputes it."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_hash(text: str) -> str:
    return sha256_hex(text.encode("utf-8"))


def _iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def snapshot_of(item: Item, opened_at: datetime) -> dict[str, Any]:
    """What the case keeps of the item: its text, address, times and the scores that flagged it."""
    return {
        "schema": SNAPSHOT_SCHEMA,
        "item_id": item.pk,
        "source": item.source.name,
        "outlet": item.outlet_name,
        "kind": item.kind,
        "url": item.url,
        "title": item.title,
        "lead": item.lead,
        "body": item.body,
        "author": item.author,
        "published_at": _iso(item.published_at),
        "ingested_at": _iso(item.ingested_at),
        "opened_at": _iso(opened_at),
        "misinfo_risk": item.misinfo_risk,
        "toxicity": item.toxicity,
        "toxicity_score": item.toxicity_score,
    }


def sniff(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def read_upload(upload: UploadedFile) -> tuple[bytes, str]:
    """The file's bytes and its type, or a ValidationError that names the file and says what is accepted."""
    name = upload.name or _("(không tên)")
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name})
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s MB); tối đa %(max)d MB.")
            # A decimal comma, as Vietnamese writes it.
            % {"name": name, "size": f"{size / 1048576:.1f}".replace(".", ","), "max": MAX_ATTACHMENT_BYTES // 1048576}
        )
    data = b"".join(upload.chunks())
    content_type = sniff(data[:16])
    if content_type is None:
        raise ValidationError(
            _("Tệp “%(name)s” không phải ảnh (PNG, JPEG, WebP) hay PDF; chỉ nhận các loại tệp này.") % {"name": name}
        )
    if content_type.startswith("image/"):
        from PIL import Image

        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
        except Exception as exc:  # Pillow raises many types for broken files; any of them means "not an image"
            raise ValidationError(_("Tệp “%(name)s” là ảnh hỏng, không đọc được.") % {"name": name}) from exc
    elif b"%%EOF" not in data[-2048:]:
        raise ValidationError(_("Tệp “%(name)s” là PDF không trọn vẹn (thiếu phần kết thúc).") % {"name": name})
    return data, content_type


@dataclass
class Check:
    label: str
    expected: str
    actual: str

    @property
    def ok(self) -> bool:
        return self.expected == self.actual


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]

    def as_data(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checks": [{"label": c.label, "expected": c.expected, "actual": c.actual, "ok": c.ok} for c in self.checks],
        }


def _file_hash(field_file: Any) -> str:
    try:
        with field_file.open("rb") as handle:
            digest = hashlib.sha256()
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
            return digest.hexdigest()
    except (FileNotFoundError, OSError):
        return _("(không tìm thấy tệp)")


def verify(case: Case) -> Report:
    """Recompute every hash from what is stored now and compare it with the hash recorded when it was sealed; the
    evidence hash is also compared with the one written into the case's "opened" event."""
    from lantoa.cases.models import Attachment, CaseEvent, EventKind, Evidence, Referral

    report = Report()
    evidence = Evidence.objects.filter(case=case).first()
    if evidence is None:
        report.checks.append(Check(_("Bản chụp chứng cứ"), _("có"), _("không có")))
    else:
        report.checks.append(Check(_("Bản chụp chứng cứ"), evidence.sha256, text_hash(evidence.canonical)))
        opened = CaseEvent.objects.filter(case=case, kind=EventKind.OPENED).first()
        recorded = str((opened.data if opened else {}).get("sha256", ""))
        report.checks.append(Check(_("Mã băm ghi lúc mở vụ việc"), recorded, evidence.sha256))
    for attachment in Attachment.objects.filter(case=case):
        label = _("Tệp “%(name)s”") % {"name": attachment.original_name}
        report.checks.append(Check(label, attachment.sha256, _file_hash(attachment.file)))
    referral = Referral.objects.filter(case=case).first()
    if referral is not None:
        report.checks.append(Check(_("Văn bản chuyển Công an"), referral.sha256, _file_hash(referral.document)))
    return report
