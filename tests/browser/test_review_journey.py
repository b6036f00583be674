"""A serious incident from notification to the learning it led to, as the Hub's users would do it.

The business unit records the notification and sees its due date (aware Thursday 28 March 2024:
due Monday 8 April, Good Friday and Easter Monday skipped), records it as sent to the Panel on
8 April and starts the rapid review (due Monday 29 April), and asks two agencies for their
summaries. The agency lead (Somerset NHS Foundation Trust) sees only their own agency's summary,
returns it, and cannot reach the other agency's. The business unit completes the review on
Tuesday 7 May (met late, 5 working days late) with its decision, records a finding, a
recommendation and an action with evidence of impact on the review's learning page, and sees the
action in the Action Plan Evaluation, and the 2024-25 yearly report's section on reviews names the
review, its theme and the impact of its action.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from safeguarding.accounts.roles import Role

pytestmark = pytest.mark.browser

CASE = "Child Q"
TITLE = "Rapid review: Child Q"
OWN_AGENCY = "Somerset NHS Foundation Trust"  # the demo agency lead's agency
OTHER_AGENCY = "Avon and Somerset Constabulary"
OWN_SUMMARY = "The health visitor saw the family twice; the second visit raised no concerns."
OTHER_SUMMARY = "Officers attended the home once, after a neighbour's call."
FINDING = "Practitioners did not ask who else lived in the home."
RECOMMENDATION = "Every agency asks about adults in the household at the first contact."
ACTION = "Add household questions to the health visiting first contact record"
EVIDENCE = "An audit of 40 first contact records found the questions answered in 38."

AWARE = dt.date(2024, 3, 28)
NOTIFIED = dt.date(2024, 4, 8)
REQUESTED = dt.date(2024, 4, 9)
SUMMARY_DUE = dt.date(2024, 4, 19)
RETURNED = dt.date(2024, 4, 18)
COMPLETED = dt.date(2024, 5, 7)
RAISED = dt.date(2024, 5, 8)
ACTION_DUE = dt.date(2024, 12, 31)
ACTION_DONE = dt.date(2024, 12, 20)
GATHERED = dt.date(2025, 3, 3)
#: The yearly report's section on reviews.
SECTION = re.compile(r"^Rapid reviews and (LCSPR|local child safeguarding practice reviews)", re.I)


def _fill_date(scope: Page | Locator, legend: str, day: dt.date) -> None:
    group = scope.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day", exact=True).fill(str(day.day))
    group.get_by_label("Month", exact=True).fill(str(day.month))
    group.get_by_label("Year", exact=True).fill(str(day.year))


def _choose(scope: Page | Locator, legend: str, option: str) -> None:
    scope.get_by_role("group", name=legend, exact=True).get_by_label(option, exact=True).check()


def _save(page: Page) -> None:
    page.get_by_role("button", name="Save", exact=True).click()


def _success(page: Page, message: str) -> None:
    expect(page.get_by_role("alert")).to_contain_text(message)


def _row(page: Page, key: str) -> Locator:
    """The value of a row of the record's summary list, by its key."""
    return (
        page.locator("#summary .govuk-summary-list__row")
        .filter(has=page.locator("dt", has_text=re.compile(f"^{re.escape(key)}$")))
        .locator("dd")
    )


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def _heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def _open_reviews(page: Page) -> None:
    page.get_by_role("link", name="Reviews", exact=True).click()
    _heading(page, "Reviews")


def _open_rapid_review(page: Page) -> None:
    _open_reviews(page)
    page.locator("#rapid-reviews").get_by_role("link", name=TITLE).click()
    _heading(page, TITLE)


# The business unit: notification, rapid review, summaries asked for


