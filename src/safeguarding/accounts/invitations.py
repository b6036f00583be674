"""The invitation email: a link to set a first password, made with Django's reset machinery.

The link is a password-reset link (default_token_generator), so it stops working once the
password is set, or after settings.PASSWORD_RESET_TIMEOUT.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from safeguarding.accounts.models import User
from safeguarding.core.models import Partnership

SUBJECT_TEMPLATE = "accounts/email/invitation_subject.txt"
BODY_TEMPLATE = "accounts/email/invitation_body.txt"


def link_valid_days() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60))


def send_invitation(request: HttpRequest, *, user: User, partnership: Partnership) -> None:
    site = get_current_site(request)
    context = {
        "email": user.email,
        "user": user,
        "partnership": partnership,
        "domain": site.domain,
        "site_name": site.name,
        "protocol": "https" if request.is_secure() else "http",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "valid_days": link_valid_days(),
    }
    PasswordResetForm().send_mail(SUBJECT_TEMPLATE, BODY_TEMPLATE, context, None, user.email)
