"""Delegates: the people who train, known by their work email within the partnership.

A signed-in practitioner becomes a delegate the first time they book (`delegate_for_user`): an
existing delegate with their email (from an agency's staff list or a data pack) is linked to
them rather than made twice.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from safeguarding.core.models import Agency, Partnership
from safeguarding.training.models import Delegate
from safeguarding.training.services._shared import (
    check_served,
    create,
    day,
    raise_if,
    taken,
    update,
)

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


def _email_error(email: str, what: str) -> str | None:
    try:
        validate_email(email)
    except ValidationError:
        return f"Enter {what} in the correct format, like name@example.org"
    return None


def _check_delegate(
    partnership: Partnership, name: str, email: str, manager_email: str, exclude: int | None
) -> None:
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Enter the delegate's name"
    if not email:
        errors["email"] = "Enter the delegate's work email address"
    elif problem := _email_error(email, "an email address"):
        errors["email"] = problem
    elif taken(Delegate.objects.filter(partnership=partnership, email__iexact=email), exclude):
        errors["email"] = f"A delegate with the email {email} is already recorded."
    if manager_email and (problem := _email_error(manager_email, "an email address")):
        errors["manager_email"] = problem
    raise_if(errors)


@transaction.atomic
def delegate_create(
    *,
    actor: User | None,
    partnership: Partnership,
    name: str,
    email: str,
    agency: Agency,
    job_role: str = "",
    manager_email: str = "",
) -> Delegate:
    name, email, manager_email = name.strip(), email.strip().lower(), manager_email.strip()
    _check_delegate(partnership, name, email, manager_email, None)
    check_served(partnership, agency)
    delegate = Delegate(
        partnership=partnership,
        name=name,
        email=email,
        agency=agency,
        job_role=job_role.strip(),
        manager_email=manager_email,
    )
    return create(actor, partnership, delegate, "training.delegate.create")


@transaction.atomic
def delegate_update(
    *,
    actor: User | None,
    delegate: Delegate,
    name: str,
    email: str,
    agency: Agency,
    job_role: str,
    manager_email: str,
    left_on: dt.date | None = None,
) -> Delegate:
    """Change a delegate's details; their past bookings keep the agency they booked with."""
    partnership = delegate.partnership
    name, email, manager_email = name.strip(), email.strip().lower(), manager_email.strip()
    _check_delegate(partnership, name, email, manager_email, delegate.pk)
    if agency.pk != delegate.agency_id:
        check_served(partnership, agency)
    data = {"name": name, "email": email, "agency": agency, "job_role": job_role.strip()}
    data |= {"manager_email": manager_email, "left_on": left_on}
    return update(actor, partnership, delegate, "training.delegate.update", data)


@transaction.atomic
def delegate_for_user(
    *,
    actor: User | None,
    partnership: Partnership,
    user: User,
    agency: Agency | None = None,
    job_role: str | None = None,
) -> Delegate:
    """The signed-in user's delegate in the partnership: theirs, the one with their email (now
    linked to them), or a new one with the agency of their membership (or the one given).
    An agency or job role given changes theirs."""
    delegate = Delegate.objects.filter(partnership=partnership, user=user).first()
    if delegate is None:
        delegate = _link_by_email(actor, partnership, user)
    if delegate is None:
        return _create_for_user(actor, partnership, user, agency, job_role or "")
    if delegate.left_on is not None:
        raise ValidationError(
            {"delegate": f"{delegate.name} left the staff list on {day(delegate.left_on)}."}
        )
    data: dict[str, object] = {}
    if agency is not None and agency.pk != delegate.agency_id:
        check_served(partnership, agency)
        data["agency"] = agency
    if job_role is not None:
        data["job_role"] = job_role.strip()
    return update(actor, partnership, delegate, "training.delegate.update", data)


def _link_by_email(actor: User | None, partnership: Partnership, user: User) -> Delegate | None:
    found = Delegate.objects.filter(
        partnership=partnership, email__iexact=user.email, user__isnull=True
    ).first()
    if found is None:
        return None
    return update(actor, partnership, found, "training.delegate.link", {"user": user})


def _create_for_user(
    actor: User | None,
    partnership: Partnership,
    user: User,
    agency: Agency | None,
    job_role: str,
) -> Delegate:
    if agency is None:
        membership = user.memberships.active().filter(partnership=partnership, agency__isnull=False)
        agency = next((m.agency for m in membership.select_related("agency")), None)
    if agency is None:
        raise ValidationError({"agency": "Select the agency you work for"})
    check_served(partnership, agency)
    name, email = (user.full_name or user.email).strip(), user.email.strip().lower()
    _check_delegate(partnership, name, email, "", None)
    delegate = Delegate(
        partnership=partnership,
        user=user,
        name=name,
        email=email,
        agency=agency,
        job_role=job_role.strip(),
    )
    return create(actor, partnership, delegate, "training.delegate.create")
