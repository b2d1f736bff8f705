"""Briefings for the tests, made through the services."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from lantoa.briefings import intake, services
from lantoa.briefings.models import Briefing, BriefingKind
from lantoa.org.models import Organisation
from lantoa.testing.factories import HOSTILE


def province() -> Organisation:
    return Organisation.objects.get(code="ubnd-tinh")


def make_briefing(starts_at: datetime | None = None, **values: Any) -> Briefing:
    fields: dict[str, Any] = {
        "kind": BriefingKind.BRIEFING, "title": f"Giao ban báo chí tháng 3 {HOSTILE}", "host": province(),
        "starts_at": starts_at or timezone.now() + timedelta(days=3), "place": "Hội trường UBND tỉnh",
        "chair": "Nguyễn Văn Chủ Trì",
    }  # fmt: skip
    fields.update(values)
    return services.do_create_briefing(None, fields)


def form_data(briefing: Briefing, **values: str) -> dict[str, str]:
    data = {
        "journalist_name": "Phạm Phóng Viên", "outlet_name": "Báo Thái Nguyên", "email": "pv@baothainguyen.vn",
        "text": "Tiến độ giải phóng mặt bằng dự án đường vành đai 5 đến nay ra sao?", "trang_web": "",
        "token": intake.make_token(briefing.pk, issued_at=time.time() - 60),
    }  # fmt: skip
    data.update(values)
    return data
