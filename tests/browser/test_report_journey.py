"""The yearly report from end to end, as the business unit and the executive would do it.

The dashboard's chart data downloads as CSV; the 2023-24 report is started, a narrative written,
the PDF made from the report page (the immediate task backend makes it during the request, so
the page comes back with it ready) and downloaded; the executive approves, the business unit
publishes with the dates it was sent, and the published report can no longer be edited.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Download, Locator, Page, expect

from safeguarding.accounts.roles import Role
from safeguarding.metrics.dashboard import Panel, registered_panels

pytestmark = pytest.mark.browser

#: The demo registers no dashboard panel of its own yet: chart the governance meetings metric.
MEETINGS = Panel(code="journey-meetings", metric="governance.meetings", title="Meetings held")
NARRATIVE = "Every partner was represented at the Executive this year."


@pytest.fixture
def meetings_panel() -> Iterator[Panel]:
    with registered_panels(MEETINGS):
        yield MEETINGS


def _saved(download: Download, tmp_path: Path) -> bytes:
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return target.read_bytes()


def _download_chart_csv(page: Page, live_server, tmp_path: Path) -> list[list[str]]:
    page.goto(f"{live_server.url}/somerset/dashboard/")
    page.get_by_label("Reporting year").fill("2023-24")
    page.get_by_role("button", name="Show").click()
    panel = page.get_by_role("region", name="Meetings held")
    expect(panel.locator("svg")).to_be_visible()
    with page.expect_download() as info:
        panel.get_by_role("link", name=re.compile(r"^CSV")).first.click()
    text = _saved(info.value, tmp_path).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _start_report(page: Page) -> None:
    page.get_by_role("link", name="Yearly report", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yearly reports")
    page.get_by_label("Reporting year").fill("2023-24")
    page.get_by_role("button", name="Start the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yearly report 2023-24")


def _write_narrative(page: Page) -> None:
    page.get_by_role("link", name="Edit the narrative for Functioning of the partnership").click()
    page.get_by_label("Narrative").fill(NARRATIVE)
    page.get_by_role("button", name="Save the narrative").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yearly report 2023-24")
    expect(page.locator("#section-functioning")).to_contain_text(NARRATIVE)


def _make_and_download_pdf(page: Page, tmp_path: Path) -> bytes:
    page.get_by_role("button", name="Make the PDF").click()
    ready = page.get_by_role("link", name="Download the PDF")
    expect(ready.or_(page.get_by_role("status"))).to_be_visible()
    expect(ready).to_be_visible(timeout=30_000)
    with page.expect_download() as info:
        ready.click()
    return _saved(info.value, tmp_path)


def _open_report(page: Page) -> None:
    page.get_by_role("link", name="Yearly report", exact=True).click()
    page.get_by_role("link", name="2023-24 version 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yearly report 2023-24")


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def _fill_date(page: Page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day", exact=True).fill(str(day.day))
    group.get_by_label("Month", exact=True).fill(str(day.month))
    group.get_by_label("Year", exact=True).fill(str(day.year))


def _approve(page: Page) -> None:
    _open_report(page)
    page.get_by_role("link", name="Approve", exact=True).click()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("alert")).to_contain_text("The 2023-24 report was approved.")


def _publish(page: Page, published: dt.date, panel: dt.date, dfe: dt.date) -> None:
    _open_report(page)
    expect(_edit_links(page).first).to_be_visible()
    page.get_by_role("link", name="Publish", exact=True).click()
    _fill_date(page, "Date published", published)
    _fill_date(page, "Date sent to the national Child Safeguarding Practice Review Panel", panel)
    _fill_date(page, "Date sent to the Department for Education", dfe)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("alert")).to_contain_text("The 2023-24 report was published.")


def _edit_links(page: Page) -> Locator:
    return page.get_by_role("link", name=re.compile(r"^Edit the narrative"))


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_the_report_is_drafted_made_as_a_pdf_approved_and_published(
    demo_logins, signed_in, live_server, meetings_panel, tmp_path
):
    unit, executive = demo_logins[Role.BUSINESS_UNIT], demo_logins[Role.EXECUTIVE]
    page = signed_in(unit)
    header, *rows = _download_chart_csv(page, live_server, tmp_path)
    assert header[-1] == "2023-24"
    assert rows[-1][-1] == "15"  # the seed's 15 subgroup meetings in 2023-24
    _start_report(page)
    _write_narrative(page)
    assert _make_and_download_pdf(page, tmp_path).startswith(b"%PDF")
    _sign_out(page)
    signed_in(executive)
    _approve(page)
    _sign_out(page)
    signed_in(unit)
    today = dt.date.today()
    sent = [today - dt.timedelta(days=n) for n in (2, 1, 0)]
    _publish(page, *sent)
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text(re.compile(r"Status\s*Published"))
    for day in sent:
        expect(summary).to_contain_text(_long(day))
    expect(page.locator("#section-functioning")).to_contain_text(NARRATIVE)
    expect(_edit_links(page)).to_have_count(0)