def _record_notification(page: Page) -> None:
    _open_reviews(page)
    page.get_by_role("link", name="Record a notification").click()
    _heading(page, "Record a serious incident notification")
    page.get_by_label("Child's case code").fill(CASE)
    expect(page.get_by_label("Local authority", exact=True)).to_have_value("Somerset")
    _fill_date(page, "Date the local authority became aware", AWARE)
    _choose(page, "What happened to the child", "Seriously harmed")
    _choose(page, "Abuse or neglect", "Neglect")
    _choose(page, "Age band", "5 to 9")
    _choose(page, "Sex", "Female")
    _save(page)
    _success(page, f"The notification for {CASE} was recorded.")
    _heading(page, CASE)
    clock = page.locator("#clock")
    expect(clock).to_contain_text("Thursday 28 March 2024")
    expect(clock).to_contain_text(re.compile(r"Due\s*Monday 8 April 2024"))
    expect(_row(page, "Notified to the Panel")).to_have_text("Not yet")


def _record_sent_to_panel(page: Page) -> None:
    page.get_by_role("link", name="Record when the Panel was notified").click()
    _fill_date(page, "Date notified to the Panel", NOTIFIED)
    _save(page)
    _success(page, f"The notification for {CASE} was sent.")
    expect(_row(page, "Notified to the Panel")).to_have_text("Monday 8 April 2024")
    expect(page.locator("#clock")).to_contain_text(re.compile(r"State\s*Met"))
    expect(page.locator("#rapid-review")).to_contain_text("Not started; due Monday 29 April 2024")


def _start_rapid_review(page: Page) -> None:
    page.get_by_role("link", name="Start the rapid review").click()
    _heading(page, "Start the rapid review")
    expect(page.get_by_label("Title", exact=True)).to_have_value(CASE)
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Working with fathers and male carers").check()
    _save(page)
    _success(page, f"The rapid review “{TITLE}” was started.")
    _heading(page, TITLE)
    clock = page.locator("#clock")
    expect(clock).to_contain_text(re.compile(r"Clock started\s*Monday 8 April 2024"))
    expect(clock).to_contain_text(re.compile(r"Due\s*Monday 29 April 2024"))
    expect(page.locator("#themes")).to_have_text("Working with fathers and male carers")


def _ask_for_summaries(page: Page) -> None:
    page.get_by_role("link", name="Ask agencies for their summaries").click()
    agencies = page.get_by_role("group", name="Agencies involved")
    agencies.get_by_label(OWN_AGENCY, exact=True).check()
    agencies.get_by_label(OTHER_AGENCY, exact=True).check()
    _fill_date(page, "Date requested", REQUESTED)
    _fill_date(page, "Due date", SUMMARY_DUE)
    _save(page)
    _success(page, "2 agencies were asked for a summary.")
    summaries = page.locator("#summaries")
    for agency in (OWN_AGENCY, OTHER_AGENCY):
        expect(summaries.get_by_role("row").filter(has_text=agency)).to_contain_text(
            re.compile(r"9 Apr 2024\s*19 Apr 2024\s*Not yet")
        )


def _return_other_agencys_summary(page: Page) -> str:
    """The business unit returns the police summary for them; the address of its return page."""
    link = page.get_by_role("link", name=f"Return the {OTHER_AGENCY} summary")
    url = link.get_attribute("href")
    assert url
    link.click()
    _heading(page, f"Return the {OTHER_AGENCY} summary")
    page.get_by_label("Summary", exact=True).fill(OTHER_SUMMARY)
    _fill_date(page, "Date returned", RETURNED)
    _save(page)
    _success(page, f"The {OTHER_AGENCY} summary was returned.")
    expect(page.get_by_text(OTHER_SUMMARY)).to_be_visible()
    return url


# The agency lead: their own summary only


