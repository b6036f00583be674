"""The GOV.UK layout arrives whole: its stylesheet and script load, and both take effect."""

from __future__ import annotations

import pytest
from playwright.sync_api import Response, expect

from safeguarding.accounts.roles import Role

pytestmark = pytest.mark.browser


def test_the_home_page_loads_its_stylesheet_and_scripts(demo_logins, signed_in, page):
    failed: list[str] = []

    def note_failure(response: Response) -> None:
        if response.status >= 400:
            failed.append(f"{response.status} {response.url}")

    page.on("response", note_failure)
    signed_in(demo_logins[Role.BUSINESS_UNIT])
    page.reload()
    assert failed == []
    expect(page.locator(".govuk-header")).not_to_have_css("background-color", "rgba(0, 0, 0, 0)")
    expect(page.locator(".govuk-skip-link")).to_have_attribute("data-govuk-skip-link-init", "")
