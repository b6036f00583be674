"""Delegates: the people who train, known by their work email within the partnership.

A signed-in practitioner becomes a delegate the first time they book (`delegate_for_user`): an
existing delegate with their email (from an agency's staff list or a data pack) is linked to
them rather than made twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from safeguarding.core.models import Agency, Partnership
from safeguarding.core.service_helpers import IN_BATCH, BatchRowRefused, audit_many
from safeguarding.training.models import Delegate
from safeguarding.training.services._shared import (
    check_served,
    create,
    day,
    raise_if,
    served_errors,
    serves,
    serving_agency_ids,
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


def _delegate_problems(
    name: str, email: str, manager_email: str, email_taken: bool
) -> dict[str, str]:
    """A delegate's rules, given whether another delegate of the partnership has the email
    (any case). Pure: every service that writes a delegate, one by one or in a batch, asks
    this."""
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Enter the delegate's name"
    if not email:
        errors["email"] = "Enter the delegate's work email address"
    elif problem := _email_error(email, "an email address"):
        errors["email"] = problem
    elif email_taken:
        errors["email"] = f"A delegate with the email {email} is already recorded."
    if manager_email and (problem := _email_error(manager_email, "an email address")):
        errors["manager_email"] = problem
    return errors


def _check_delegate(
    partnership: Partnership, name: str, email: str, manager_email: str, exclude: int | None
) -> None:
    rows = Delegate.objects.filter(partnership=partnership, email__iexact=email)
    email_taken = bool(email) and taken(rows, exclude)
    raise_if(_delegate_problems(name, email, manager_email, email_taken))


def _new_delegate(
    partnership: Partnership,
    name: str,
    email: str,
    agency: Agency,
    job_role: str = "",
    manager_email: str = "",
    user: User | None = None,
) -> Delegate:
    """The delegate `delegate_create` makes (not saved): names trimmed, the email lower case."""
    return Delegate(
        partnership=partnership,
        user=user,
        name=name.strip(),
        email=email.strip().lower(),
        agency=agency,
        job_role=job_role.strip(),
        manager_email=manager_email.strip(),
    )


def _create_problems(delegate: Delegate, email_taken: bool, served: bool) -> dict[str, str]:
    """Every rule a new delegate must keep: `delegate_create` checks one against the database,
    `delegates_create_many` each of a batch against the emails and agencies read once."""
    name, email, manager_email = delegate.name, delegate.email, delegate.manager_email
    errors = _delegate_problems(name, email, manager_email, email_taken)
    if errors:
        return errors
    return served_errors(delegate.partnership, delegate.agency, served)


#: The foreign keys of a new delegate its service has checked: the agency (and with it the
#: partnership) by finding the agency serving the partnership. Its constraints (the email once
#: per partnership, any case; a user's delegate once) are the service's own rules too.
CHECKED = ("partnership", "agency")


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
    delegate = _new_delegate(partnership, name, email, agency, job_role, manager_email)
    rows = Delegate.objects.filter(partnership=partnership, email__iexact=delegate.email)
    email_taken = bool(delegate.email) and rows.exists()
    raise_if(_create_problems(delegate, email_taken, serves(partnership, agency)))
    action = "training.delegate.create"
    return create(actor, partnership, delegate, action, checked=CHECKED, constraints=False)


#: A batch's row: its number in the sheet, and the keyword arguments `delegate_create` takes
#: (name, email, agency; job_role and manager_email as it defaults them).
DelegateRow = tuple[int, Mapping[str, Any]]


@transaction.atomic
def delegates_create_many(
    *, actor: User | None, partnership: Partnership, rows: Sequence[DelegateRow]
) -> list[Delegate]:
    """Add many delegates at once (a data pack's staff lists; decision 0014).

    Each row is checked by the same rules as `delegate_create`, against the partnership's
    emails and serving agencies read once and the rows accepted before it (an email twice in
    the batch, in any case, is refused the second time). The first row refused raises
    `BatchRowRefused` with its number, and nothing is written. The delegates are inserted in bulk,
    and one `training.delegate.create_many` audit entry per AUDIT_BATCH delegates lists each.
    """
    stored = Delegate.objects.filter(partnership=partnership).values_list("email", flat=True)
    emails = {email.lower() for email in stored}
    served = serving_agency_ids(partnership)
    delegates: list[Delegate] = []
    for number, row in rows:
        delegate = _new_delegate(partnership, **row)
        email_taken = delegate.email in emails
        problems = _create_problems(delegate, email_taken, delegate.agency_id in served)
        if problems:
            raise BatchRowRefused(number, ValidationError(problems))
        try:
            delegate.full_clean(exclude=CHECKED, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise BatchRowRefused(number, error) from None
        emails.add(delegate.email)
        delegates.append(delegate)
    Delegate.objects.bulk_create(delegates, batch_size=IN_BATCH)
    lines = [_created_line(delegate) for delegate in delegates]
    audit_many(actor, partnership, "training.delegate.create_many", lines)
    return delegates


def _created_line(delegate: Delegate) -> tuple[str, str]:
    """A delegate's line in the batch's audit entry: their email, and what was recorded."""
    details = [delegate.name, str(delegate.agency), delegate.job_role]
    if delegate.manager_email:
        details.append(f"manager {delegate.manager_email}")
    return delegate.email, ", ".join(part for part in details if part)


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
    delegate = _new_delegate(partnership, name, email, agency, job_role, user=user)
    action = "training.delegate.create"
    return create(actor, partnership, delegate, action, checked=CHECKED, constraints=False)
