"""Two-factor sign-in: who is asked, the set-up flow, codes and backup codes."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from tests.accounts.helpers import (
    code_for_key,
    current_code,
    error_summary,
    sign_in_with_password,
)

NOW = dt.datetime(2025, 3, 3, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def lado(personas):
    return personas[Role.LADO]


@pytest.fixture
def lado_device(lado):
    return TOTPDevice.objects.create(user=lado, name="Phone", confirmed=True)


def _home(partnership):
    return reverse("core:home", args=[partnership.slug])


def test_a_lado_signing_in_without_a_device_is_sent_to_set_one_up(client, lado):
    response = sign_in_with_password(client, lado.email)
    response = client.get(response["Location"], follow=True)
    paths = [url for url, _ in response.redirect_chain]
    assert any(path.startswith(reverse("accounts:two_factor")) for path in paths)
    assert paths[-1].startswith(reverse("accounts:two_factor_setup"))
    assert "Set up your authenticator app" in response.content.decode()


def test_partnership_pages_wait_for_the_second_factor(client, lado, lado_device, partnership):
    sign_in_with_password(client, lado.email)
    response = client.get(_home(partnership))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:two_factor')}?next={_home(partnership)}"


def test_the_api_answers_403_json_until_the_second_factor(client, lado, lado_device):
    sign_in_with_password(client, lado.email)
    response = client.get("/api/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Two-factor sign-in is required for your role."}


@time_machine.travel(NOW, tick=False)
def test_a_wrong_code_is_refused_with_an_error_summary(client, lado, lado_device, partnership):
    sign_in_with_password(client, lado.email)
    wrong = f"{(int(current_code(lado_device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:two_factor"), {"token": wrong})
    assert response.status_code == 200
    assert error_summary(response) == ["The code is wrong or has expired: enter the current code."]
    assert client.get(_home(partnership)).status_code == 302
    assert AuditEntry.objects.filter(action="accounts.two_factor.fail", actor=lado).exists()


def test_an_empty_code_names_the_code_field(client, lado, lado_device):
    sign_in_with_password(client, lado.email)
    response = client.post(reverse("accounts:two_factor"), {"token": ""})
    assert error_summary(response) == ["Enter code"]


@time_machine.travel(NOW, tick=False)
def test_the_current_code_passes_and_lands_on_the_next_page(client, lado, lado_device, partnership):
    sign_in_with_password(client, lado.email)
    page = f"{reverse('accounts:two_factor')}?next={_home(partnership)}"
    response = client.post(page, {"token": current_code(lado_device)})
    assert response.status_code == 302
    assert response["Location"] == _home(partnership)
    assert client.get(_home(partnership)).status_code == 200
    assert client.get("/api/").status_code == 200
    assert AuditEntry.objects.filter(action="accounts.two_factor.pass", actor=lado).exists()


def test_next_cannot_send_the_person_to_another_site(client, lado, lado_device):
    sign_in_with_password(client, lado.email)
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            reverse("accounts:two_factor"),
            {"token": current_code(lado_device), "next": "https://evil.example/"},
        )
    assert response["Location"] == "/"


def _set_up(client, lado) -> list[str]:
    """Sign in, set up an authenticator from the page's secret, return the backup codes shown."""
    sign_in_with_password(client, lado.email)
    setup = client.get(reverse("accounts:two_factor_setup"))
    secret = re.search(r'id="totp-secret">([A-Z2-7=]+)<', setup.content.decode()).group(1)
    # The person types the secret into their app, and enters the code it shows.
    code = code_for_key(base64.b32decode(secret))
    response = client.post(reverse("accounts:two_factor_setup"), {"token": code})
    assert response.status_code == 200
    return re.findall(r"<li>([0-9a-f]{8})</li>", response.content.decode())


@time_machine.travel(NOW, tick=False)
def test_set_up_shows_the_secret_confirms_a_code_and_shows_ten_backup_codes(
    client, lado, partnership
):
    codes = _set_up(client, lado)
    assert len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=lado).confirmed
    assert client.get(_home(partnership)).status_code == 200
    assert AuditEntry.objects.filter(action="accounts.two_factor.confirm", actor=lado).exists()


@time_machine.travel(NOW, tick=False)
def test_set_up_refuses_a_wrong_code(client, lado):
    sign_in_with_password(client, lado.email)
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=lado, confirmed=False)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:two_factor_setup"), {"token": wrong})
    assert error_summary(response) == ["The code is wrong or has expired: enter the current code."]
    device.refresh_from_db()
    assert not device.confirmed


@time_machine.travel(NOW, tick=False)
def test_a_backup_code_works_once_and_not_twice(client, lado, partnership):
    code = _set_up(client, lado)[0]
    client.post(reverse("accounts:logout"))

    sign_in_with_password(client, lado.email)
    response = client.post(reverse("accounts:two_factor"), {"token": code, "next": "/"})
    assert response.status_code == 302
    assert client.get(_home(partnership)).status_code == 200
    client.post(reverse("accounts:logout"))

    sign_in_with_password(client, lado.email)
    response = client.post(reverse("accounts:two_factor"), {"token": code})
    assert response.status_code == 200
    assert error_summary(response) == ["The code is wrong or has expired: enter the current code."]
    assert client.get(_home(partnership)).status_code == 302


@pytest.mark.parametrize("role", [Role.BUSINESS_UNIT, Role.PRACTITIONER])
def test_roles_without_restricted_data_are_never_asked_for_a_second_factor(
    client, personas, partnership, role
):
    response = sign_in_with_password(client, personas[role].email)
    response = client.get(response["Location"], follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == _home(partnership)
    assert all("two-factor" not in url for url, _ in response.redirect_chain)
