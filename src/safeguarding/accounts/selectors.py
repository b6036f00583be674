"""Reads about users, memberships and their second factors."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from safeguarding.accounts.models import Membership, User
from safeguarding.accounts.roles import TWO_FACTOR_ROLES
from safeguarding.core.models import Partnership


def user_needs_two_factor(user: User) -> bool:
    """Administrators, LADO and CDOP members (and superusers) must pass a second factor."""
    if user.is_superuser:
        return True
    return user.memberships.active().filter(role__in=TWO_FACTOR_ROLES).exists()


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def has_second_factor(user: User) -> bool:
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticDevice.objects.filter(user=user, confirmed=True, token_set__isnull=False).exists()
    )


def members_of(partnership: Partnership, *, search: str = "") -> QuerySet[User]:
    """People with an active membership of the partnership, with their memberships there."""
    memberships = (
        Membership.objects.active().filter(partnership=partnership).select_related("agency")
    )
    users = User.objects.filter(memberships__in=memberships).distinct()
    if search:
        users = users.filter(full_name__icontains=search) | users.filter(email__icontains=search)
    return users.prefetch_related(
        Prefetch("memberships", queryset=memberships, to_attr="partnership_memberships")
    ).order_by("full_name", "email")


def person_in(partnership: Partnership, user_pk: int) -> User | None:
    """Someone who holds or held a role in the partnership, with all their roles there."""
    memberships = (
        Membership.objects.filter(partnership=partnership)
        .select_related("agency")
        .order_by(F("ended_on").desc(nulls_first=True), "role")
    )
    return (
        User.objects.filter(pk=user_pk, memberships__partnership=partnership)
        .prefetch_related(
            Prefetch("memberships", queryset=memberships, to_attr="partnership_memberships")
        )
        .distinct()
        .first()
    )


def memberships_of(user: User) -> QuerySet[Membership]:
    """The user's active roles in every partnership, for their account page."""
    return Membership.objects.active().filter(user=user).select_related("partnership", "agency")


def has_api_token(user: User) -> bool:
    return Token.objects.filter(user=user).exists()
