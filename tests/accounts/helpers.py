"""Small helpers shared by the accounts tests: real sign-in, reading pages and emails."""

from __future__ import annotations

import html
import re
import time

from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD


def sign_in_with_password(client: Client, email: str, password: str = PASSWORD) -> HttpResponse:
    """Post the real sign-in form, as a person would (django-axes forbids client.login)."""
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def current_code(device: TOTPDevice) -> str:
    """The code the person's authenticator app shows now."""
    return code_for_key(device.bin_key)


def code_for_key(key: bytes) -> str:
    """What an authenticator app given this key shows now (30-second steps, 6 digits)."""
    totp = TOTP(key, step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    return f"{totp.token():06d}"


def error_summary(response: HttpResponse) -> list[str]:
    """The messages in the GOV.UK error summary, as shown on the page."""
    page = response.content.decode()
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    if match is None:
        return []
    items = re.findall(r"<li>(.*?)</li>", match.group(1), re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def link_in_last_email() -> str:
    """The path of the first link in the newest email (the set-password link)."""
    url = re.search(r"https?://testserver(\S+)", mail.outbox[-1].body)
    assert url is not None, mail.outbox[-1].body
    return url.group(1)
