"""Citizens' personal data (lantoa.core.privacy): the registry, the daily purge of every app's expired contacts,
export and erasure on request, the audit trail (a hash, never the address), access logging on back-office pages,
permissions and escaping.

The pages are served through this module's URLconf (the root URLs plus ``du-lieu-ca-nhan/``)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import include, path, reverse
from django.utils import timezone

from lantoa.accounts.models import User
from lantoa.audit.models import AuditEvent
from lantoa.briefings import services as briefing_services
from lantoa.briefings.models import Briefing, Question
from lantoa.briefings.tests.helpers import make_briefing
from lantoa.consultation import comments
from lantoa.consultation import services as consultation_services
from lantoa.consultation.models import Comment, Consultation, Contact, Phase, Subscriber
from lantoa.consultation.tests.drafts import draft_docx
from lantoa.core import privacy
from lantoa.core.models import PersonalDataRequest
from lantoa.disclosure import services as disclosure_services
from lantoa.disclosure.models import InformationRequest, ReceivedVia, RequestStatus
from lantoa.testing.factories import HOSTILE, unescaped
from lantoa.testing.fixtures import client_for
from lantoa.urls import urlpatterns as root_urlpatterns

urlpatterns = [*root_urlpatterns, path("du-lieu-ca-nhan/", include("lantoa.core.privacy_urls"))]
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

EMAIL = "Nguoi.Dan@Example.vn"  # stored lower-cased by two apps, as typed by the third
OTHER = "hang.xom@example.vn"
PHONE = "0912 345 678"


@pytest.fixture
def consultation(agency_officer: User) -> Consultation:
    created = consultation_services.do_create(agency_officer, title="")
    consultation_services.do_import_draft(agency_officer, created, "du-thao.docx", draft_docx())
    consultation_services.do_update(agency_officer, created, closes_at=timezone.now() + timedelta(days=30))
    return consultation_services.do_advance(agency_officer, created, Phase.OPEN)


@pytest.fixture
def briefing() -> Briefing:
    return make_briefing()


def _comment(consultation: Consultation, text: str, email: str = EMAIL, name: str = "Nguyễn Văn Dân") -> Comment:
    return comments.submit(consultation, text=text, email=email, consent=True, name=name, address="10.0.0.1").comment


def _question(briefing: Briefing, text: str, email: str = EMAIL) -> Question:
    submission = briefing_services.Submission(f"Phạm Phóng Viên {HOSTILE}", "Báo Thái Nguyên", email, text)
    return briefing_services.do_submit_question(briefing, submission, ip="10.0.0.2")


def _request(actor: User, email: str = EMAIL, phone: str = "") -> InformationRequest:
    submission = disclosure_services.Submission(
        f"Nguyễn Thị Dân {HOSTILE}", "Tổ 5, phường Phan Đình Phùng", email, phone, "Danh sách hộ được hỗ trợ sau bão",
        "", "electronic",
    )  # fmt: skip
    return disclosure_services.do_enter(
        actor, submission, received_via=ReceivedVia.LETTER, received_on=timezone.localdate(), organisation=None
    )


def _everywhere(consultation: Consultation, briefing: Briefing, officer: User, email: str = EMAIL) -> dict[str, Any]:
    """One record of each kind for ``email``."""
    tag = "một" if email == EMAIL else "hai"
    return {
        "comment": _comment(consultation, f"Góp ý về vỉa hè số {tag}", email=email),
        "subscriber": Subscriber.objects.create(consultation=consultation, email=email.lower()),
        "question": _question(briefing, f"Tiến độ dự án đường vành đai {tag} ra sao?", email=email),
        "request": _request(officer, email=email),
    }


# --- Registry -------------------------------------------------------------------------------------------------------
def test_every_app_declares_its_holders_with_a_real_date_field() -> None:
    keys = [holder.key for holder in privacy.holders()]
    assert keys == ["briefings.question", "consultation.contact", "consultation.subscriber", "disclosure.request"]
    for holder in privacy.holders():
        assert holder.email_fields, holder.key
        holder.cutoff()  # the date field resolves through the relations
        for name in holder.fields:
            privacy._field(holder.model, name)


def test_retention_periods_are_read_from_settings_with_defaults(settings: Any) -> None:
    assert privacy.holder("briefings.question").retention_days() == 365
    assert privacy.holder("disclosure.request").retention_days() == 5 * 365
    settings.BRIEFINGS_CONTACT_RETENTION_DAYS = 90
    settings.DISCLOSURE_CONTACT_RETENTION_DAYS = 10
    settings.CONSULTATION_CONTACT_RETENTION_DAYS = 7
    assert [holder.retention_days() for holder in privacy.holders()] == [90, 7, 7, 10]


def test_subjects_are_emails_or_phone_numbers() -> None:
    assert privacy.parse_subject(" Ai@Example.VN ") == privacy.Subject("email", "ai@example.vn")
    assert privacy.parse_subject("+84 912.345.678").value == privacy.parse_subject(PHONE).value == "0912345678"
    for bad in ("", "ai@", "không phải", "12"):
        with pytest.raises(ValidationError):
            privacy.parse_subject(bad)
    assert privacy.subject_hash("a@b.vn") != privacy.subject_hash("c@b.vn")
    assert len(privacy.subject_hash("a@b.vn")) == 64 and "a@b.vn" not in privacy.subject_hash("a@b.vn")


# --- The purge ------------------------------------------------------------------------------------------------------
def test_purge_erases_exactly_the_expired_contacts_and_keeps_the_records(
    consultation: Consultation, briefing: Briefing, press_officer: User, settings: Any
) -> None:
    settings.CONSULTATION_CONTACT_RETENTION_DAYS = 30
    settings.BRIEFINGS_CONTACT_RETENTION_DAYS = 30
    settings.DISCLOSURE_CONTACT_RETENTION_DAYS = 30
    now = timezone.now()
    old, new = _everywhere(consultation, briefing, press_officer, OTHER), _everywhere(consultation, briefing,
                                                                                      press_officer)  # fmt: skip
    Comment.objects.filter(pk=old["comment"].pk).update(created_at=now - timedelta(days=31))
    Question.objects.filter(pk=old["question"].pk).update(submitted_at=now - timedelta(days=31))
    # A request counts from its answer; an old request still open is never purged.
    long_ago = timezone.localdate() - timedelta(days=31)
    InformationRequest.objects.filter(pk=old["request"].pk).update(status=RequestStatus.ANSWERED, answered_on=long_ago)
    still_open = _request(press_officer, email="dang.giai.quyet@example.vn")
    InformationRequest.objects.filter(pk=still_open.pk).update(received_on=long_ago - timedelta(days=400))
    # A subscription lasts until the report is published, then the retention period.
    Consultation.objects.filter(pk=consultation.pk).update(reported_at=now - timedelta(days=31))

    assert privacy.purge_all() == {
        "briefings.question": 1, "consultation.contact": 1, "consultation.subscriber": 2, "disclosure.request": 1,
    }  # fmt: skip

    contact = Contact.objects.get(comment=old["comment"])
    assert contact.email == "" and contact.erase_reason == "retention" and contact.erased_at is not None
    comment = Comment.objects.get(pk=old["comment"].pk)
    assert comment.text.startswith("Góp ý về vỉa hè") and comment.address_hash == ""
    assert Contact.objects.get(comment=new["comment"]).email == EMAIL.lower()
    assert not Subscriber.objects.exists()  # both: the report was published 31 days ago
    question = Question.objects.get(pk=old["question"].pk)
    assert (question.email, question.journalist_name, question.ip_hash) == ("", "", "")
    assert question.text.startswith("Tiến độ dự án") and question.outlet_name == "Báo Thái Nguyên"
    assert Question.objects.get(pk=new["question"].pk).email == EMAIL.lower()
    request = InformationRequest.objects.get(pk=old["request"].pk)
    assert (request.requester_name, request.requester_address, request.requester_email) == ("", "", "")
    assert request.information == "Danh sách hộ được hỗ trợ sau bão"
    assert InformationRequest.objects.get(pk=new["request"].pk).requester_email == EMAIL
    assert InformationRequest.objects.get(pk=still_open.pk).requester_email == "dang.giai.quyet@example.vn"
    # Audited per holder, as the consultation's retention always was; a second run finds nothing.
    actions = set(AuditEvent.objects.filter(action__endswith=".retention").values_list("action", flat=True))
    assert actions == {"briefings.question.retention", "consultation.contact.retention",
                       "consultation.subscriber.retention", "disclosure.request.retention"}  # fmt: skip
    assert set(privacy.purge_all().values()) == {0}


def test_the_periodic_task_runs_the_purge_daily_at_0340_local(consultation: Consultation, settings: Any) -> None:
    from lantoa.consultation import tasks

    settings.CONSULTATION_CONTACT_RETENTION_DAYS = 1
    comment = _comment(consultation, "Góp ý cũ về chợ")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert tasks.purge_personal_data is privacy.purge_personal_data  # registered by the worker's autodiscovery
    assert not hasattr(tasks, "erase_expired_contacts")  # folded into the registry, not run twice
    # huey hands the crontab a naive local time (HUEY["utc"] = False): 03:40 in Thái Nguyên.
    task = privacy.purge_personal_data.task_class()  # type: ignore[attr-defined]
    at = timezone.localtime().replace(hour=3, minute=40, second=0, microsecond=0, tzinfo=None)
    assert task.validate_datetime(at)
    assert not task.validate_datetime(at.replace(minute=41)) and not task.validate_datetime(at.replace(hour=20))
    privacy.purge_personal_data.call_local()  # type: ignore[attr-defined]
    assert Contact.objects.get(comment=comment).email == ""


# --- Export and erasure on request ----------------------------------------------------------------------------------
def test_export_lists_every_apps_records_for_the_person_and_nothing_else(
    consultation: Consultation, briefing: Briefing, press_officer: User
) -> None:
    mine = _everywhere(consultation, briefing, press_officer)
    _everywhere(consultation, briefing, press_officer, OTHER)
    data = privacy.do_export_personal_data(press_officer, EMAIL.upper())
    assert data["subject"] == EMAIL.lower()
    found = {(record["holder"], record["id"]) for record in data["records"]}
    assert found == {
        ("consultation.contact", mine["comment"].contact.pk), ("consultation.subscriber", mine["subscriber"].pk),
        ("briefings.question", mine["question"].pk), ("disclosure.request", mine["request"].pk),
    }  # fmt: skip
    assert OTHER not in json.dumps(data)
    by_holder = {record["holder"]: record for record in data["records"]}
    assert by_holder["consultation.contact"]["personal_data"]["comment__author_name"] == "Nguyễn Văn Dân"
    assert by_holder["disclosure.request"]["personal_data"]["requester_address"] == "Tổ 5, phường Phan Đình Phùng"
    assert by_holder["briefings.question"]["context"]["question"].startswith("Tiến độ dự án")
    assert by_holder["disclosure.request"]["retention_days"] == 5 * 365
    request = PersonalDataRequest.objects.get()
    assert request.action == "export" and request.records == 4 and request.actor == press_officer
    assert request.subject_hash == privacy.subject_hash(EMAIL.lower())


def test_a_phone_number_finds_the_request_however_it_was_typed(press_officer: User) -> None:
    request = _request(press_officer, email="", phone="+84 912-345-678")
    _request(press_officer, email="", phone="0912 345 679")
    data = privacy.do_export_personal_data(press_officer, PHONE)
    assert [(record["holder"], record["id"]) for record in data["records"]] == [("disclosure.request", request.pk)]


def test_erase_blanks_every_app_keeps_the_anonymised_records_and_is_audited(
    consultation: Consultation, briefing: Briefing, admin_user: User, press_officer: User
) -> None:
    mine = _everywhere(consultation, briefing, press_officer)
    others = _everywhere(consultation, briefing, press_officer, OTHER)
    with pytest.raises(ValidationError):
        privacy.do_erase_personal_data(admin_user, EMAIL, "   ")
    assert Contact.objects.get(comment=mine["comment"]).email == EMAIL.lower()  # nothing erased without a reason

    assert privacy.do_erase_personal_data(admin_user, EMAIL, "Đơn yêu cầu xóa ngày 02/03/2026") == 4
    contact = Contact.objects.get(comment=mine["comment"])
    assert contact.email == "" and contact.erase_reason == "request"
    comment = Comment.objects.get(pk=mine["comment"].pk)
    assert comment.author_name == "" and comment.text.startswith("Góp ý về vỉa hè")
    assert not Subscriber.objects.filter(pk=mine["subscriber"].pk).exists()
    question = Question.objects.get(pk=mine["question"].pk)
    assert question.email == "" and question.journalist_name == "" and question.text
    request = InformationRequest.objects.get(pk=mine["request"].pk)
    assert request.requester_name == request.requester_email == request.requester_address == ""
    assert request.information and request.reference == f"TT-{request.pk}"
    assert privacy.find(privacy.parse_subject(EMAIL)) == []
    # The neighbour's data is untouched.
    assert Contact.objects.get(comment=others["comment"]).email == OTHER
    assert Subscriber.objects.filter(pk=others["subscriber"].pk).exists()
    assert InformationRequest.objects.get(pk=others["request"].pk).requester_email == OTHER

    event = AuditEvent.objects.get(action="privacy.erase")
    assert event.actor == admin_user
    assert event.changes["subject"][1] == privacy.subject_hash(EMAIL.lower())
    assert f"disclosure.request#{request.pk}" in event.changes["records"][1]
    stored = PersonalDataRequest.objects.get(action="erase")
    assert stored.reason == "Đơn yêu cầu xóa ngày 02/03/2026" and stored.records == 4


def test_lookups_exports_and_erasures_are_audited_with_a_hash_never_the_address(
    consultation: Consultation, briefing: Briefing, press_officer: User
) -> None:
    _everywhere(consultation, briefing, press_officer)
    privacy.do_lookup(press_officer, EMAIL)
    privacy.do_export_personal_data(press_officer, EMAIL)
    privacy.do_erase_personal_data(press_officer, EMAIL, "Yêu cầu của người dân")
    privacy.do_lookup(press_officer, PHONE)
    events = list(AuditEvent.objects.filter(action__startswith="privacy.").order_by("id"))
    assert [event.action for event in events] == ["privacy.lookup", "privacy.export", "privacy.erase",
                                                  "privacy.lookup"]  # fmt: skip
    hashed = privacy.subject_hash(EMAIL.lower())
    for event in events[:3]:
        assert event.actor == press_officer and event.changes["subject"][1] == hashed
        assert hashed[:16] in event.summary
    assert events[3].changes["subject"][1] == privacy.subject_hash("0912345678")
    logged = json.dumps([(e.summary, e.target_label, e.changes) for e in AuditEvent.objects.all()]).lower()
    assert EMAIL.lower() not in logged and "0912345678" not in logged and "0912 345 678" not in logged
    assert EMAIL.lower() not in json.dumps(list(PersonalDataRequest.objects.values("subject_hash", "reason")))


def test_only_administrators_and_press_officers_may_manage_personal_data(
    admin_user: User, press_officer: User, leader: User, agency_officer: User, spokesperson_user: User, outsider: User
) -> None:
    assert privacy.can_manage(admin_user) and privacy.can_manage(press_officer)
    for user in (leader, agency_officer, spokesperson_user, outsider):
        assert not privacy.can_manage(user)
        for call in (
            lambda u=user: privacy.do_lookup(u, EMAIL),
            lambda u=user: privacy.do_export_personal_data(u, EMAIL),
            lambda u=user: privacy.do_erase_personal_data(u, EMAIL, "lý do"),
        ):
            with pytest.raises(PermissionDenied):
                call()
        client = client_for(user)
        assert client.get(reverse("privacy:lookup")).status_code == 403
        assert client.post(reverse("privacy:lookup"), {"subject": EMAIL}).status_code == 403
        assert client.post(reverse("privacy:export"), {"subject": EMAIL}).status_code == 403
        erase = {"subject": EMAIL, "reason": "lý do", "confirm": "1"}
        assert client.post(reverse("privacy:erase"), erase).status_code == 403
    assert not AuditEvent.objects.filter(action__startswith="privacy.").exists()
    assert Client().get(reverse("privacy:lookup")).status_code == 302  # anonymous: to the login page


# --- The page -------------------------------------------------------------------------------------------------------
def test_the_page_looks_up_exports_and_erases_in_two_steps(
    consultation: Consultation, briefing: Briefing, press_officer: User
) -> None:
    mine = _everywhere(consultation, briefing, press_officer)
    client = client_for(press_officer)
    page = client.get(reverse("privacy:lookup"))
    assert page.status_code == 200 and "Dữ liệu cá nhân" in page.content.decode()
    found = client.post(reverse("privacy:lookup"), {"subject": EMAIL}).content.decode()
    assert "Tổ 5, phường Phan Đình Phùng" in found and "Nguyễn Văn Dân" in found and 'id="privacy-none"' not in found
    assert not unescaped(found) and "&lt;script&gt;" in found  # names are escaped

    download = client.post(reverse("privacy:export"), {"subject": EMAIL})
    assert download.status_code == 200 and download["Content-Type"].startswith("application/json")
    assert download["Content-Disposition"].startswith("attachment;")
    assert len(json.loads(download.content)["records"]) == 4

    confirm = client.post(reverse("privacy:erase"), {"subject": EMAIL}).content.decode()
    assert 'id="privacy-confirm"' in confirm
    assert Contact.objects.get(comment=mine["comment"]).email == EMAIL.lower()  # the first step erases nothing
    refused = client.post(reverse("privacy:erase"), {"subject": EMAIL, "confirm": "1", "reason": ""})
    assert refused.status_code == 400 and Contact.objects.get(comment=mine["comment"]).email == EMAIL.lower()
    done = client.post(reverse("privacy:erase"), {"subject": EMAIL, "confirm": "1", "reason": "Đơn ngày 2/3"})
    assert done.status_code == 302 and Contact.objects.get(comment=mine["comment"]).email == ""
    again = client.post(reverse("privacy:lookup"), {"subject": EMAIL}).content.decode()
    assert 'id="privacy-none"' in again
    bad = client.post(reverse("privacy:lookup"), {"subject": "<script>x</script>"})
    assert bad.status_code == 400 and "<script>x" not in bad.content.decode()


# --- Access to a contact in the back office -------------------------------------------------------------------------
def test_viewing_a_requesters_contact_in_the_back_office_is_logged(press_officer: User) -> None:
    request = _request(press_officer, phone=PHONE)
    client = client_for(press_officer)
    page = client.get(reverse("disclosure:request_detail", args=[request.pk]))
    assert page.status_code == 200 and EMAIL in page.content.decode()
    client.get(reverse("disclosure:request_detail", args=[request.pk]))
    events = AuditEvent.objects.filter(action="privacy.view")
    assert events.count() == 2  # one per page view
    event = events.first()
    assert event is not None and event.actor == press_officer and event.target_id == str(request.pk)
    assert event.target_label == request.reference and EMAIL.lower() not in (event.summary + event.target_label)
    # Once erased, the page shows no contact and logs nothing.
    privacy.do_erase_personal_data(press_officer, EMAIL, "Yêu cầu của người dân")
    client.get(reverse("disclosure:request_detail", args=[request.pk]))
    assert AuditEvent.objects.filter(action="privacy.view").count() == 2


def test_a_record_without_personal_data_is_not_logged_as_accessed(press_officer: User) -> None:
    request = _request(press_officer)
    InformationRequest.objects.filter(pk=request.pk).update(
        requester_name="", requester_address="", requester_email="", client_hash=""
    )
    request.refresh_from_db()
    privacy.log_personal_data_access(press_officer, "disclosure.request", request)
    assert not AuditEvent.objects.filter(action="privacy.view").exists()
    with pytest.raises(LookupError):
        privacy.log_personal_data_access(press_officer, "khong.co", request)


def test_a_request_answered_long_ago_counts_from_its_answer(press_officer: User, settings: Any) -> None:
    settings.DISCLOSURE_CONTACT_RETENTION_DAYS = 30
    request = _request(press_officer)
    answered = timezone.localdate() - timedelta(days=29)
    InformationRequest.objects.filter(pk=request.pk).update(
        status=RequestStatus.REFUSED, answered_on=answered, received_on=date(2020, 1, 2)
    )
    assert privacy.purge_expired(privacy.holder("disclosure.request")) == 0
    later = timezone.now() + timedelta(days=2)
    assert privacy.purge_expired(privacy.holder("disclosure.request"), now=later) == 1
