"""Setting a password from an emailed link: validation, the invitation, and resets."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core import mail
from django.urls import reverse

from safeguarding.accounts import services
from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from tests.accounts.helpers import error_summary, link_in_last_email, sign_in_with_password

NEW_PASSWORD = "a-long-and-unusual-passphrase"


def _request_reset(client, email):
    return client.post(reverse("accounts:password_reset"), {"email": email})


def _open_link(client):
    """Follow the emailed link; Django moves the token into the session and redirects."""
    response = client.get(link_in_last_email(), follow=True)
    assert response.status_code == 200
    return response.redirect_chain[-1][0]


def test_a_reset_email_links_to_a_page_that_sets_the_password(client, personas):
    user = personas[Role.PRACTITIONER]
    response = _request_reset(client, user.email)
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    form_url = _open_link(client)
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert sign_in_with_password(client, user.email, NEW_PASSWORD).status_code == 302
    assert AuditEntry.objects.filter(action="accounts.user.set_password", target_id=user.pk)


def test_an_unknown_email_gets_the_same_answer_and_no_email(client, db):
    response = _request_reset(client, "nobody@nowhere.example")
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_a_bad_email_address_is_named_in_the_error_summary(client, db):
    response = _request_reset(client, "not an email")
    assert error_summary(response) == ["Enter a valid email address."]


def test_a_weak_password_is_refused_with_the_field_named(client, personas):
    user = personas[Role.PRACTITIONER]
    _request_reset(client, user.email)
    form_url = _open_link(client)
    response = client.post(form_url, {"new_password1": "password", "new_password2": "password"})
    assert response.status_code == 200
    summary = error_summary(response)
    assert "New password: This password is too short. It must contain at least 12 characters." in (
        summary
    )
    assert "New password: This password is too common." in summary
    user.refresh_from_db()
    assert not user.check_password("password")


def test_passwords_that_do_not_match_are_refused(client, personas):
    _request_reset(client, personas[Role.PRACTITIONER].email)
    form_url = _open_link(client)
    response = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
    )
    assert error_summary(response) == [
        "Confirm new password: The two password fields didn’t match."
    ]


def test_a_link_works_once(client, personas):
    user = personas[Role.PRACTITIONER]
    _request_reset(client, user.email)
    link = link_in_last_email()
    form_url = _open_link(client)
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = client.get(link, follow=True)
    assert "This link has expired" in response.content.decode()


def test_a_link_expires_after_the_configured_days(client, personas, settings):
    user = personas[Role.PRACTITIONER]
    with time_machine.travel(dt.datetime(2025, 5, 1, 9, tzinfo=dt.UTC)) as traveller:
        _request_reset(client, user.email)
        traveller.shift(dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60))
        response = client.get(link_in_last_email(), follow=True)
    assert "This link has expired" in response.content.decode()


def test_a_person_added_without_a_password_cannot_sign_in_until_they_set_one(
    client, personas, partnership
):
    admin = personas[Role.ADMINISTRATOR]
    invitation = services.user_invite(
        actor=admin,
        partnership=partnership,
        email="new.person@testshire.example",
        full_name="New Person",
        role=Role.BUSINESS_UNIT,
    )
    assert not invitation.user.has_usable_password()
    response = sign_in_with_password(client, "new.person@testshire.example", "")
    assert response.status_code == 200
    response = sign_in_with_password(client, "new.person@testshire.example", NEW_PASSWORD)
    assert response.status_code == 200
    # A lost invitation: they ask for a link from the sign-in page, and set a password with it.
    _request_reset(client, "new.person@testshire.example")
    form_url = _open_link(client)
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = sign_in_with_password(client, "new.person@testshire.example", NEW_PASSWORD)
    assert response.status_code == 302
