"""A third quarter of 2026 with data in every domain the report reads, each with records just outside the quarter
(June, October) and records that must not count (a draft digest, a failed post, a hidden comment, an absent trainee,
a cancelled briefing…). Items go through the real ingest pipeline; press requests, digests, plan reports and training
through their services; the rest as model rows, dated with ``update`` where the service stamps "now"."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from lantoa.accounts.models import User
from lantoa.accounts.roles import Role
from lantoa.briefings.models import Briefing, BriefingKind, BriefingStatus
from lantoa.campaigns.models import Campaign, ContentItem, ContentVersion, Output, PublicationRecord
from lantoa.consultation.models import Comment, Consultation, SynthesisGroup
from lantoa.digests import services as digests
from lantoa.digests.tests.conftest import FIRE, FLOOD, SCHOOL
from lantoa.monitoring.models import Item
from lantoa.monitoring.tests.test_pipeline import BODY, run, write_jsonl
from lantoa.org.models import Organisation, Outlet
from lantoa.plans import training
from lantoa.plans.models import Attendance, Occurrence
from lantoa.plans.services import do_report
from lantoa.plans.tests.conftest import SMALL_PLAN, write_plan
from lantoa.press import services as press
from lantoa.testing.factories import HOSTILE, PersonFactory
from lantoa.testing.fixtures import make_user


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))  # noqa: DTZ001 - made aware


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": folder}},
    }
    return folder


def ingest_quarter(tmp_path: Path) -> None:
    rows = [
        {"id": "a1", "title": f"Thái Nguyên sơ kết nông thôn mới {HOSTILE}", "body": BODY, "source": "Báo Thái Nguyên",
         "published": "10/07/2026 09:00"},
        {"id": "a2", "title": "Thái Nguyên: hội nghị sơ kết xây dựng nông thôn mới", "source": "VnExpress",
         "body": "PV - " + BODY.rsplit(".", 2)[0] + ".", "published": "10/07/2026 11:30"},
        {"id": "f1", "title": "Sạt lở đất ở Phú Bình, một người bị thương", "body": FLOOD, "source": "Dân trí",
         "published": "05/08/2026 20:00"},
        {"id": "s1", "title": "Thái Nguyên khai giảng năm học mới", "body": SCHOOL, "source": "Báo Thái Nguyên",
         "published": "20/09/2026 06:00"},
        # 30/09 23:30 local time is still the third quarter (16:30 UTC).
        {"id": "late", "title": "Cháy chợ ở Phú Bình lúc nửa đêm", "body": FIRE, "source": "Báo Thái Nguyên",
         "published": "30/09/2026 23:30"},
        # Outside the quarter.
        {"id": "june", "title": "Cháy chợ ở Phú Bình", "body": FIRE, "source": "Báo Thái Nguyên",
         "published": "25/06/2026 10:00"},
        {"id": "oct", "title": "Thái Nguyên khai giảng lớp học nghề", "body": SCHOOL, "source": "Dân trí",
         "published": "01/10/2026 00:30"},
    ]  # fmt: skip
    run(write_jsonl(tmp_path / "quarter.jsonl", rows))
    Item.objects.filter(key__in=["id:a1", "id:a2"]).update(polarity="pos", sector="agriculture-environment")
    Item.objects.filter(key="id:f1").update(polarity="neg", sector="agriculture-environment")
    Item.objects.filter(key="id:s1").update(polarity="pos", sector="education")
    Item.objects.filter(key="id:late").update(polarity="", sector="economy")
    Item.objects.filter(key__in=["id:june", "id:oct"]).update(polarity="neg", sector="economy")
    assert Item.objects.filter(relevant=True).count() >= 6


def press_requests(officer: User) -> None:
    outlet = Outlet.objects.order_by("id").first()
    so_y_te = Organisation.objects.get(code="so-y-te")
    so_tu_phap = Organisation.objects.get(code="so-tu-phap")

    def request(received: date, organisation: Organisation, answered: date | None) -> None:
        created = press.do_create(officer, outlet=outlet, issue=f"Vấn đề {received} {HOSTILE}", legal_type="answer",
                                  received_on=received)  # fmt: skip
        created = press.do_assign(officer, created, organisation)
        if answered is None:
            return
        created = press.do_save_draft(officer, created, "Nội dung trả lời.")
        created = press.do_approve(officer, created, "Giám đốc Sở đồng ý qua điện thoại.")
        press.do_answer(officer, created, channel="press", where="Báo Thái Nguyên", answered_on=answered)

    request(date(2026, 7, 6), so_y_te, date(2026, 7, 20))  # on time
    request(date(2026, 7, 15), so_y_te, date(2026, 9, 30))  # late: the legal deadline is mid-August
    request(date(2026, 8, 3), so_tu_phap, date(2026, 8, 10))  # on time
    request(date(2026, 8, 20), so_tu_phap, None)  # still open, overdue by November
    request(date(2026, 6, 10), so_y_te, date(2026, 6, 15))  # received in June: not counted
    request(date(2026, 10, 2), so_y_te, None)  # October: not counted


def issued_digests(officer: User) -> None:
    for period, day in (("day", date(2026, 7, 11)), ("day", date(2026, 8, 6)), ("week", date(2026, 8, 10)),
                        ("day", date(2026, 10, 5))):  # fmt: skip
        digests.do_issue(officer, digests.do_create_draft(officer, period, day))
    digests.do_create_draft(officer, "day", date(2026, 8, 7))  # a draft never issued


def registry() -> None:
    today = timezone.localdate()
    PersonFactory(organisation=Organisation.objects.get(code="so-y-te"), is_spokesperson=True,
                  confirmed_on=today - timedelta(days=30))  # fmt: skip
    # Never confirmed: out of date.
    PersonFactory(organisation=Organisation.objects.get(code="so-tu-phap"), is_spokesperson=True)
    PersonFactory(organisation=Organisation.objects.get(code="so-tu-phap"), is_information_provider=True)
    communes = list(Organisation.objects.filter(kind="commune", is_active=True).order_by("id")[:2])
    PersonFactory(organisation=communes[0], is_spokesperson=True, confirmed_on=today, phone="")  # no phone: stale
    PersonFactory(organisation=communes[1], is_spokesperson=True, confirmed_on=today)


def consultations() -> None:
    so_y_te = Organisation.objects.get(code="so-y-te")
    reported = Consultation.objects.create(
        title="Dự thảo quy định hỗ trợ y tế cơ sở", organisation=so_y_te, phase="reported",
        published_at=at(date(2026, 7, 3)), closed_at=at(date(2026, 8, 3)), reported_at=at(date(2026, 9, 1)),
    )  # fmt: skip
    still_open = Consultation.objects.create(title="Dự thảo về chợ", organisation=so_y_te, phase="open",
                                             published_at=at(date(2026, 9, 10)))  # fmt: skip
    Consultation.objects.create(title="Dự thảo năm trước", organisation=so_y_te, phase="closed",
                                published_at=at(date(2026, 5, 1)), closed_at=at(date(2026, 6, 1)))  # fmt: skip
    for consultation, verified, moderation, withdrawn in (
        (reported, date(2026, 7, 5), "unreviewed", False),
        (reported, date(2026, 7, 6), "approved", False),
        (reported, date(2026, 7, 7), "hidden", False),  # hidden by a moderator
        (reported, date(2026, 7, 8), "unreviewed", True),  # withdrawn by its author
        (reported, None, "unreviewed", False),  # never verified
        (still_open, date(2026, 9, 12), "unreviewed", False),
        (still_open, date(2026, 10, 1), "unreviewed", False),  # October
    ):
        Comment.objects.create(
            consultation=consultation, text=f"Góp ý {HOSTILE}", moderation=moderation,
            verified_at=at(verified) if verified else None, withdrawn_at=at(date(2026, 7, 9)) if withdrawn else None,
        )  # fmt: skip
    for position, response in enumerate(("accepted", "accepted", "explained"), 1):
        SynthesisGroup.objects.create(consultation=reported, position=position, summary="Nhóm ý kiến",
                                      response=response, response_text="Nội dung")  # fmt: skip
    SynthesisGroup.objects.create(consultation=still_open, position=1, response="accepted", response_text="Sớm")


def campaigns(officer: User) -> None:
    so_y_te = Organisation.objects.get(code="so-y-te")
    campaign = Campaign.objects.create(title="Tiêm chủng mở rộng", organisation=so_y_te,
                                       starts_on=date(2026, 6, 15), ends_on=date(2026, 8, 31))  # fmt: skip
    Campaign.objects.create(title="Chiến dịch đầu năm", organisation=so_y_te, starts_on=date(2026, 1, 1),
                            ends_on=date(2026, 3, 31))  # fmt: skip
    items = []
    for first_published in (date(2026, 7, 15), date(2026, 8, 1), date(2026, 10, 3)):
        item = ContentItem.objects.create(campaign=campaign, status="published", published_at=at(first_published))
        version = ContentVersion.objects.create(item=item, number=1, title="Tiêm chủng", body="Nội dung")
        ContentItem.objects.filter(pk=item.pk).update(current_version=version, published_version=version)
        items.append((item, version))
    (first, first_version), (second, second_version), (third, _) = items
    for item, channel, status, day, reach in (
        (first, "facebook", "published", date(2026, 7, 15), {"views": 12500, "likes": 300, "shares": 45}),
        (second, "facebook", "published", date(2026, 8, 1), {"views": 800}),
        (second, "radio", "published", date(2026, 8, 2), {"listeners": 4000}),
        (second, "leaflet", "published", date(2026, 8, 3), {"copies": 2000}),
        (second, "facebook", "failed", date(2026, 8, 4), {}),
        (first, "zalo", "dry_run", date(2026, 8, 5), {}),
        (third, "event", "published", date(2026, 10, 3), {"attendees": 150}),
    ):
        PublicationRecord.objects.create(item=item, channel=channel, method="manual", status=status,
                                         published_at=at(day), recorded_by=officer, **reach)  # fmt: skip
    for version, channel, kind, day in (
        (first_version, "radio", "radio_wav", date(2026, 7, 16)),
        (first_version, "radio", "radio_script", date(2026, 7, 16)),
        (second_version, "led", "led_png", date(2026, 8, 2)),
        (second_version, "led", "led_png", date(2026, 8, 2)),
        (second_version, "leaflet", "leaflet_pdf", date(2026, 8, 2)),
        (second_version, "leaflet", "leaflet_pdf", date(2026, 10, 2)),  # October
    ):
        output = Output.objects.create(version=version, channel=channel, kind=kind, file=f"campaigns/outputs/{kind}")
        Output.objects.filter(pk=output.pk).update(created_at=at(day))


def plan_tasks(tmp_path: Path, agency_officer: User) -> None:
    call_command("loadplan", str(write_plan(tmp_path, SMALL_PLAN)), stdout=io.StringIO())

    def occurrence(month: int) -> Occurrence:
        day = date(2026, month, 1)
        return Occurrence.objects.get(assignment__organisation__code="so-y-te", assignment__task__code="II.1.1",
                                      period_start__lte=day, period_end__gte=day)  # fmt: skip

    july = occurrence(7)
    do_report(agency_officer, july, status="done", text="Đã đăng 5 tin.", figures={"articles": 5})
    Occurrence.objects.filter(pk=july.pk).update(completed_on=date(2026, 7, 18))  # before its due date: on time
    do_report(agency_officer, occurrence(8), status="done", text="Đăng muộn.", figures={"articles": 2})  # late
    do_report(agency_officer, occurrence(9), status="in_progress", text="Đang làm.", figures={})


def trainings(officer: User) -> None:
    so_y_te = Organisation.objects.get(code="so-y-te")
    people = [PersonFactory(organisation=so_y_te) for _ in range(3)]
    august = training.do_create_session(officer, held_on=date(2026, 8, 12), topic="Kỹ năng phát ngôn")
    september = training.do_create_session(officer, held_on=date(2026, 9, 2), topic="Chưa điểm danh")
    october = training.do_create_session(officer, held_on=date(2026, 10, 7), topic="Quý sau")
    for session in (august, september, october):
        training.do_add_attendees(officer, session, [person.pk for person in people])
    marks = {a.pk: Attendance.ABSENT if a.person_id == people[2].pk else Attendance.PRESENT
             for a in august.attendees.all()}  # fmt: skip
    training.do_set_attendance(officer, august, marks)
    training.do_set_attendance(officer, october, {a.pk: Attendance.PRESENT for a in october.attendees.all()})


def briefings() -> None:
    province = Organisation.objects.get(code="ubnd-tinh")
    office = Organisation.objects.get(code="so-van-hoa-the-thao-du-lich")
    so_y_te = Organisation.objects.get(code="so-y-te")
    for kind, host, day, status in (
        (BriefingKind.CONFERENCE, province, date(2026, 8, 20), BriefingStatus.HELD),
        (BriefingKind.CONFERENCE, so_y_te, date(2026, 9, 3), BriefingStatus.HELD),
        (BriefingKind.BRIEFING, office, date(2026, 7, 8), BriefingStatus.HELD),
        (BriefingKind.BRIEFING, office, date(2026, 8, 12), BriefingStatus.HELD),
        (BriefingKind.BRIEFING, office, date(2026, 9, 10), BriefingStatus.CANCELLED),
        (BriefingKind.CONFERENCE, province, date(2026, 6, 25), BriefingStatus.HELD),  # second quarter
    ):
        Briefing.objects.create(kind=kind, host=host, starts_at=at(day), status=status, place="Hội trường",
                                title=f"{kind} {day}")  # fmt: skip


@pytest.fixture
def quarter_data(tmp_path: Path, db: None, press_officer: User) -> User:
    """Returns the press officer who built it."""
    agency_officer = make_user("can_bo_y_te_bao_cao", [Role.AGENCY_OFFICER], "so-y-te")
    ingest_quarter(tmp_path)
    press_requests(press_officer)
    issued_digests(press_officer)
    registry()
    consultations()
    campaigns(press_officer)
    plan_tasks(tmp_path, agency_officer)
    trainings(press_officer)
    briefings()
    return press_officer
