"""Every write to users, memberships, second factors and API tokens, with its audit entry."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from safeguarding.accounts.models import Membership, User
from safeguarding.accounts.roles import Role
from safeguarding.audit.services import apply_changes, audit_record
from safeguarding.core.models import Agency, AgencyPartnership, Partnership

BACKUP_CODE_COUNT = 10


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    job_title: str = "",
    password: str | None = None,
) -> User:
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "Someone with this email address already has an account."})
    user = User(email=email, full_name=full_name, job_title=job_title)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action="accounts.user.create",
        target=user,
        changes={"email": [None, email], "full_name": [None, full_name]},
    )
    return user


@transaction.atomic
def membership_create(
    *,
    actor: User | None,
    user: User,
    partnership: Partnership,
    role: Role | str,
    agency: Agency | None = None,
    started_on: dt.date | None = None,
) -> Membership:
    if Membership.objects.active().filter(user=user, partnership=partnership, role=role).exists():
        raise ValidationError({"role": f"{user} already has this role in {partnership}."})
    if (
        agency is not None
        and not AgencyPartnership.objects.filter(agency=agency, partnership=partnership).exists()
    ):
        raise ValidationError({"agency": f"{agency} does not serve {partnership}."})
    # An ended membership of the same role is reopened rather than duplicated.
    membership = Membership.objects.filter(user=user, partnership=partnership, role=role).first()
    if membership is None:
        membership = Membership(user=user, partnership=partnership, role=role)
    membership.agency = agency
    membership.ended_on = None
    membership.started_on = started_on or timezone.localdate()
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        action="accounts.membership.create",
        target=membership,
        partnership=partnership,
        changes={
            "user": [None, user.email],
            "role": [None, str(role)],
            "agency": [None, str(agency or "")],
        },
    )
    return membership


@transaction.atomic
def totp_device_start(*, actor: User) -> TOTPDevice:
    """An unconfirmed authenticator for the user (kept until they confirm a code from it)."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name="Authenticator app", confirmed=False)
        audit_record(actor=actor, action="accounts.two_factor.start", target=actor)
    return device


@transaction.atomic
def totp_device_confirm(*, actor: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the authenticator with a code from it; returns fresh backup codes to show once."""
    if not device.verify_token(token.strip().replace(" ", "")):
        raise ValidationError(
            {"token": "The code is wrong or has expired: enter the current code."}
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=actor, confirmed=True).exclude(pk=device.pk).delete()
    codes = backup_codes_replace(actor=actor)
    audit_record(actor=actor, action="accounts.two_factor.confirm", target=actor)
    return codes


@transaction.atomic
def backup_codes_replace(*, actor: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=actor, name="Backup codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [secrets.token_hex(4) for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit_record(actor=actor, action="accounts.two_factor.backup_codes", target=actor)
    return codes


@transaction.atomic
def api_token_replace(*, actor: User) -> Token:
    """Issue a new API token for the user, revoking any earlier one."""
    Token.objects.filter(user=actor).delete()
    token = Token.objects.create(user=actor)
    audit_record(actor=actor, action="accounts.api_token.create", target=actor)
    return token


@transaction.atomic
def api_token_revoke(*, actor: User) -> None:
    deleted, _ = Token.objects.filter(user=actor).delete()
    if deleted:
        audit_record(actor=actor, action="accounts.api_token.revoke", target=actor)


@dataclass(frozen=True)
class Invitation:
    user: User
    membership: Membership
    new_account: bool


@transaction.atomic
def user_invite(
    *,
    actor: User | None,
    partnership: Partnership,
    email: str,
    full_name: str,
    role: Role | str,
    agency: Agency | None = None,
    job_title: str = "",
) -> Invitation:
    """Give a person a role; a new email gets an account with no password until they set one.

    All or nothing: if the role cannot be given, no account is created either. The caller sends
    the invitation email (see accounts.invitations) once this has committed.
    """
    existing = User.objects.filter(email__iexact=User.objects.normalize_email(email)).first()
    user = existing or user_create(
        actor=actor, email=email, full_name=full_name, job_title=job_title
    )
    membership = membership_create(
        actor=actor, user=user, partnership=partnership, role=role, agency=agency
    )
    return Invitation(user=user, membership=membership, new_account=existing is None)


@transaction.atomic
def user_reinvite(*, actor: User | None, user: User, partnership: Partnership) -> None:
    """Record that a fresh invitation goes to someone who has not yet set a password."""
    if user.has_usable_password():
        raise ValidationError(f"{user} has already set a password: they can reset it themselves.")
    audit_record(actor=actor, action="accounts.user.reinvite", target=user, partnership=partnership)


def _last_administrator(membership: Membership, ended_on: dt.date) -> bool:
    if membership.role != Role.ADMINISTRATOR:
        return False
    others = Membership.objects.filter(
        partnership=membership.partnership, role=Role.ADMINISTRATOR
    ).exclude(pk=membership.pk)
    return not others.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=ended_on)).exists()


@transaction.atomic
def membership_end(*, actor: User | None, membership: Membership, ended_on: dt.date) -> Membership:
    if membership.ended_on is not None and membership.ended_on <= ended_on:
        raise ValidationError({"ended_on": "This role had already ended."})
    if _last_administrator(membership, ended_on):
        raise ValidationError(
            {"ended_on": "This is the partnership's last administrator: add another one first."}
        )
    changes = apply_changes(membership, {"ended_on": ended_on})
    membership.full_clean()
    membership.save(update_fields=["ended_on"])
    audit_record(
        actor=actor,
        action="accounts.membership.end",
        target=membership,
        partnership=membership.partnership,
        changes=changes,
    )
    return membership


@transaction.atomic
def user_set_password(*, actor: User | None, user: User, password: str) -> User:
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="accounts.user.set_password", target=user)
    return user


@transaction.atomic
def totp_device_issue(*, actor: User | None, user: User) -> TOTPDevice:
    """Replace the user's authenticator with a new confirmed one (an administrator's reset)."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    audit_record(actor=actor, action="accounts.two_factor.issue", target=user)
    return device
