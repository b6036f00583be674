"""The business unit reads the three casework sections of the 2023-24 report, with the seed's
figures, while the registers behind two of them stay closed to it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from safeguarding.accounts.roles import Role

pytestmark = pytest.mark.browser


def test_the_business_unit_sees_the_three_casework_sections(demo_logins, signed_in, live_server):
    page = signed_in(demo_logins[Role.BUSINESS_UNIT])
    page.get_by_role("link", name="Yearly report", exact=True).click()
    page.get_by_label("Reporting year").fill("2023-24")
    page.get_by_role("button", name="Start the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yearly report 2023-24")

    allegations = page.locator("#section-allegations")
    expect(allegations.get_by_role("heading", name="Allegations Management")).to_be_visible()
    expect(allegations).to_contain_text("742 notifications")
    expect(allegations).to_contain_text("747")
    expect(allegations).to_contain_text("59%")

    deaths = page.locator("#section-child_deaths")
    expect(deaths.get_by_role("heading", name="Child Death Overview Panel")).to_be_visible()
    expect(deaths).to_contain_text("30 child deaths")
    expect(deaths).to_contain_text("15")
    expect(deaths).to_contain_text("5 CDOP reviews")

    differences = page.locator("#section-professional_differences")
    heading = differences.get_by_role("heading", name="Resolving Professional Differences")
    expect(heading).to_be_visible()
    table = differences.get_by_role("table").first
    for year, count in (("2019-20", "23"), ("2020-21", "13"), ("2021-22", "6"), ("2022-23", "7")):
        expect(table.get_by_role("row", name=f"{year} {count}")).to_be_visible()
    expect(table.get_by_role("row", name="2023-24 21")).to_be_visible()
    expect(differences).to_contain_text("It resulted in improved care planning for the child.")

    # The registers themselves are the LADO's and the CDOP's: not found for the business unit.
    for register in ("allegations", "child-deaths"):
        page.goto(f"{live_server.url}/somerset/{register}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
