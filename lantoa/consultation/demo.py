"""A real-looking provincial draft (a decision with its attached regulation on pavements), used by
``lantoa consultation_demo`` (demonstrations, the load benchmark) and by the tests."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lantoa.consultation import splitter
from lantoa.consultation.models import Consultation, Phase

HEADER = [
    "ỦY BAN NHÂN DÂN",
    "TỈNH THÁI NGUYÊN",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số:      /2026/QĐ-UBND",
    "Thái Nguyên, ngày      tháng      năm 2026",
    "DỰ THẢO",
    "QUYẾT ĐỊNH",
    "Ban hành Quy định về quản lý vỉa hè và lòng đường trên địa bàn tỉnh Thái Nguyên",
    "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025;",
    "Theo đề nghị của Giám đốc Sở Xây dựng.",
    "QUYẾT ĐỊNH:",
]
BODY = [
    ("Chương I", True),
    ("QUY ĐỊNH CHUNG", True),
    ("Điều 1. Phạm vi điều chỉnh", True),
    ("Quy định này quy định về quản lý, sử dụng tạm thời một phần vỉa hè, lòng đường.", False),
    ("Điều 2. Đối tượng áp dụng", True),
    ("1. Cơ quan, tổ chức, cá nhân có liên quan đến việc quản lý vỉa hè.", False),
    ("2. Hộ kinh doanh sử dụng tạm thời vỉa hè.", False),
    ("Chương II", True),
    ("QUY ĐỊNH CỤ THỂ", True),
    ("Mục 1. SỬ DỤNG VỈA HÈ", True),
    ("Điều 3. Sử dụng tạm thời vỉa hè để kinh doanh", True),
    ("1. Vỉa hè được sử dụng tạm thời khi bảo đảm các điều kiện sau:", False),
    ("a) Phần vỉa hè còn lại dành cho người đi bộ rộng tối thiểu 1,5 mét;", False),
    ("b) Không sử dụng vỉa hè trước cửa trường học, bệnh viện;", False),
    ("đ) Có giấy phép của Ủy ban nhân dân xã, phường.", False),
    ("2. Thời gian sử dụng không quá 12 tháng.", False),
    ("Điều 4. Phí sử dụng", True),
    ("Mức phí do Hội đồng nhân dân tỉnh quyết định./.", False),
]
CLOSING = ["Nơi nhận:", "- Như Điều 3;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def paragraphs() -> list[splitter.Paragraph]:
    return [
        *(splitter.Paragraph(line) for line in HEADER),
        *(splitter.Paragraph(line, bold=bold) for line, bold in BODY),
        *(splitter.Paragraph(line) for line in CLOSING),
    ]


@transaction.atomic
def create_published(organisation_code: str = "so-xay-dung", days: int = 30) -> Consultation:
    """A consultation open for ``days`` days, made without an actor (a system action: no audit event)."""
    from lantoa.consultation.services import store_units
    from lantoa.org.models import Organisation

    organisation = Organisation.objects.filter(code=organisation_code).first() or Organisation.objects.first()
    if organisation is None:
        raise LookupError("no organisation: load the reference data first (lantoa loadreference)")
    draft = splitter.split(paragraphs())
    now = timezone.now()
    consultation = Consultation.objects.create(
        title=draft.title, organisation=organisation, phase=Phase.OPEN, opens_at=now, published_at=now,
        closes_at=now + timedelta(days=days), summary="Dự thảo minh họa.",
    )  # fmt: skip
    store_units(consultation, draft)
    return consultation