def _return_own_summary(page: Page, live_server, other_summary_url: str) -> None:
    own_link = page.get_by_role("link", name=f"Return the {OWN_AGENCY} summary for {TITLE}")
    expect(own_link).to_be_visible()  # on their home page
    expect(page.get_by_text(OTHER_AGENCY)).to_have_count(0)
    _open_rapid_review(page)
    summaries = page.locator("#summaries")
    expect(summaries).to_contain_text(OWN_AGENCY)
    expect(summaries).not_to_contain_text(OTHER_AGENCY)
    expect(page.get_by_text(OTHER_SUMMARY)).to_have_count(0)
    expect(page.get_by_role("link", name="Complete the review")).to_have_count(0)

    response = page.goto(f"{live_server.url}{other_summary_url}")
    assert response is not None
    assert response.status == 404
    _heading(page, "Page not found")
    page.go_back()

    page.get_by_role("link", name=f"Return the {OWN_AGENCY} summary").click()
    _heading(page, f"Return the {OWN_AGENCY} summary")
    expect(page.locator("#clock")).to_contain_text(re.compile(r"Due\s*Friday 19 April 2024"))
    page.get_by_label("Summary", exact=True).fill(OWN_SUMMARY)
    _fill_date(page, "Date returned", RETURNED)
    _save(page)
    _success(page, f"The {OWN_AGENCY} summary was returned.")
    expect(page.get_by_text(OWN_SUMMARY)).to_be_visible()
    row = page.locator("#summaries").get_by_role("row").filter(has_text=OWN_AGENCY)
    expect(row).to_contain_text("18 Apr 2024 by Priya Shah")
    expect(row).to_contain_text("Met")
    expect(page.get_by_text(OTHER_SUMMARY)).to_have_count(0)


# The business unit: completion and learning


def _complete_review(page: Page) -> None:
    _open_rapid_review(page)
    expect(page.locator("#summaries")).to_contain_text(OWN_AGENCY)
    expect(page.get_by_text(OWN_SUMMARY)).to_be_visible()
    expect(page.get_by_text(OTHER_SUMMARY)).to_be_visible()
    page.get_by_role("link", name="Complete the review").click()
    _heading(page, "Complete the rapid review")
    _fill_date(page, "Date completed", COMPLETED)
    _choose(page, "The partners' decision", "No review; other learning")
    _save(page)
    _success(page, f"The rapid review “{TITLE}” was completed.")
    expect(page.locator("#decision")).to_contain_text("No review; other learning")
    clock = page.locator("#clock")
    expect(clock).to_contain_text(re.compile(r"Due\s*Monday 29 April 2024"))
    expect(clock).to_contain_text(re.compile(r"State\s*Met late 5 working days late"))
    expect(clock).to_contain_text(re.compile(r"Completed\s*Tuesday 7 May 2024"))


def _add_finding_and_recommendation(page: Page) -> None:
    page.get_by_role("link", name="Findings, recommendations and actions from this review").click()
    _heading(page, TITLE)
    expect(page.get_by_text("Rapid review, begun 8 April 2024")).to_be_visible()

    page.get_by_role("link", name="Add a finding").click()
    page.get_by_label("Finding", exact=True).fill(FINDING)
    page.get_by_role("group", name="Themes").get_by_label(
        "Working with fathers and male carers"
    ).check()
    _fill_date(page, "Date recorded", COMPLETED)
    _save(page)
    expect(page.locator("#finding-list")).to_contain_text(FINDING)

    page.get_by_role("link", name="Add a recommendation").click()
    page.get_by_label("Recommendation", exact=True).fill(RECOMMENDATION)
    _fill_date(page, "Date made", COMPLETED)
    page.get_by_role("group", name="Findings it answers").get_by_label(
        f"{TITLE}: {FINDING}"
    ).check()
    _save(page)
    expect(page.locator("#recommendation-list")).to_contain_text(RECOMMENDATION)


def _add_action(page: Page) -> None:
    page.get_by_role("link", name="Add an action").click()
    _heading(page, "Add an action")
    page.get_by_label("Action", exact=True).fill(ACTION)
    page.get_by_label("Recommendation", exact=True).select_option(label=RECOMMENDATION)
    page.get_by_label("Owner agency").select_option(label=OWN_AGENCY)
    _fill_date(page, "Date raised", RAISED)
    _fill_date(page, "Due date", ACTION_DUE)
    _choose(page, "Status", "Completed")
    _fill_date(page, "Date completed", ACTION_DONE)
    _save(page)
    _success(page, f"The action “{ACTION}” was added.")
    row = page.locator("#action-table").get_by_role("row").filter(has_text=ACTION)
    expect(row).to_contain_text(OWN_AGENCY)
    expect(row).to_contain_text("31 Dec 2024")
    expect(row).to_contain_text("Completed")
    expect(row).to_contain_text("No evidence yet")


