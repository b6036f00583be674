"""Request types for views behind sign-in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


def is_verified(user: object) -> bool:
    """Whether the user passed a second factor in this session (django-otp's flag)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())
