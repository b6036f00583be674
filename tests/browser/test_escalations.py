"""A professional difference from the day it was raised to the survey quote, as the Hub's users
would do it.

A practitioner of Public Health Nursing raises a difference with Somerset Council about a
threshold decision on Monday 13 May 2024: step 1 is due Wednesday 15 May (two working days). The
business unit moves it up to step 2 on 15 May (due Wednesday 22 May, five working days) and to
step 3 on 22 May (due Friday 24 May), then closes it as resolved on 24 May: every step met. A
practitioner's survey response about it is added and its comment quoted in the yearly report.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from safeguarding.accounts.roles import Role

pytestmark = pytest.mark.browser

CASE = "Child Z"
OWN_AGENCY = "Public Health Nursing"  # the demo practitioner's agency
RECEIVING = "Somerset Council"
RAISED = dt.date(2024, 5, 13)
STEP_2 = dt.date(2024, 5, 15)
STEP_3 = dt.date(2024, 5, 22)
CLOSED = dt.date(2024, 5, 24)
RECEIVED = dt.date(2024, 6, 3)
COMMENT = "Going up to the senior managers got the child seen by a paediatrician within a week."


def _fill_date(page: Page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day", exact=True).fill(str(day.day))
    group.get_by_label("Month", exact=True).fill(str(day.month))
    group.get_by_label("Year", exact=True).fill(str(day.year))


def _choose(page: Page, legend: str, option: str) -> None:
    page.get_by_role("group", name=legend, exact=True).get_by_label(option, exact=True).check()


def _save(page: Page) -> None:
    page.get_by_role("button", name="Save", exact=True).click()


def _success(page: Page, message: str) -> None:
    expect(page.get_by_role("alert")).to_contain_text(message)


def _heading(page: Page, text: str | re.Pattern[str]) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def _step(page: Page, number: int) -> Locator:
    return page.locator(f"#step-{number}")


def _open_register(page: Page) -> None:
    page.get_by_role("link", name="Professional differences", exact=True).first.click()
    _heading(page, "Professional differences")


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    _heading(page, "Sign in")


def _raise(page: Page) -> str:
    """The practitioner raises the difference; its reference."""
    _open_register(page)
    page.get_by_role("link", name="Raise a professional difference").click()
    _heading(page, "Raise a professional difference")
    expect(page.get_by_label("Raising agency")).to_have_value(re.compile(r"\d+"))
    expect(page.locator("#id_raising_agency option:checked")).to_have_text(OWN_AGENCY)
    _fill_date(page, "Date raised", RAISED)
    page.get_by_label("Role of the person raising it").fill("School nurse")
    page.get_by_label("Receiving agency").select_option(label=RECEIVING)
    page.get_by_label("Child's case code").fill(CASE)
    _choose(page, "What the difference is about", "Threshold or referral decision")
    page.get_by_label("Summary").fill(
        "A referral for a child with unexplained bruising was closed."
    )
    _save(page)
    _success(page, "was raised.")
    _heading(page, re.compile(rf"^RPD-\d+: {CASE}$"))
    expect(_step(page, 1)).to_contain_text(re.compile(r"13 May 2024\s*15 May 2024\s*Not yet"))
    expect(page.get_by_role("link", name="Move up a step")).to_have_count(0)
    heading = page.get_by_role("heading", level=1).inner_text()
    return heading.split(":")[0]


def _move_up(page: Page, step: str, day: dt.date) -> None:
    page.get_by_role("link", name="Move up a step").click()
    _heading(page, "Move up a step")
    _choose(page, "Step it moves up to", step)
    _fill_date(page, "Date the step started", day)
    _save(page)


def _take_it_to_step_3_and_close(page: Page, reference: str) -> None:
    _open_register(page)
    page.locator("#escalations").get_by_role("link", name=reference).click()
    _heading(page, f"{reference}: {CASE}")
    _move_up(page, "Step 2: manager to manager", STEP_2)
    _success(page, f"{reference} moved up to step 2.")
    expect(_step(page, 1)).to_contain_text(re.compile(r"15 May 2024\s*15 May 2024\s*Met"))
    expect(_step(page, 2)).to_contain_text(re.compile(r"15 May 2024\s*22 May 2024\s*Not yet"))
    _move_up(page, "Step 3: senior manager to senior manager", STEP_3)
    expect(_step(page, 3)).to_contain_text(re.compile(r"22 May 2024\s*24 May 2024\s*Not yet"))

    page.get_by_role("link", name="Close the difference").click()
    _choose(page, "How the difference ended", "Resolved")
    _fill_date(page, "Date closed", CLOSED)
    _choose(page, "Did it improve the plan for the child?", "Yes")
    _save(page)
    expect(page.locator("#id_resolution_type-error")).to_contain_text(
        "Select how the difference was resolved"
    )
    _choose(page, "How it was resolved", "The plan for the child was changed")
    _save(page)
    _success(page, f"The professional difference {reference} was closed.")
    outcome = page.locator("#outcome")
    expect(outcome).to_contain_text("Resolved")
    expect(outcome).to_contain_text("The plan for the child was changed")
    expect(_step(page, 3)).to_contain_text(re.compile(r"24 May 2024\s*24 May 2024\s*Met"))


def _quote_a_survey_response(page: Page, reference: str) -> None:
    _open_register(page)
    page.get_by_role("link", name="Survey responses and quotes").click()
    page.get_by_role("link", name="Add a survey response").click()
    _fill_date(page, "Date received", RECEIVED)
    _choose(
        page,
        "Did using the protocol result in a positive outcome for the child?",
        "Yes",
    )
    page.get_by_label("Comment", exact=True).fill(COMMENT)
    page.get_by_label("Reference of the difference").fill(reference)
    _save(page)
    _success(page, "The survey response was added.")
    row = page.locator("#responses tr").filter(has_text=COMMENT)
    expect(row).not_to_contain_text("Quoted in the report")
    row.get_by_role("link", name=re.compile("^Change")).click()
    page.get_by_label("Quote this comment in the yearly report").check()
    _save(page)
    _success(page, "The survey response was updated.")
    row = page.locator("#responses tr").filter(has_text=COMMENT)
    expect(row).to_contain_text("Quoted in the report")
    expect(row.get_by_role("link", name=reference)).to_be_visible()


def test_a_difference_from_raising_to_the_survey_quote(demo_logins, signed_in):
    page = signed_in(demo_logins[Role.PRACTITIONER])
    reference = _raise(page)
    _sign_out(page)

    page = signed_in(demo_logins[Role.BUSINESS_UNIT])
    _take_it_to_step_3_and_close(page, reference)
    _quote_a_survey_response(page, reference)
