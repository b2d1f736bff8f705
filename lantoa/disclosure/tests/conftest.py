"""Uploaded files in a temporary media folder, and helpers that build requests and entries through the services."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lantoa.accounts.models import User
from lantoa.disclosure import register, services
from lantoa.disclosure.models import DisclosureEntry, InformationRequest, PublicationForm, ReceivedVia
from lantoa.org.models import Organisation
from lantoa.testing.factories import HOSTILE

TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": folder}},
    }
    return folder


def submission(**extra: Any) -> services.Submission:
    values: dict[str, Any] = {
        "name": f"Nguyễn Thị Dân {HOSTILE}", "address": "Tổ 5, phường Phan Đình Phùng", "email": "dan@example.vn",
        "phone": "", "information": f"Danh sách hộ được hỗ trợ sau bão {HOSTILE}", "purpose": "",
        "provision_form": "electronic", **extra,
    }  # fmt: skip
    return services.Submission(**values)


def entered(
    actor: User,
    organisation: Organisation | None,
    received_on: date = date(2026, 3, 2),
    today: date = TODAY,
    **extra: Any,
) -> InformationRequest:
    return services.do_enter(
        actor, submission(**extra), received_via=ReceivedVia.LETTER, received_on=received_on,
        organisation=organisation, today=today,
    )  # fmt: skip


def entry(actor: User, organisation: Organisation, today: date = TODAY, **extra: Any) -> DisclosureEntry:
    values: dict[str, Any] = {
        "organisation": organisation, "category": "du-toan-ngan-sach", "title": f"Dự toán ngân sách 2026 {HOSTILE}",
        "document_number": "12/QĐ-SYT", "issued_on": date(2026, 1, 20), "due_on": None, "form": "",
        "published_on": None, "url": "", "note": "", **extra,
    }  # fmt: skip
    return register.do_save_entry(actor, values, today=today)


def published(actor: User, organisation: Organisation, **extra: Any) -> DisclosureEntry:
    values = {"form": PublicationForm.PORTAL, "url": "https://syt.thainguyen.gov.vn/du-toan", **extra}
    values.setdefault("published_on", date(2026, 2, 10))
    return entry(actor, organisation, **values)
