"""The LADO records an allegation and concludes it, as the Hub's users would.

The LADO signs in (a password, then the code from their authenticator: the LADO role needs two
factors), opens the register from the navigation, records a referral received on Friday 5 May
2023 (the LADO to be informed by Tuesday 9 May: Monday 8 May was the Coronation bank holiday),
then concludes it as unsubstantiated, and the record shows the outcome. The business unit,
without the LADO role, has no way in: no navigation entry, and 404 at the record's address.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry

pytestmark = pytest.mark.browser

REFERENCE = "BROWSER-0001"
RECEIVED = dt.date(2023, 5, 5)
INFORMED = dt.date(2023, 5, 9)
CONCLUDED = dt.date(2023, 6, 30)
HARMED = "Behaved in a way that has harmed a child, or may have harmed a child"


def _fill_date(page: Page, legend: str, day: dt.date | None) -> None:
    """Type the date into its three boxes (None: empty them)."""
    parts = ("", "", "") if day is None else (str(day.day), str(day.month), str(day.year))
    group = page.get_by_role("group", name=legend, exact=True)
    for label, part in zip(("Day", "Month", "Year"), parts, strict=True):
        group.get_by_label(label, exact=True).fill(part)


def _choose(page: Page, legend: str, option: str) -> None:
    page.get_by_role("group", name=legend, exact=True).get_by_label(option, exact=True).check()


def _heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def _row(page: Page, key: str) -> Locator:
    return (
        page.locator("#summary .govuk-summary-list__row")
        .filter(has=page.locator("dt", has_text=re.compile(f"^{re.escape(key)}$")))
        .locator("dd")
    )


def _record(page: Page) -> None:
    page.get_by_role("link", name="Allegations (LADO)", exact=True).first.click()
    _heading(page, "Allegations (LADO)")
    page.get_by_role("link", name="Record a notification").click()
    _heading(page, "Record a notification")
    page.get_by_label("Reference", exact=True).fill(REFERENCE)
    _choose(page, "Contact type", "Referral")
    _fill_date(page, "Date received", RECEIVED)
    _fill_date(page, "Date the LADO was informed", INFORMED)
    page.get_by_label("Employer's sector").select_option(label="Education")
    page.get_by_label("The person's role").fill("Teaching assistant")
    _choose(page, "Category", "Physical")
    _choose(page, "Is the harm test met?", "Yes")
    page.get_by_role("group", name="Criteria met").get_by_label(HARMED).check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(f"{REFERENCE} was recorded.")
    _heading(page, REFERENCE)
    clock = page.locator("#clock")
    expect(clock).to_contain_text(re.compile(r"Due\s*Tuesday 9 May 2023"))
    expect(clock).to_contain_text(re.compile(r"State\s*Met"))
    expect(page.locator("#outcome")).to_have_text("Ongoing")


def _conclude(page: Page) -> None:
    page.get_by_role("link", name="Conclude the allegation").click()
    _heading(page, "Conclude the allegation")
    _choose(page, "Outcome", "Substantiated")
    _fill_date(page, "Date concluded", None)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_text("Enter the date the allegation was concluded").first).to_be_visible()
    _choose(page, "Outcome", "Unsubstantiated")
    _fill_date(page, "Date concluded", CONCLUDED)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(f"{REFERENCE} was concluded")
    expect(page.locator("#outcome")).to_have_text("Unsubstantiated")
    expect(_row(page, "Concluded")).to_have_text("Friday 30 June 2023")


def test_the_lado_records_an_allegation_and_concludes_it(
    demo_logins, signed_in, live_server, page: Page
):
    signed_in(demo_logins[Role.LADO])
    _record(page)
    record_url = page.url
    _conclude(page)
    assert AuditEntry.objects.filter(
        action="allegations.allegation.read", target_label=REFERENCE
    ).exists()
    assert AuditEntry.objects.filter(action="allegations.allegation.conclude").exists()

    page.get_by_role("button", name="Sign out").click()
    signed_in(demo_logins[Role.BUSINESS_UNIT])
    expect(page.get_by_role("link", name="Allegations (LADO)")).to_have_count(0)
    response = page.goto(record_url)
    assert response is not None
    assert response.status == 404
