"""Campaign fixtures: a Sở Y tế campaign, its two-step chain (a named spokesperson, then any agency officer of the
body), and uploaded/produced files in a temporary media folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lantoa.accounts.models import User
from lantoa.campaigns import services
from lantoa.campaigns.models import ApprovalChain, Campaign, ContentItem
from lantoa.org.models import Organisation
from lantoa.testing.factories import HOSTILE


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": folder}},
    }
    return folder


@pytest.fixture
def campaign(agency_officer: User, so_y_te: Organisation) -> Campaign:
    return services.do_create_campaign(
        agency_officer, so_y_te, title=f"Tiêm chủng mở rộng {HOSTILE}", policy="Nghị quyết về y tế cơ sở",
        goals="90% trẻ em được tiêm đủ mũi", audience="Cha mẹ trẻ dưới 5 tuổi", messages="Tiêm đủ, tiêm đúng lịch",
        starts_on=date(2026, 3, 1), ends_on=date(2026, 5, 31), channels=["facebook", "radio", "led"],
    )  # fmt: skip


@pytest.fixture
def chain(press_officer: User, spokesperson_user: User, so_y_te: Organisation) -> ApprovalChain:
    chain = services.do_create_chain(press_officer, so_y_te, "Duyệt tin Sở Y tế")
    services.do_add_step(press_officer, chain, user=spokesperson_user)
    services.do_add_step(press_officer, chain, role="agency_officer")
    return chain


BODY = "Từ ngày 01/3/2026, các trạm y tế xã tiêm miễn phí vắc xin sởi.\n\nĐưa trẻ đi tiêm đúng lịch."


@pytest.fixture
def item(agency_officer: User, campaign: Campaign) -> ContentItem:
    return services.do_create_item(
        agency_officer, campaign, title=f"Tiêm vắc xin sởi miễn phí {HOSTILE}", body=BODY, planned_on=date(2026, 3, 2),
        variants=[services.VariantText("facebook", "", f"Tiêm sởi miễn phí {HOSTILE}", date(2026, 3, 2))],
    )  # fmt: skip


@pytest.fixture
def approved(item: ContentItem, chain: ApprovalChain, agency_officer: User, spokesperson_user: User) -> ContentItem:
    services.do_submit(agency_officer, item)
    services.do_approve(spokesperson_user, item)
    return services.do_approve(agency_officer, item)
