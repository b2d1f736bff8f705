"""A briefing from schedule to minutes, through the pages, per persona: the press office schedules and assigns,
the organisation answers its own questions, leaders read; the minutes read back with python-docx."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document

from lantoa.accounts.models import User
from lantoa.audit.models import AuditEvent
from lantoa.briefings import services
from lantoa.briefings.models import Briefing, Question, QuestionStatus
from lantoa.briefings.tests.helpers import form_data, make_briefing, province
from lantoa.org.models import Organisation, Outlet
from lantoa.testing.factories import HOSTILE, unescaped
from lantoa.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


def submit(briefing: Briefing, text: str, ip: str = "192.0.2.1") -> Question:
    response = Client().post(
        reverse("briefings_public:ask", args=[briefing.pk]), form_data(briefing, text=text), REMOTE_ADDR=ip
    )
    assert response.status_code == 302, response.context["form"].errors
    return Question.objects.get(text=text)


def test_the_whole_lifecycle(
    press_officer: User, agency_officer: User, so_y_te: Organisation, so_tu_phap: Organisation
) -> None:
    office = client_for(press_officer)
    starts = timezone.localtime(timezone.now() + timedelta(days=5)).replace(second=0, microsecond=0)
    created = office.post(reverse("briefings:create"), {
        "kind": "briefing", "title": f"Giao ban báo chí tháng 4 {HOSTILE}", "host": province().pk,
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"), "place": "Hội trường A", "status": "scheduled",
        "accepts_questions": "on", "chair": "Phó Chủ tịch UBND tỉnh", "organisations": [so_y_te.pk, so_tu_phap.pk],
    })  # fmt: skip
    assert created.status_code == 302, created.context["form"].errors
    briefing = Briefing.objects.get()
    assert briefing.starts_at == starts and set(briefing.organisations.all()) == {so_y_te, so_tu_phap}
    outlet = Outlet.objects.order_by("name").first()
    assert outlet is not None
    add = reverse("briefings:add", args=[briefing.pk, "nha-bao"])
    assert office.post(add, {"full_name": "Vũ Nhà Báo", "outlet": outlet.pk}).status_code == 302
    assert office.post(add, {"full_name": "Lý Cộng Tác", "outlet_name": f"Tạp chí {HOSTILE}"}).status_code == 302
    agenda = reverse("briefings:add", args=[briefing.pk, "noi-dung"])
    office.post(agenda, {"title": "Thông tin tình hình kinh tế - xã hội tháng 3", "presenter": so_y_te.pk})
    health = submit(briefing, "Sở Y tế cho biết tình hình dịch sốt xuất huyết trên địa bàn tỉnh?")
    justice = submit(briefing, "Sở Tư pháp đã xử lý kiến nghị về hộ tịch ở xã ra sao?", ip="192.0.2.2")
    office.post(reverse("briefings:add", args=[briefing.pk, "cau-hoi"]), {
        "journalist_name": "Vũ Nhà Báo", "outlet_name": outlet.name, "text": "Câu hỏi tại hội trường về giá điện?",
    })  # fmt: skip
    assert Question.objects.count() == 3

    for question, organisation in ((health, so_y_te), (justice, so_tu_phap)):
        response = office.post(
            reverse("briefings:question_assign", args=[question.pk]), {"organisation": organisation.pk}
        )
        assert response.status_code == 302
    health.refresh_from_db()
    assert health.status == QuestionStatus.ASSIGNED and health.assigned_to == so_y_te

    agency = client_for(agency_officer)
    listing = agency.get(reverse("briefings:questions"))
    assert [q.pk for q in listing.context["page"]] == [health.pk]  # only its own
    assert agency.get(reverse("briefings:question_answer", args=[justice.pk])).status_code == 403
    assert (
        agency.post(reverse("briefings:question_assign", args=[health.pk]), {"organisation": so_y_te.pk}).status_code
        == 403
    )
    answered = agency.post(
        reverse("briefings:question_answer", args=[health.pk]), {"answer": f"Đã có 120 ca, giảm 10% {HOSTILE}."}
    )
    assert answered.status_code == 302
    health.refresh_from_db()
    assert health.status == QuestionStatus.ANSWERED and health.answered_by == agency_officer
    detail = agency.get(reverse("briefings:detail", args=[briefing.pk]))
    assert [q.pk for q in detail.context["questions"]] == [health.pk]
    assert not unescaped(detail.content.decode())
    assert agency.get(reverse("briefings:minutes", args=[briefing.pk])).status_code == 403
    # An answered question is not reassigned.
    again = office.post(reverse("briefings:question_assign", args=[health.pk]), {"organisation": so_tu_phap.pk})
    assert again.status_code == 302
    health.refresh_from_db()
    assert health.assigned_to == so_y_te

    minutes = office.get(reverse("briefings:minutes", args=[briefing.pk]))
    assert minutes.status_code == 200
    document = Document(io.BytesIO(minutes.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "BIÊN BẢN GIAO BAN BÁO CHÍ" in text and f"Giao ban báo chí tháng 4 {HOSTILE}" in text
    assert "Sở Y tế; Sở Tư pháp" in text or "Sở Tư pháp; Sở Y tế" in text
    assert "Thông tin tình hình kinh tế - xã hội tháng 3 (Sở Y tế trình bày)" in text
    assert f"Trả lời (Sở Y tế): Đã có 120 ca, giảm 10% {HOSTILE}." in text
    assert "Trả lời (Sở Tư pháp): Chưa trả lời" in text and "Trả lời (chưa giao): Chưa trả lời" in text
    journalists = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert journalists[1:] == [["1", "Lý Cộng Tác", f"Tạp chí {HOSTILE}"], ["2", "Vũ Nhà Báo", outlet.name]]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "briefings.briefing.create", "briefings.journalist.add", "briefings.agenda.add", "briefings.question.submit",
        "briefings.question.assign", "briefings.question.answer",
    } <= actions  # fmt: skip
    submitted = AuditEvent.objects.filter(action="briefings.question.submit").first()
    assert submitted is not None and "@" not in submitted.summary and "192.0.2" not in submitted.summary


def test_personas(
    press_officer: User, agency_officer: User, leader: User, outsider: User, so_y_te: Organisation
) -> None:
    briefing = make_briefing()
    question = services.do_record_question(
        None, briefing, {"journalist_name": "A B", "outlet_name": "Báo X", "text": "Một câu hỏi đủ dài để lưu?"}
    )
    services.do_assign_question(None, question, so_y_te)
    reader = client_for(leader)
    assert reader.get(reverse("briefings:list")).status_code == 200
    assert [q.pk for q in reader.get(reverse("briefings:questions")).context["page"]] == [question.pk]
    assert reader.get(reverse("briefings:minutes", args=[briefing.pk])).status_code == 200
    assert reader.get(reverse("briefings:create")).status_code == 403
    assert reader.get(reverse("briefings:question_answer", args=[question.pk])).status_code == 403
    assert reader.get(reverse("briefings:statement_create")).status_code == 403
    for url in (reverse("briefings:list"), reverse("briefings:questions"), reverse("briefings:conferences")):
        assert client_for(outsider).get(url).status_code == 403
    assert Client().get(reverse("briefings:list")).status_code == 302
    assert client_for(agency_officer).get(reverse("briefings:create")).status_code == 403
    assert client_for(agency_officer).get(reverse("briefings:question_answer", args=[question.pk])).status_code == 200


def test_list_views_run_a_fixed_number_of_queries(
    press_officer: User, so_y_te: Organisation, django_assert_max_num_queries: Any
) -> None:
    for n in range(15):
        briefing = make_briefing(title=f"Buổi {n} {HOSTILE}")
        for k in range(3):
            question = services.do_record_question(
                None, briefing, {"journalist_name": "A B", "outlet_name": "Báo X", "text": f"Câu hỏi {n}-{k} đủ dài?"}
            )
            services.do_assign_question(None, question, so_y_te)
    client = client_for(press_officer)
    for url in (
        reverse("briefings:list"),
        reverse("briefings:questions"),
        reverse("briefings:detail", args=[briefing.pk]),
    ):
        with django_assert_max_num_queries(14):
            response = client.get(url)
        assert response.status_code == 200
        assert not unescaped(response.content.decode())
