"""The executive: add, change and end members; who joined and left in a reporting year."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.governance import selectors, services
from safeguarding.governance.models import ExecutiveMember
from tests.core.pages import error_summary, table_rows
from tests.governance.conftest import YEAR

NOW = dt.datetime(2024, 6, 3, 10, 0, tzinfo=dt.UTC)


def url(name, partnership, *args):
    return reverse(f"governance:{name}", args=[partnership.slug, *args])


def changes_text(page):
    match = re.search(r'<dl[^>]*id="changes".*?</dl>', page.content.decode(), re.S)
    assert match, "The page shows no changes."
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


def member_data(**overrides):
    data = {
        "name": "Lisa Simpson",
        "role_title": "Superintendent",
        "kind": "delegated",
        "started_on_day": "1",
        "started_on_month": "9",
        "started_on_year": "2023",
    }
    return data | overrides


def test_adding_a_member_saves_and_audits(business_unit, partnership, agency):
    data = member_data(organisation=str(agency.pk), is_chair="on")
    response = business_unit.post(url("executive_add", partnership), data)
    assert response.status_code == 302
    member = ExecutiveMember.objects.get(partnership=partnership)
    assert (member.organisation, member.is_chair) == (agency, True)
    assert AuditEntry.objects.filter(action="governance.executive_member.create").count() == 1


def test_a_bad_member_form_names_each_field_and_saves_nothing(business_unit, partnership):
    data = member_data(name="", kind="", started_on_day="31", started_on_month="2")
    response = business_unit.post(url("executive_add", partnership), data)
    assert [text for _, text in error_summary(response)] == [
        "Enter name",
        "Select place on the executive",
        "Date they joined: The date must be a real date, like 27 3 2024.",
    ]
    assert not ExecutiveMember.objects.exists()


def test_an_organisation_from_another_partnership_is_refused(
    business_unit, partnership, other_agency
):
    data = member_data(organisation=str(other_agency.pk))
    response = business_unit.post(url("executive_add", partnership), data)
    assert error_summary(response)[0][0] == "#id_organisation"
    assert not ExecutiveMember.objects.exists()


def test_editing_changes_the_role(business_unit, partnership, member):
    data = member_data(name="Pat Chief", role_title="Chief Executive", kind="lead")
    business_unit.post(url("executive_edit", partnership, member.pk), data)
    member.refresh_from_db()
    assert member.role_title == "Chief Executive"
    entry = AuditEntry.objects.get(action="governance.executive_member.update")
    assert entry.changes["role_title"] == ["Chief Constable", "Chief Executive"]


@time_machine.travel(NOW, tick=False)
def test_ending_moves_a_member_to_past(business_unit, partnership, member):
    data = {"ended_on_day": "31", "ended_on_month": "3", "ended_on_year": "2024"}
    business_unit.post(url("executive_end", partnership, member.pk), data)
    page = business_unit.get(url("executive_list", partnership))
    assert table_rows(page, "current") == ["There are no current members."]
    assert table_rows(page, "past")[0].startswith("Pat Chief")


def test_a_member_cannot_leave_before_joining(business_unit, partnership, member):
    data = {"ended_on_day": "1", "ended_on_month": "1", "ended_on_year": "2020"}
    response = business_unit.post(url("executive_end", partnership, member.pk), data)
    assert error_summary(response) == [
        ("#id_ended_on_day", "The date they left must be on or after 1 April 2021.")
    ]
    member.refresh_from_db()
    assert member.ended_on is None


@pytest.fixture
def turnover(partnership, member):
    services.executive_member_end(actor=None, member=member, ended_on=dt.date(2023, 12, 31))
    return services.executive_member_create(
        actor=None,
        partnership=partnership,
        name="Natalie Hanna",
        organisation=None,
        role_title="Headteacher",
        kind="education",
        started_on=dt.date(2024, 1, 8),
    )


def test_joined_and_left_in_a_year(partnership, turnover):
    changes = selectors.executive_changes(partnership, YEAR)
    assert ([m.name for m in changes.joined], [m.name for m in changes.left]) == (
        ["Natalie Hanna"],
        ["Pat Chief"],
    )
    later = selectors.executive_changes(partnership, YEAR.previous(-1))
    assert later.joined == later.left == []


@time_machine.travel(NOW, tick=False)
def test_the_year_filter_shows_who_served_and_the_changes(
    client_as, personas, partnership, turnover, django_assert_max_num_queries
):
    client = client_as(personas[Role.PRACTITIONER])
    with django_assert_max_num_queries(13):
        page = client.get(url("executive_list", partnership) + "?year=2020-21")
    assert "There are no current members." in table_rows(page, "current")
    page = client.get(url("executive_list", partnership) + "?year=2023-24")
    assert "Joined Natalie Hanna Left Pat Chief" in changes_text(page)
    assert "Change" not in " ".join(table_rows(page, "current"))
