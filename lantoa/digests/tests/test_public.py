"""Published digests on the public site: only issued ones the press office chose; drafts never."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lantoa.accounts.models import User
from lantoa.digests import services
from lantoa.digests.tests.conftest import DAY
from lantoa.monitoring.models import Story
from lantoa.testing.factories import unescaped
from lantoa.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


def test_an_issued_digest_is_public_only_once_published(news_day: dict[str, Story], press_officer: User) -> None:
    draft = services.do_create_draft(press_officer, "day", DAY)
    with pytest.raises(ValidationError):
        services.do_set_public(press_officer, draft, True)
    anonymous = Client()
    assert anonymous.get(reverse("digests_public:detail", args=[draft.pk])).status_code == 404
    issued = services.do_issue(press_officer, draft)
    assert anonymous.get(reverse("digests_public:detail", args=[issued.pk])).status_code == 404
    client_for(press_officer).post(reverse("digests:edit", args=[issued.pk]), {"action": "publish"})
    page = anonymous.get(reverse("digests_public:detail", args=[issued.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "ĐIỂM TIN BÁO CHÍ" in body and not unescaped(body) and "&lt;script&gt;" in body
    listed = anonymous.get(reverse("digests_public:list")).content.decode()
    assert reverse("digests_public:detail", args=[issued.pk]) in listed
    english = Client()
    english.post(reverse("set_language"), {"language": "en", "next": "/"})
    listing = english.get(reverse("digests_public:list")).content.decode()
    assert '<html lang="en">' in listing and "Published press digests" in listing
    services.do_set_public(press_officer, issued, False)
    assert anonymous.get(reverse("digests_public:detail", args=[issued.pk])).status_code == 404
