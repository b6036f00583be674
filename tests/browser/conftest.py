"""End-to-end fixtures: Debian's chromium, the live server, and the demo partnership loaded.

Never `playwright install`: the tests drive /usr/bin/chromium. The live server needs a
transactional database, so the demo partnership is loaded afresh for every test.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from safeguarding.accounts.roles import Role
from safeguarding.demo import loader
from safeguarding.demo.loader import DemoLogin

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DEMO_PASSWORD = "browser-demo-password-2024"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def demo_logins(transactional_db) -> dict[Role, DemoLogin]:
    """The demo partnership, loaded through the Hub's services: one login per role."""
    return {login.role: login for login in loader.load(password=DEMO_PASSWORD)}


@pytest.fixture
def sign_in(page: Page, live_server) -> Callable[..., Page]:
    """sign_in(login, password=...) fills in the real sign-in page and submits it."""

    def _sign_in(login: DemoLogin, password: str = DEMO_PASSWORD) -> Page:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email address").fill(login.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        return page

    return _sign_in


@pytest.fixture
def enter_code(page: Page) -> Callable[[str], Page]:
    """enter_code(code) answers the second step of sign-in."""

    def _enter_code(code: str) -> Page:
        expect(page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()
        page.get_by_label("Code", exact=True).fill(code)
        page.get_by_role("button", name="Continue").click()
        return page

    return _enter_code


@pytest.fixture
def signed_in(sign_in, enter_code) -> Callable[[DemoLogin], Page]:
    """signed_in(login) signs in fully, passing the second step when the role needs it."""

    def _signed_in(login: DemoLogin) -> Page:
        page = sign_in(login)
        code = login.current_code()
        if code is not None:
            enter_code(code)
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Your work, "))
        return page

    return _signed_in
