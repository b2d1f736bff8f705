"""A published consultation built from the constructed draft, for the tests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lantoa.accounts.models import User
from lantoa.consultation import services
from lantoa.consultation.models import Consultation, Phase
from lantoa.consultation.tests.drafts import draft_docx


@pytest.fixture
def draft(agency_officer: User) -> Consultation:
    consultation = services.do_create(agency_officer, title="")
    services.do_import_draft(agency_officer, consultation, "du-thao.docx", draft_docx())
    consultation.refresh_from_db()
    return consultation


@pytest.fixture
def published(draft: Consultation, agency_officer: User) -> Consultation:
    services.do_update(agency_officer, draft, closes_at=timezone.now() + timedelta(days=30))
    consultation = services.do_advance(agency_officer, draft, Phase.OPEN)
    return consultation
