"""Sign-ins, failed sign-ins and sign-outs through the real sign-in page reach the audit log."""

from __future__ import annotations

from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def test_a_wrong_password_is_recorded_with_the_email_typed(personas, client):
    user = personas[Role.BUSINESS_UNIT]
    response = client.post(LOGIN, {"username": user.email, "password": "not-the-password"})
    assert response.status_code == 200
    [entry] = AuditEntry.objects.filter(action="accounts.sign_in_failed")
    assert entry.actor is None
    assert entry.actor_label == user.email
    assert entry.ip == "127.0.0.1"
    assert entry.request_id == response["X-Request-ID"]
    assert not AuditEntry.objects.filter(action="accounts.sign_in").exists()


def test_an_unknown_email_is_recorded_too(db, client):
    client.post(LOGIN, {"username": "nobody@nowhere.example", "password": "guess-guess-guess"})
    [entry] = AuditEntry.objects.filter(action="accounts.sign_in_failed")
    assert entry.actor_label == "nobody@nowhere.example"


def test_a_right_password_is_recorded_as_a_sign_in(personas, client):
    user = personas[Role.BUSINESS_UNIT]
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    [entry] = AuditEntry.objects.filter(action="accounts.sign_in")
    assert (entry.actor, entry.actor_label) == (user, user.email)
    assert (entry.target_type, entry.target_id) == ("accounts.user", str(user.pk))
    assert entry.request_id == response["X-Request-ID"]
    assert not AuditEntry.objects.filter(action="accounts.sign_in_failed").exists()


def test_signing_out_is_recorded(personas, client):
    user = personas[Role.BUSINESS_UNIT]
    client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    client.post(reverse("accounts:logout"))
    [entry] = AuditEntry.objects.filter(action="accounts.sign_out")
    assert entry.actor == user
