"""The CDOP coordinator records a child's death and then the panel's review of it.

The coordinator (Somerset's CDOP role, with two-factor sign-in) opens the register from the
navigation, records the notification of a baby's death to the Somerset and Dorset panel (first
with an age band that contradicts the dates, which is refused on the age band), sees the record,
records the review meeting and the panel's completed review, and the record shows the review;
the register lists the death as reviewed. The business unit has no way in: no navigation entry,
and the register's address answers "Page not found".
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from safeguarding.accounts.roles import Role

pytestmark = pytest.mark.browser

CASE = "CDOP-BROWSER-01"
PANEL = "Somerset and Dorset Child Death Overview Panel"
SOMERSET = "Somerset Safeguarding Children Partnership"
BORN = dt.date(2024, 1, 20)
DIED = dt.date(2024, 2, 1)
NOTIFIED = dt.date(2024, 2, 2)
MEETING = dt.date(2024, 4, 2)
COMPLETED = dt.date(2024, 5, 2)


def _fill_date(scope: Page | Locator, legend: str, day: dt.date) -> None:
    group = scope.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day", exact=True).fill(str(day.day))
    group.get_by_label("Month", exact=True).fill(str(day.month))
    group.get_by_label("Year", exact=True).fill(str(day.year))


def _choose(page: Page, legend: str, option: str) -> None:
    page.get_by_role("group", name=legend, exact=True).get_by_label(option, exact=True).check()


def _heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def _row(page: Page, key: str) -> Locator:
    return (
        page.locator(".govuk-summary-list__row")
        .filter(has=page.locator("dt", has_text=re.compile(f"^{re.escape(key)}$")))
        .locator("dd")
    )


def _save(page: Page) -> None:
    page.get_by_role("button", name="Save", exact=True).click()


def _open_the_register(page: Page) -> None:
    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Child deaths (CDOP)", exact=True).click()
    _heading(page, "Child deaths")


def _switch_to_somerset(page: Page) -> None:
    """The coordinator is also a member of Dorset (the panel serves both): work in Somerset."""
    page.get_by_label("Partnership", exact=True).select_option(label=SOMERSET)
    page.get_by_role("button", name="Switch").click()
    expect(page).to_have_url(re.compile(r"/somerset/$"))


def _record_the_death(page: Page) -> None:
    _switch_to_somerset(page)
    _open_the_register(page)
    page.get_by_role("link", name="Record a notification").click()
    _heading(page, "Record a child death notification")
    page.get_by_label("Case code", exact=True).fill(CASE)
    page.get_by_label("Child Death Overview Panel", exact=True).select_option(label=PANEL)
    _fill_date(page, "Date of death", DIED)
    _fill_date(page, "Date of birth", BORN)
    _fill_date(page, "Date notified", NOTIFIED)
    _choose(page, "Age band", "28 to 364 days")  # the dates say 12 days old
    _choose(page, "Expected or unexpected", "Unexpected")
    _choose(page, "Joint agency response", "Yes")
    _save(page)

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "The age band must match the dates: a child born on 20 January 2024 who died on "
        "1 February 2024 was in the band 0 to 27 days"
    )
    _choose(page, "Age band", "0 to 27 days")
    _save(page)
    expect(page.get_by_role("alert")).to_contain_text(f"The death of {CASE} was recorded.")
    _heading(page, CASE)
    expect(_row(page, "Panel")).to_have_text(PANEL)
    expect(_row(page, "Where the child lived")).to_have_text(SOMERSET)
    expect(_row(page, "Age band")).to_have_text("0 to 27 days (under 1)")
    expect(_row(page, "Panel review completed")).to_have_text("Not yet")


def _record_the_review(page: Page) -> None:
    page.get_by_role("link", name="Record the review").click()
    _heading(page, "Record the review")
    _fill_date(page, "Date of the review meeting", MEETING)
    _fill_date(page, "Date the review was completed", COMPLETED)
    _save(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the category of death: a completed review needs one"
    )
    _choose(page, "Category of death", "Sudden unexpected, unexplained death")
    _choose(page, "Modifiable factors", "Insufficient information")
    _save(page)
    expect(page.get_by_role("alert")).to_contain_text(f"The review of {CASE} was recorded.")
    expect(_row(page, "Child death review meeting")).to_have_text("2 April 2024")
    expect(_row(page, "Panel review completed")).to_have_text("2 May 2024")
    expect(_row(page, "Category of death")).to_have_text("Sudden unexpected, unexplained death")
    expect(_row(page, "Modifiable factors identified")).to_have_text("Insufficient information")


def _the_register_lists_it_as_reviewed(page: Page) -> None:
    _open_the_register(page)
    page.get_by_label("Year notified").select_option(label="2023-24")
    page.get_by_label("Panel review").select_option(label="Review completed")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#deaths").get_by_role("row").filter(has_text=CASE)).to_contain_text(
        "2 May 2024"
    )


def test_the_cdop_coordinator_records_a_death_and_its_review(demo_logins, signed_in, live_server):
    page = signed_in(demo_logins[Role.CDOP])
    _record_the_death(page)
    _record_the_review(page)
    _the_register_lists_it_as_reviewed(page)


def test_the_business_unit_has_no_way_in(demo_logins, signed_in, live_server):
    page = signed_in(demo_logins[Role.BUSINESS_UNIT])
    expect(page.get_by_role("link", name="Child deaths (CDOP)")).to_have_count(0)
    response = page.goto(f"{live_server.url}/somerset/child-deaths/")
    assert response is not None
    assert response.status == 404
    _heading(page, "Page not found")
