"""Sign-in with the real form, lockout after repeated failures, and idle session expiry."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.conf import settings
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from tests.accounts.helpers import error_summary, sign_in_with_password

START = dt.datetime(2025, 1, 15, 9, 0, tzinfo=dt.UTC)


def test_signing_in_lands_on_the_partnership_home_page(client, personas, partnership):
    user = personas[Role.BUSINESS_UNIT]
    response = sign_in_with_password(client, user.email)
    assert response.status_code == 302
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0] == reverse("core:home", args=[partnership.slug])
    assert "Business unit" in page.content.decode()
    assert AuditEntry.objects.filter(action="accounts.sign_in", actor=user).exists()


def test_a_wrong_password_shows_an_error_and_does_not_sign_in(client, personas, partnership):
    user = personas[Role.BUSINESS_UNIT]
    response = sign_in_with_password(client, user.email, "not-the-password")
    assert response.status_code == 200
    assert error_summary(response) == [
        "Enter a correct email address and password. Both are case-sensitive."
    ]
    assert client.get(reverse("core:home", args=[partnership.slug])).status_code == 302
    assert AuditEntry.objects.filter(
        action="accounts.sign_in_failed", actor_label=user.email
    ).exists()


def test_the_account_locks_after_the_failure_limit_even_for_the_right_password(
    client, personas, partnership
):
    user = personas[Role.BUSINESS_UNIT]
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in_with_password(client, user.email, "not-the-password")
        assert response.status_code == 200
    # The attempt that reaches the limit is refused with the lockout page...
    response = sign_in_with_password(client, user.email, "not-the-password")
    assert response.status_code == 429
    # ...and so is the next one, though its password is right.
    response = sign_in_with_password(client, user.email)
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    assert client.get(reverse("core:home", args=[partnership.slug])).status_code == 302


def test_lockout_is_per_account_so_a_colleague_can_still_sign_in(client, personas):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(client, personas[Role.BUSINESS_UNIT].email, "wrong-password")
    response = sign_in_with_password(client, personas[Role.PRACTITIONER].email)
    assert response.status_code == 302


def test_the_lockout_follows_the_configured_limit(client, personas, settings):
    settings.AXES_FAILURE_LIMIT = 2
    user = personas[Role.EXECUTIVE]
    sign_in_with_password(client, user.email, "wrong-password")
    assert sign_in_with_password(client, user.email, "wrong-password").status_code == 429
    assert sign_in_with_password(client, user.email).status_code == 429


def test_an_idle_session_is_signed_out(client, personas, partnership):
    home = reverse("core:home", args=[partnership.slug])
    with time_machine.travel(START, tick=False) as traveller:
        sign_in_with_password(client, personas[Role.BUSINESS_UNIT].email)
        assert client.get(home).status_code == 200
        traveller.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))
        response = client.get(home)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={home}"


def test_activity_within_the_idle_limit_keeps_the_session(client, personas, partnership):
    home = reverse("core:home", args=[partnership.slug])
    step = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE * 0.8)
    with time_machine.travel(START, tick=False) as traveller:
        sign_in_with_password(client, personas[Role.BUSINESS_UNIT].email)
        for _ in range(3):  # 2.4 idle limits in all, never idle for a whole one
            traveller.shift(step)
            assert client.get(home).status_code == 200