def _add_evidence(page: Page) -> None:
    page.locator("#action-table").get_by_role("link", name=ACTION).click()
    _heading(page, ACTION)
    expect(page.locator("#evidence-empty")).to_be_visible()
    page.get_by_text("Add evidence of impact").click()
    form = page.locator("#add-evidence")
    _choose(form, "How the impact was looked for", "Audit")
    form.get_by_label("What it showed").fill(EVIDENCE)
    _choose(form, "Impact", "Impact shown")
    _fill_date(form, "Date gathered", GATHERED)
    form.get_by_role("button", name="Save evidence").click()
    _success(page, "The evidence of impact was saved.")
    evidence = page.locator("#evidence")
    expect(evidence).to_contain_text(EVIDENCE)
    expect(evidence).to_contain_text(re.compile(r"3 Mar 2025\s*Audit"))
    expect(evidence).to_contain_text("Impact shown")


def _see_evaluation(page: Page) -> None:
    page.get_by_role("link", name="Learning", exact=True).click()
    _heading(page, "Action Plan Evaluation")
    row = page.locator("#actions").get_by_role("row").filter(has_text=ACTION)
    expect(row).to_have_count(1)
    cells = row.get_by_role("cell")
    expect(cells.nth(1)).to_contain_text(TITLE)
    expect(cells.nth(1)).to_contain_text("Rapid review")
    expect(cells.nth(2)).to_have_text(OWN_AGENCY)
    expect(cells.nth(3)).to_have_text("Completed")
    expect(cells.nth(5)).to_have_text("31 Dec 2024")
    expect(cells.nth(6)).to_have_text("Impact shown")
    # Every completed action (the demo's and this one) has its evidence of impact.
    expect(page.locator("#impact-coverage")).to_contain_text(
        re.compile(r"100%\s*(\d+) of \1 completed actions have evidence of impact\.")
    )


def _see_report_section(page: Page) -> None:
    """The 2024-25 report (the year the review was completed) names the review and its impact."""
    page.get_by_role("link", name="Yearly report", exact=True).click()
    _heading(page, "Yearly reports")
    page.get_by_label("Reporting year").fill("2024-25")
    page.get_by_role("button", name="Start the report").click()
    _heading(page, "Yearly report 2024-25")
    contents = page.get_by_role("navigation", name="Contents")
    expect(contents.get_by_role("link", name=SECTION)).to_be_visible()
    section = page.locator("section").filter(has=page.get_by_role("heading", level=2, name=SECTION))
    completed = section.locator("h3", has_text="Rapid reviews completed in 2024-25")
    expect(completed).to_be_visible()
    expect(completed.locator("+ ul").get_by_role("listitem")).to_have_text([TITLE])
    expect(section.get_by_role("listitem").filter(has_text="Working with fathers")).to_be_visible()
    expect(section.get_by_role("listitem").filter(has_text=ACTION)).to_contain_text("Impact shown")


def test_a_notification_becomes_a_rapid_review_and_its_learning_is_evaluated(
    demo_logins, signed_in, live_server
):
    unit, lead = demo_logins[Role.BUSINESS_UNIT], demo_logins[Role.AGENCY_LEAD]
    page = signed_in(unit)
    _record_notification(page)
    _record_sent_to_panel(page)
    _start_rapid_review(page)
    _ask_for_summaries(page)
    other_summary_url = _return_other_agencys_summary(page)
    _sign_out(page)

    signed_in(lead)
    _return_own_summary(page, live_server, other_summary_url)
    _sign_out(page)

    signed_in(unit)
    _complete_review(page)
    _add_finding_and_recommendation(page)
    _add_action(page)
    _add_evidence(page)
    _see_evaluation(page)
    _see_report_section(page)
