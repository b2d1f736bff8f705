import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from lantoa.accounts.models import User
from lantoa.core import heartbeat
from lantoa.core.models import WorkerHeartbeat
from lantoa.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_queue_and_worker() -> None:
    WorkerHeartbeat.objects.all().delete()
    response = Client().get("/healthz")
    assert response.status_code == 200
    report = response.json()
    assert report["database"]["status"] == "ok"
    assert report["queue"]["status"] == "ok"
    assert report["worker"]["status"] == "missing"
    assert report["status"] == "degraded"
    heartbeat.beat()
    assert Client().get("/healthz").json()["status"] == "ok"


def test_a_silent_worker_is_reported_stale() -> None:
    heartbeat.beat()
    WorkerHeartbeat.objects.update(seen_at=datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")))
    assert Client().get("/healthz").json()["worker"]["status"] == "stale"


def test_the_dashboard_is_in_vietnamese_by_default(press_officer: User) -> None:
    body = client_for(press_officer).get(reverse("dashboard")).content.decode()
    assert '<html lang="vi">' in body
    for text in ("Tổng quan", "Điểm tin báo chí", "Cán bộ báo chí (Sở VHTTDL)", "Đăng xuất"):
        assert text in body


def test_an_english_browser_still_gets_vietnamese(press_officer: User) -> None:
    response = client_for(press_officer).get(reverse("dashboard"), headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="vi">' in response.content.decode()


def test_english_is_the_second_language(press_officer: User) -> None:
    client = client_for(press_officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="en">' in body
    assert "Overview" in body and "Log out" in body


def test_dates_are_shown_day_first_in_both_languages() -> None:
    moment = datetime(2026, 3, 5, 14, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    for language in ("vi", "en"):
        with translation.override(language):
            assert formats.date_format(moment, "SHORT_DATE_FORMAT") == "05/03/2026"
            assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "14:30 05/03/2026"


def test_the_english_catalogue_is_complete_and_compiled() -> None:
    folder = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"
    po = (folder / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in po
    assert not re.search(r'^msgstr ""\n\n', po, flags=re.MULTILINE), "untranslated entries in django.po"
    msgids = len(re.findall(r"^msgid ", po, flags=re.MULTILINE)) - 1  # minus the header
    import gettext

    with (folder / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    # Plural entries are stored once per form, as (msgid, n): count each msgid once.
    keys = catalogue._catalog  # type: ignore[attr-defined]
    compiled = len({key[0] if isinstance(key, tuple) else key for key in keys}) - 1
    assert compiled == msgids, "django.mo is stale: run `make messages`"
