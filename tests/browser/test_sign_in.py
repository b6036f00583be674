"""Signing in through the real pages: every demo role, the lockout and the second step."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from safeguarding.accounts.roles import TWO_FACTOR_ROLES, Role

pytestmark = pytest.mark.browser

#: TOTP devices refuse every code for a moment after a wrong one (django-otp throttling).
THROTTLE_MS = 1_100


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_each_demo_role_signs_in_and_sees_its_home_page(role, demo_logins, sign_in, enter_code):
    login = demo_logins[role]
    page = sign_in(login)
    if role in TWO_FACTOR_ROLES:
        enter_code(login.current_code())
    first_name = login.full_name.split(" ")[0]
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your work, {first_name}")
    expect(page.locator("main")).to_contain_text(role.label)
    expect(page.locator("main")).to_contain_text("Nothing is due for you yet")


def test_the_right_password_after_too_many_wrong_ones_is_refused(demo_logins, sign_in, live_server):
    login = demo_logins[Role.BUSINESS_UNIT]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page = sign_in(login, password="not-the-right-password")
    page = sign_in(login)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_a_wrong_code_is_named_in_the_error_summary_then_the_right_one_signs_in(
    demo_logins, sign_in, enter_code
):
    login = demo_logins[Role.LADO]
    page = sign_in(login)
    wrong = f"{(int(login.current_code()) + 1) % 1_000_000:06d}"
    enter_code(wrong)
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    link = summary.get_by_role("link")
    expect(link).to_contain_text(re.compile(r"\bcode\b", re.IGNORECASE))
    expect(link).to_have_attribute("href", "#id_token")
    expect(page.locator("#id_token")).to_have_accessible_name("Code")
    page.wait_for_timeout(THROTTLE_MS)
    enter_code(login.current_code())
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work, Morgan")
