"""Delegates: known by work email within the partnership; a signed-in practitioner is found,
linked or created the first time they book."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.training import services
from safeguarding.training.models import Delegate
from tests.training.factories import make_delegate

pytestmark = pytest.mark.django_db


def create(officer, partnership, agency, email="alex@police.example", **fields):
    values = {"name": "Alex Constable"} | fields
    return services.delegate_create(
        actor=officer, partnership=partnership, email=email, agency=agency, **values
    )


def test_a_delegate_is_created_with_a_lower_case_email(officer, partnership, agency):
    delegate = create(officer, partnership, agency, email=" Alex@Police.example ", job_role="PC")
    assert (delegate.email, delegate.job_role) == ("alex@police.example", "PC")
    assert AuditEntry.objects.filter(action="training.delegate.create").count() == 1


def test_an_email_is_one_delegate_per_partnership(refused, officer, partnership, agency):
    create(officer, partnership, agency)
    message = refused(
        lambda: create(officer, partnership, agency, email="ALEX@police.example"), "email"
    )
    assert message == "A delegate with the email alex@police.example is already recorded."


def test_a_delegate_needs_a_name_and_a_proper_email(refused, officer, partnership, agency):
    refused(lambda: create(officer, partnership, agency, name=" "), "name")
    refused(lambda: create(officer, partnership, agency, email="alex"), "email")
    refused(lambda: create(officer, partnership, agency, manager_email="boss"), "manager_email")


def test_a_delegate_works_for_an_agency_serving_the_partnership(
    refused, officer, partnership, other_agency
):
    message = refused(lambda: create(officer, partnership, other_agency), "agency")
    assert message == f"{other_agency} does not serve {partnership}."


def test_a_delegate_who_leaves_is_recorded_with_the_date(officer, partnership, agency, health):
    delegate = create(officer, partnership, agency)
    services.delegate_update(
        actor=officer,
        delegate=delegate,
        name="Alex Constable",
        email="alex@police.example",
        agency=health,
        job_role="Nurse",
        manager_email="",
        left_on=dt.date(2026, 11, 1),
    )
    delegate.refresh_from_db()
    assert (delegate.agency, delegate.job_role, delegate.left_on) == (
        health,
        "Nurse",
        dt.date(2026, 11, 1),
    )
    entry = AuditEntry.objects.get(action="training.delegate.update")
    assert set(entry.changes) == {"agency", "job_role", "left_on"}


def for_user(partnership, user, **fields):
    return services.delegate_for_user(actor=user, partnership=partnership, user=user, **fields)


def test_a_practitioner_becomes_a_delegate_with_their_memberships_agency(
    partnership, agency, personas
):
    user = personas[Role.PRACTITIONER]
    delegate = for_user(partnership, user, job_role="Health visitor")
    assert (delegate.user, delegate.email, delegate.agency) == (user, user.email, agency)
    assert (delegate.name, delegate.job_role) == (user.full_name, "Health visitor")
    assert for_user(partnership, user) == delegate


def test_a_delegate_from_a_staff_list_is_linked_not_made_twice(partnership, agency, personas):
    user = personas[Role.PRACTITIONER]
    listed = make_delegate(partnership, agency, email=user.email.upper(), name="From the list")
    assert for_user(partnership, user) == listed
    assert Delegate.objects.get().user == user
    assert AuditEntry.objects.filter(action="training.delegate.link").count() == 1


def test_a_user_without_an_agency_is_asked_for_one(refused, partnership, health, personas):
    user = personas[Role.BUSINESS_UNIT]
    assert (
        refused(lambda: for_user(partnership, user), "agency") == "Select the agency you work for"
    )
    assert for_user(partnership, user, agency=health).agency == health


def test_the_agency_given_changes_the_delegates(partnership, health, personas):
    user = personas[Role.PRACTITIONER]
    for_user(partnership, user)
    assert for_user(partnership, user, agency=health).agency == health
