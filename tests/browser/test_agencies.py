"""The business unit keeps the agency directory: the add form, its errors, and the list."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from safeguarding.accounts.roles import Role
from safeguarding.core.models import Agency

pytestmark = pytest.mark.browser

#: Wrong fields in the order the form shows them, with how to find each one's first input.
WRONG_FIELDS: dict[str, Callable[[Page], Locator]] = {
    "Agency name": lambda page: page.get_by_label("Agency name"),
    "Sector": lambda page: page.get_by_role("group", name="Sector").get_by_role("radio").first,
    "Role in this partnership": lambda page: (
        page.get_by_role("group", name="Role in this partnership").get_by_role("radio").first
    ),
    "Website": lambda page: page.get_by_label("Website"),
}


@pytest.fixture
def business_unit(demo_logins, signed_in) -> Page:
    return signed_in(demo_logins[Role.BUSINESS_UNIT])


def _open_add_form(page: Page) -> None:
    page.get_by_role("link", name="Agency directory").click()
    page.get_by_role("link", name="Add an agency", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an agency")


def test_bad_input_is_summarised_and_each_link_moves_to_its_field(business_unit):
    page = business_unit
    agencies_before = Agency.objects.count()
    _open_add_form(page)
    page.get_by_label("Website").fill("not a website")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    links = summary.get_by_role("link")
    expect(links).to_have_count(len(WRONG_FIELDS))
    for index, (label, find_input) in enumerate(WRONG_FIELDS.items()):
        link, field = links.nth(index), find_input(page)
        expect(link).to_contain_text(re.compile(re.escape(label), re.IGNORECASE))
        assert link.get_attribute("href") == f"#{field.get_attribute('id')}", label
        link.click()
        expect(field).to_be_focused()
    assert Agency.objects.count() == agencies_before


def test_business_unit_adds_an_agency_and_finds_it_in_the_directory(business_unit):
    page = business_unit
    _open_add_form(page)
    page.get_by_label("Agency name").fill("Somerset Youth Sport Trust")
    page.get_by_label("Short name").fill("Youth Sport")
    page.get_by_label("Voluntary, community, faith and social enterprise").check()
    page.get_by_label("Relevant agency").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Somerset Youth Sport Trust was added to the directory."
    )
    page.get_by_role("link", name="Agency directory").click()
    page.get_by_label("Search by name").fill("youth sport")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("#agencies tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Somerset Youth Sport Trust")
    expect(rows.first).to_contain_text("Relevant agency")
