"""Alert pages per persona: bounded queries, hostile text escaped, the parser's message in the form, the preview."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from lantoa.accounts.models import User
from lantoa.alerts import services
from lantoa.alerts.forms import QUERY_MESSAGES
from lantoa.alerts.models import AlertRule, Notification
from lantoa.alerts.tests.test_tick import landslide, make_rule
from lantoa.org.models import Organisation
from lantoa.testing.factories import HOSTILE, OrganisationFactory, unescaped
from lantoa.testing.fixtures import client_for
from lantoa.vntext.query import MESSAGES

pytestmark = pytest.mark.django_db

FORM = {"name": "Sạt lở", "kind": "items", "query": '"sạt lở" NEAR/5 "Định Hóa"', "relevant_only": "on",
        "min_outlets": "1", "spike_window": "day", "spike_threshold": "3.5", "spike_min_count": "3",
        "notify_in_app": "on", "priority": "normal", "is_active": "on"}  # fmt: skip


def test_the_form_messages_are_the_parsers_messages() -> None:
    assert {code: str(message) for code, message in QUERY_MESSAGES.items()} == MESSAGES


def test_the_rule_list_escapes_and_keeps_queries_bounded(
    press_officer: User, django_assert_max_num_queries: Any
) -> None:
    organisation = OrganisationFactory()
    for index in range(8):
        make_rule(press_officer, name=f"Quy tắc {index} {HOSTILE}", query=f'"{HOSTILE}" OR lũ{index}',
                  organisation=organisation)  # fmt: skip
    client = client_for(press_officer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("alerts:rule_list"))
    body = response.content.decode()
    assert response.status_code == 200 and body.count("Quy tắc ") >= 8
    assert not unescaped(body) and "&lt;script&gt;" in body


def test_the_notifications_page_counts_unread_and_marks_read(
    press_officer: User, store: Any, django_assert_max_num_queries: Any
) -> None:
    make_rule(press_officer)
    make_rule(press_officer, name="Thái Nguyên", query="Thái Nguyên")
    store([landslide("v1", "Báo A")])
    services.do_run_tick()
    client = client_for(press_officer)
    url = reverse("alerts:notification_list")
    with django_assert_max_num_queries(8):
        response = client.get(url)
    body = response.content.decode()
    assert "2 chưa đọc" in body and not unescaped(body) and "&lt;script&gt;" in body
    first = Notification.objects.order_by("id").first()
    assert first is not None
    client.post(reverse("alerts:notification_read", args=[first.pk]))
    assert "1 chưa đọc" in client.get(url).content.decode()
    client.post(reverse("alerts:notification_read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_nobody_marks_someone_elses_notification(press_officer: User, admin_user: User, store: Any) -> None:
    make_rule(press_officer)
    store([landslide("v2", "Báo A")])
    services.do_run_tick()
    note = Notification.objects.get()
    response = client_for(admin_user).post(reverse("alerts:notification_read", args=[note.pk]))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_the_form_shows_the_position_of_an_unclosed_parenthesis(press_officer: User) -> None:
    client = client_for(press_officer)
    response = client.post(reverse("alerts:rule_create"), {**FORM, "query": "sạt lở AND (Định Hóa OR Phú Lương"})
    assert response.status_code == 200
    assert "Thiếu dấu ngoặc đóng “)” cho dấu mở ở vị trí 12." in response.content.decode()
    assert not AlertRule.objects.exists()


def test_press_officers_create_and_edit_rules_and_it_is_audited(press_officer: User) -> None:
    client = client_for(press_officer)
    response = client.post(reverse("alerts:rule_create"), {**FORM, "name": f"Sạt lở {HOSTILE}"})
    rule = AlertRule.objects.get()
    assert response.status_code == 302 and rule.owner == press_officer
    page = client.get(reverse("alerts:rule_edit", args=[rule.pk])).content.decode()
    assert not unescaped(page) and "&lt;script&gt;" in page
    client.post(reverse("alerts:rule_edit", args=[rule.pk]), {**FORM, "name": "Sạt lở đất", "priority": "high"})
    rule.refresh_from_db()
    assert (rule.name, rule.priority) == ("Sạt lở đất", "high")
    from lantoa.audit.models import AuditEvent

    actions = AuditEvent.objects.filter(action__startswith="alerts.rule").order_by("id")
    assert list(actions.values_list("action", flat=True)) == ["alerts.rule.create", "alerts.rule.update"]
    client.post(reverse("alerts:rule_delete", args=[rule.pk]))
    assert not AlertRule.objects.exists()


def test_admins_see_every_rule(admin_user: User, press_officer: User) -> None:
    make_rule(press_officer, name="Của phòng báo chí")
    body = client_for(admin_user).get(reverse("alerts:rule_list")).content.decode()
    assert "Của phòng báo chí" in body


def test_outsiders_are_refused_leaders_read_and_agencies_write_their_own(
    outsider: User, leader: User, agency_officer: User, spokesperson_user: User
) -> None:
    client = client_for(outsider)
    assert client.get(reverse("alerts:rule_list")).status_code == 403
    assert client.get(reverse("alerts:rule_create")).status_code == 403
    assert client.post(reverse("alerts:rule_preview"), FORM).status_code == 403
    assert client.get(reverse("alerts:notification_list")).status_code == 403
    reader = client_for(leader)
    assert reader.get(reverse("alerts:rule_list")).status_code == 200
    assert reader.get(reverse("alerts:rule_create")).status_code == 403
    assert reader.get(reverse("alerts:notification_list")).status_code == 200
    for user in (agency_officer, spokesperson_user):
        assert client_for(user).get(reverse("alerts:rule_create")).status_code == 200


def test_an_agency_officer_with_the_permissions_manages_only_their_organisations_rules(
    agency_officer: User, press_officer: User, so_y_te: Organisation, so_tu_phap: Organisation
) -> None:
    officer = agency_officer  # roles.py gives agency officers the rules of their own organisation
    other = make_rule(press_officer, name="Tư pháp", organisation=so_tu_phap)
    values = {"name": "Sốt xuất huyết", "query": "dịch sốt xuất huyết", "organisation": so_tu_phap}
    own = services.do_create_rule(officer, values)
    assert own.organisation == so_y_te  # forced to the officer's organisation, whatever was sent
    client = client_for(officer)
    body = client.get(reverse("alerts:rule_list")).content.decode()
    assert own.name in body and "Tư pháp" not in body
    assert client.get(reverse("alerts:rule_edit", args=[other.pk])).status_code == 404
    with pytest.raises(services.PermissionDenied):
        services.do_update_rule(officer, other, {"name": "x"})


def test_the_preview_lists_the_last_weeks_matches(press_officer: User, store: Any) -> None:
    from django.utils import timezone

    today = timezone.localtime().strftime("%d/%m/%Y %H:%M")
    store([{**landslide("p1", "Báo A"), "published": today}])
    client = client_for(press_officer)
    response = client.post(reverse("alerts:rule_preview"), FORM, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "1 sự kiện tin khớp" in body and "&lt;script&gt;" in body
    assert not unescaped(body)
    bad = client.post(reverse("alerts:rule_preview"), {**FORM, "query": '"sạt lở'}).content.decode()
    assert "Thiếu dấu ngoặc kép đóng cho dấu mở ở vị trí 1." in bad
    none = client.post(reverse("alerts:rule_preview"), {**FORM, "query": "bão số 3"}).content.decode()
    assert "0 sự kiện tin khớp" in none
