import pytest
from django.test import Client, override_settings
from django.urls import reverse

from lantoa.accounts.models import User
from lantoa.testing.fixtures import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def login(client: Client, username: str, password: str) -> int:
    return client.post(reverse("login"), {"username": username, "password": password}).status_code


def test_login_with_the_right_password_reaches_the_dashboard(agency_officer: User) -> None:
    client = Client()
    assert login(client, agency_officer.username, PASSWORD) == 302
    assert "Tổng quan" in client.get(reverse("dashboard")).content.decode()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_login(agency_officer: User) -> None:
    client = Client()
    assert [login(client, agency_officer.username, "sai") for _ in range(2)] == [200, 200]
    assert login(client, agency_officer.username, "sai") == 429
    # Locked: even the right password is refused now.
    response = client.post(reverse("login"), {"username": agency_officer.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()


def test_forms_need_a_csrf_token(agency_officer: User) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("login"), {"username": agency_officer.username, "password": PASSWORD}).status_code == 403


def test_security_headers_are_sent(agency_officer: User) -> None:
    response = client_for(agency_officer).get(reverse("dashboard"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self';" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_session_cookie_is_http_only(agency_officer: User) -> None:
    client = Client()
    login(client, agency_officer.username, PASSWORD)
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_the_admin_is_for_staff_and_scoped(admin_user: User, press_officer: User, agency_officer: User) -> None:
    assert client_for(agency_officer).get("/quan-tri/").status_code == 302  # to the admin login
    assert client_for(admin_user).get("/quan-tri/accounts/user/").status_code == 200
    assert client_for(press_officer).get("/quan-tri/accounts/user/").status_code == 403
    response = client_for(press_officer).get("/quan-tri/org/administrativeunit/")
    assert response.status_code == 200
    assert "92" in response.content.decode()


def test_the_profile_shows_a_new_token_once(agency_officer: User) -> None:
    client = client_for(agency_officer)
    client.post(reverse("accounts:token_create"), {"name": "Cổng thông tin"})
    first = client.get(reverse("accounts:profile")).content.decode()
    assert "lt_" in first and "Cổng thông tin" in first
    second = client.get(reverse("accounts:profile")).content.decode()
    assert "chỉ hiện một lần" not in second
