"""The public question form: no account, no captcha; honeypot, minimum fill time (signed timestamp), length limits,
rate limits per client address (stored as a keyed hash only) and per e-mail, duplicates. Rejected questions leave
nothing stored and say why, in Vietnamese."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lantoa.briefings import intake
from lantoa.briefings.models import Briefing, BriefingStatus, Question
from lantoa.briefings.tests.helpers import form_data, make_briefing
from lantoa.testing.factories import HOSTILE, unescaped

pytestmark = pytest.mark.django_db


@pytest.fixture
def briefing() -> Briefing:
    return make_briefing()


def post(briefing: Briefing, ip: str = "203.0.113.7", **values: str) -> Any:
    url = reverse("briefings_public:ask", args=[briefing.pk])
    return Client().post(url, form_data(briefing, **values), REMOTE_ADDR=ip)


def errors(response: Any) -> str:
    return " ".join(response.context["form"].non_field_errors())


def test_the_form_is_public_and_escapes(briefing: Briefing) -> None:
    response = Client().get(reverse("briefings_public:ask", args=[briefing.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert not unescaped(body) and "&lt;script&gt;" in body
    assert 'name="token"' in body and 'name="trang_web"' in body
    listing = Client().get(reverse("briefings_public:index"))
    assert listing.status_code == 200 and not unescaped(listing.content.decode())


def test_a_question_is_stored_with_a_hashed_address(briefing: Briefing) -> None:
    response = post(briefing, text=f"Câu hỏi {HOSTILE} về tiến độ dự án đường vành đai?", email="PV@BaoTN.vn ")
    assert response.status_code == 302
    assert response["Location"] == reverse("briefings_public:thanks", args=[briefing.pk])
    question = Question.objects.get()
    assert question.email == "pv@baotn.vn" and question.status == "new"
    assert question.ip_hash == intake.ip_hash("203.0.113.7") and len(question.ip_hash) == 64
    stored = " ".join(str(value) for value in Question.objects.values().get().values())
    assert "203.0.113.7" not in stored


def test_the_honeypot_rejects(briefing: Briefing) -> None:
    response = post(briefing, trang_web="http://spam.example")
    assert response.status_code == 400
    assert "dấu hiệu được điền tự động" in errors(response)
    assert not Question.objects.exists()
    assert 'value="http://spam.example"' not in response.content.decode()  # the trap is emptied for the retry


def test_too_fast_and_forged_tokens_are_rejected(briefing: Briefing) -> None:
    fast = post(briefing, token=intake.make_token(briefing.pk))
    assert fast.status_code == 400 and "quá nhanh" in errors(fast)
    forged = post(briefing, token=intake.make_token(briefing.pk, time.time() - 60)[:-3] + "abc")
    assert "hết hạn hoặc không hợp lệ" in errors(forged)
    other = make_briefing()
    wrong = post(briefing, token=intake.make_token(other.pk, time.time() - 60))
    assert "hết hạn hoặc không hợp lệ" in errors(wrong)
    stale = post(briefing, token=intake.make_token(briefing.pk, time.time() - 2 * 86400))
    assert "hết hạn hoặc không hợp lệ" in errors(stale)
    assert not Question.objects.exists()
    # The page served after a rejection carries a fresh token: a person who waits can send it.
    assert fast.context["form"].data["token"] != form_data(briefing)["token"]


def test_length_limits(briefing: Briefing) -> None:
    short = post(briefing, text="Vì sao?")
    assert "Câu hỏi quá ngắn (ít nhất 15 ký tự)." in errors(short)
    long = post(briefing, text="x" * 2001, journalist_name="A")
    assert "Câu hỏi quá dài: 2001 ký tự, tối đa 2000 ký tự." in errors(long)
    assert "Họ và tên quá ngắn (ít nhất 2 ký tự)." in errors(long)
    bad_email = post(briefing, email="khong-phai-email")
    assert bad_email.status_code == 400 and bad_email.context["form"].errors["email"]
    assert not Question.objects.exists()
    assert post(briefing, text="y" * 2000).status_code == 302


def test_rate_limit_per_address(briefing: Briefing, settings: Any) -> None:
    settings.BRIEFINGS_QUESTIONS_PER_EMAIL_PER_HOUR = 100
    for n in range(5):
        assert post(briefing, text=f"Câu hỏi số {n} về dự án đường vành đai?").status_code == 302
    sixth = post(briefing, text="Câu hỏi số 6 về dự án đường vành đai?")
    assert "đã gửi 5 câu hỏi trong một giờ qua từ địa chỉ mạng này" in errors(sixth)
    assert Question.objects.count() == 5
    assert post(briefing, ip="198.51.100.9", text="Câu hỏi từ nơi khác về dự án?").status_code == 302
    # An hour later the address may send again.
    Question.objects.update(submitted_at=timezone.now() - timedelta(minutes=61))
    assert post(briefing, text="Câu hỏi số 7 về dự án đường vành đai?").status_code == 302


def test_rate_limit_per_email(briefing: Briefing) -> None:
    for n in range(3):
        assert post(briefing, ip=f"192.0.2.{n}", text=f"Câu hỏi số {n} về dự án đường vành đai?").status_code == 302
    fourth = post(briefing, ip="192.0.2.99", text="Câu hỏi thứ tư về dự án đường vành đai?")
    assert "Địa chỉ thư điện tử này đã gửi 3 câu hỏi trong một giờ qua" in errors(fourth)
    assert Question.objects.count() == 3


def test_duplicates_are_refused(briefing: Briefing) -> None:
    assert post(briefing).status_code == 302
    again = post(
        briefing, email="khac@example.vn", ip="192.0.2.50",
        text="  TIẾN ĐỘ giải phóng mặt bằng dự án đường vành đai 5 đến nay ra sao ??",
    )  # fmt: skip
    assert "đã được gửi" in errors(again)
    assert Question.objects.count() == 1
    assert post(briefing, text="Tiến độ giải phóng mặt bằng dự án đường vành đai 4 đến nay ra sao?").status_code == 302


def test_closed_briefings_take_no_questions(briefing: Briefing) -> None:
    Briefing.objects.filter(pk=briefing.pk).update(status=BriefingStatus.HELD)
    response = post(briefing)
    assert response.status_code == 410 and "không còn nhận câu hỏi" in response.content.decode()
    past = make_briefing(starts_at=timezone.now() - timedelta(hours=1))
    assert post(past).status_code == 410
    assert not Question.objects.exists()
