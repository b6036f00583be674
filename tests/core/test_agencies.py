"""The agency directory: every member reads it, the business unit keeps it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core import services
from safeguarding.core.models import Agency, AgencyPartnership
from tests.core.pages import error_summary, field_errors, table_rows
from tests.factories import AgencyFactory, AgencyPartnershipFactory

NEW_AGENCY = {
    "name": "Testshire Community Health Trust",
    "short_name": "TCHT",
    "sector": "health",
    "designation": "relevant_agency",
    "website": "https://tcht.example",
}
MONDAY = dt.datetime(2024, 6, 3, 10, 0, tzinfo=dt.UTC)


def url(name, partnership, *args):
    return reverse(f"core:{name}", args=[partnership.slug, *args])


def link_to(partnership, name, sector="health", **agency_fields):
    agency = AgencyFactory(name=name, sector=sector, **agency_fields)
    AgencyPartnershipFactory(agency=agency, partnership=partnership)
    return agency


def retire_data(day="3", month="6", year="2024"):
    return {"retired_on_day": day, "retired_on_month": month, "retired_on_year": year}


# The directory


def test_directory_lists_the_agencies_serving_the_partnership(business_unit, partnership, agency):
    response = business_unit.get(url("agency_list", partnership))
    assert table_rows(response, "agencies") == [
        "Testshire Police Police Statutory safeguarding partner Current"
    ]


def test_directory_leaves_out_agencies_of_other_partnerships(
    business_unit, partnership, other_agency
):
    response = business_unit.get(url("agency_list", partnership))
    assert "Elsewhere Health Trust" not in response.content.decode()


def test_directory_search_matches_part_of_the_name(business_unit, partnership, agency):
    link_to(partnership, "Testshire Hospitals NHS Trust")
    response = business_unit.get(url("agency_list", partnership), {"q": "hospital"})
    rows = table_rows(response, "agencies")
    assert len(rows) == 1
    assert rows[0].startswith("Testshire Hospitals NHS Trust")


def test_directory_search_matches_the_short_name(business_unit, partnership, agency):
    link_to(partnership, "Integrated Care Board", short_name="ICB")
    response = business_unit.get(url("agency_list", partnership), {"q": "icb"})
    assert [row.split(" Health")[0] for row in table_rows(response, "agencies")] == [
        "Integrated Care Board"
    ]


def test_directory_filters_by_sector(business_unit, partnership, agency):
    link_to(partnership, "Testshire Academy Trust", sector="education")
    response = business_unit.get(url("agency_list", partnership), {"sector": "education"})
    rows = table_rows(response, "agencies")
    assert len(rows) == 1
    assert rows[0].startswith("Testshire Academy Trust Education")


def test_directory_hides_retired_agencies_by_default(business_unit, partnership, agency):
    link_to(partnership, "Old Youth Service", retired_on=dt.date(2023, 3, 31))
    response = business_unit.get(url("agency_list", partnership))
    assert "Old Youth Service" not in response.content.decode()


def test_directory_shows_retired_agencies_when_asked(business_unit, partnership, agency):
    link_to(partnership, "Old Youth Service", retired_on=dt.date(2023, 3, 31))
    response = business_unit.get(url("agency_list", partnership), {"retired": "on"})
    rows = table_rows(response, "agencies")
    assert "Old Youth Service Health Relevant agency Retired 31 Mar 2023" in rows
    assert len(rows) == 2


def test_directory_says_when_nothing_matches(business_unit, partnership, agency):
    response = business_unit.get(url("agency_list", partnership), {"q": "zzz"})
    assert "No agencies match" in response.content.decode()


@pytest.fixture
def fifty_one_agencies(partnership, agency):
    for number in range(50):
        link_to(partnership, f"Testshire School {number:02d}", sector="education")


def test_directory_shows_fifty_agencies_a_page(business_unit, partnership, fifty_one_agencies):
    response = business_unit.get(url("agency_list", partnership))
    page = response.content.decode()
    assert len(table_rows(response, "agencies")) == 50
    assert "51 agencies" in page
    assert "1 of 2" in page


def test_directory_second_page_holds_the_rest(business_unit, partnership, fifty_one_agencies):
    response = business_unit.get(url("agency_list", partnership), {"page": "2"})
    rows = table_rows(response, "agencies")
    assert len(rows) == 1
    assert rows[0].startswith("Testshire School 49")


def test_directory_pages_keep_the_filter(business_unit, partnership, fifty_one_agencies):
    response = business_unit.get(url("agency_list", partnership), {"q": "Testshire"})
    assert 'href="?q=Testshire&amp;page=2"' in response.content.decode()


def test_directory_runs_a_fixed_number_of_queries(
    business_unit, partnership, fifty_one_agencies, django_assert_max_num_queries
):
    with django_assert_max_num_queries(11):
        response = business_unit.get(url("agency_list", partnership))
    assert response.status_code == 200


# One agency


def test_detail_shows_the_agency_and_the_partnerships_it_serves(business_unit, partnership, agency):
    page = business_unit.get(url("agency_detail", partnership, agency.pk)).content.decode()
    assert '<h1 class="govuk-heading-l">Testshire Police' in page
    assert f"{partnership.name}: Statutory safeguarding partner" in page


def test_detail_counts_the_people_of_the_agency_in_the_hub(business_unit, partnership, agency):
    page = business_unit.get(url("agency_detail", partnership, agency.pk)).content.decode()
    # The agency lead and the practitioner personas belong to the agency.
    assert '<dd class="govuk-summary-list__value">2</dd>' in page


def test_unknown_agency_is_not_found(business_unit, partnership):
    assert business_unit.get(url("agency_detail", partnership, 99999)).status_code == 404


# Adding an agency


def test_business_unit_adds_an_agency(business_unit, partnership):
    response = business_unit.post(url("agency_add", partnership), NEW_AGENCY)
    added = Agency.objects.get(name="Testshire Community Health Trust")
    assert response.status_code == 302
    assert response["Location"] == url("agency_detail", partnership, added.pk)
    assert (added.short_name, added.sector, added.website) == (
        "TCHT",
        "health",
        "https://tcht.example",
    )


def test_added_agency_serves_the_partnership_in_its_role(business_unit, partnership):
    business_unit.post(url("agency_add", partnership), NEW_AGENCY)
    link = AgencyPartnership.objects.get(agency__name=NEW_AGENCY["name"])
    assert (link.partnership, link.designation) == (partnership, "relevant_agency")


def test_adding_an_agency_writes_a_create_and_a_link_audit_entry(
    business_unit, partnership, personas
):
    business_unit.post(url("agency_add", partnership), NEW_AGENCY)
    added = Agency.objects.get(name=NEW_AGENCY["name"])
    entries = AuditEntry.objects.filter(target_type="core.agency", target_id=str(added.pk))
    assert sorted(entries.values_list("action", "changes")) == [
        ("core.agency.create", {"name": [None, NEW_AGENCY["name"]], "sector": [None, "health"]}),
        ("core.agency.link", {"designation": [None, "relevant_agency"]}),
    ]
    assert {entry.actor for entry in entries} == {personas[Role.BUSINESS_UNIT]}
    assert {entry.partnership for entry in entries} == {partnership}


def test_added_agency_is_listed_in_the_directory(business_unit, partnership):
    business_unit.post(url("agency_add", partnership), NEW_AGENCY)
    response = business_unit.get(url("agency_list", partnership))
    assert "Testshire Community Health Trust" in response.content.decode()


def test_adding_a_name_already_in_the_hub_in_any_case_is_refused(
    business_unit, partnership, other_agency
):
    count = Agency.objects.count()
    data = {**NEW_AGENCY, "name": "ELSEWHERE health trust"}
    response = business_unit.post(url("agency_add", partnership), data)
    message = "An agency with this name is already in the Hub: link it instead."
    assert response.status_code == 200
    assert field_errors(response, "id_name") == [message]
    assert error_summary(response) == [("#id_name", f"Agency name: {message}")]
    assert Agency.objects.count() == count


def test_adding_with_nothing_filled_in_names_each_missing_field(business_unit, partnership):
    count, audited = Agency.objects.count(), AuditEntry.objects.count()
    response = business_unit.post(url("agency_add", partnership), {})
    assert response.status_code == 200
    assert error_summary(response) == [
        ("#id_name", "Enter agency name"),
        ("#id_sector_0", "Select sector"),
        ("#id_designation_0", "Select role in this partnership"),
    ]
    assert Agency.objects.count() == count
    assert AuditEntry.objects.count() == audited


def test_error_summary_links_point_at_inputs_on_the_page(business_unit, partnership):
    response = business_unit.post(url("agency_add", partnership), {})
    page = response.content.decode()
    for href, _ in error_summary(response):
        assert f'id="{href[1:]}"' in page


def test_adding_keeps_what_was_typed_after_an_error(business_unit, partnership):
    response = business_unit.post(url("agency_add", partnership), {**NEW_AGENCY, "sector": ""})
    page = response.content.decode()
    assert 'value="Testshire Community Health Trust"' in page
    assert 'type="radio" value="relevant_agency" checked' in page


def test_adding_with_a_bad_website_shows_the_error_beside_it(business_unit, partnership):
    count = Agency.objects.count()
    response = business_unit.post(
        url("agency_add", partnership), {**NEW_AGENCY, "website": "not a web address"}
    )
    assert field_errors(response, "id_website") == ["Enter a valid URL."]
    assert error_summary(response) == [("#id_website", "Website: Enter a valid URL.")]
    assert Agency.objects.count() == count


# Changing an agency


def test_business_unit_changes_an_agency(business_unit, partnership, agency):
    data = {
        "name": "Testshire Constabulary",
        "sector": "police",
        "designation": "statutory_partner",
    }
    response = business_unit.post(url("agency_edit", partnership, agency.pk), data)
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.name == "Testshire Constabulary"


def test_changing_an_agency_audits_only_the_changed_fields(business_unit, partnership, agency):
    data = {
        "name": "Testshire Police",
        "short_name": "TP",
        "sector": "police",
        "designation": "relevant_agency",
    }
    business_unit.post(url("agency_edit", partnership, agency.pk), data)
    entry = AuditEntry.objects.get(action="core.agency.update")
    assert entry.changes == {
        "short_name": ["", "TP"],
        "designation": ["statutory_partner", "relevant_agency"],
    }


def test_saving_an_agency_unchanged_writes_no_audit_entry(business_unit, partnership, agency):
    data = {"name": "Testshire Police", "sector": "police", "designation": "statutory_partner"}
    business_unit.post(url("agency_edit", partnership, agency.pk), data)
    assert not AuditEntry.objects.filter(action="core.agency.update").exists()


def test_edit_form_starts_with_the_current_details(business_unit, partnership, agency):
    page = business_unit.get(url("agency_edit", partnership, agency.pk)).content.decode()
    assert 'value="Testshire Police"' in page
    assert 'value="statutory_partner" checked' in page


def test_renaming_to_another_agencys_name_is_refused(
    business_unit, partnership, agency, other_agency
):
    data = {
        "name": "Elsewhere Health Trust",
        "sector": "police",
        "designation": "statutory_partner",
    }
    response = business_unit.post(url("agency_edit", partnership, agency.pk), data)
    assert field_errors(response, "id_name") == [
        "An agency with this name is already in the Hub: link it instead."
    ]
    agency.refresh_from_db()
    assert agency.name == "Testshire Police"


# Linking an agency already in the Hub


def test_link_page_offers_agencies_not_yet_serving_the_partnership(
    business_unit, partnership, agency, other_agency
):
    page = business_unit.get(url("agency_link", partnership)).content.decode()
    assert f'<option value="{other_agency.pk}">Elsewhere Health Trust</option>' in page
    assert f'<option value="{agency.pk}">' not in page


def test_link_page_leaves_out_retired_agencies(business_unit, partnership, other_partnership):
    link_to(other_partnership, "Closed Charity", retired_on=dt.date(2022, 1, 1))
    page = business_unit.get(url("agency_link", partnership)).content.decode()
    assert "Closed Charity" not in page


def test_linking_an_agency_makes_it_serve_both_partnerships(
    business_unit, partnership, other_partnership, other_agency
):
    data = {"agency": other_agency.pk, "designation": "relevant_agency"}
    response = business_unit.post(url("agency_link", partnership), data)
    assert response["Location"] == url("agency_detail", partnership, other_agency.pk)
    page = business_unit.get(response["Location"]).content.decode()
    assert f"{partnership.name}: Relevant agency" in page
    assert f"{other_partnership.name}: Relevant agency" in page


def test_linked_agency_is_no_longer_offered_for_linking(business_unit, partnership, other_agency):
    data = {"agency": other_agency.pk, "designation": "relevant_agency"}
    business_unit.post(url("agency_link", partnership), data)
    page = business_unit.get(url("agency_link", partnership)).content.decode()
    assert f'<option value="{other_agency.pk}">' not in page


def test_linking_writes_an_audit_entry_for_this_partnership(
    business_unit, partnership, other_agency
):
    data = {"agency": other_agency.pk, "designation": "statutory_partner"}
    business_unit.post(url("agency_link", partnership), data)
    entry = AuditEntry.objects.filter(action="core.agency.link").first()
    assert entry is not None
    assert (entry.partnership, entry.target_id) == (partnership, str(other_agency.pk))


def test_linking_with_nothing_chosen_names_both_fields(business_unit, partnership, other_agency):
    response = business_unit.post(url("agency_link", partnership), {})
    assert error_summary(response) == [
        ("#id_agency", "Select agency"),
        ("#id_designation_0", "Select role in this partnership"),
    ]
    assert not AgencyPartnership.objects.filter(agency=other_agency, partnership=partnership)


def test_linking_an_agency_already_serving_is_refused(business_unit, partnership, agency):
    response = business_unit.post(
        url("agency_link", partnership), {"agency": agency.pk, "designation": "relevant_agency"}
    )
    assert error_summary(response)[0][0] == "#id_agency"
    assert AgencyPartnership.objects.filter(agency=agency).count() == 1


# Retiring an agency


@time_machine.travel(MONDAY, tick=False)
def test_retire_form_starts_with_today(business_unit, partnership, agency):
    page = business_unit.get(url("agency_retire", partnership, agency.pk)).content.decode()
    assert 'name="retired_on_day" type="text" inputmode="numeric" value="3"' in page
    assert 'name="retired_on_month" type="text" inputmode="numeric" value="6"' in page
    assert 'name="retired_on_year" type="text" inputmode="numeric" value="2024"' in page


@time_machine.travel(MONDAY, tick=False)
def test_business_unit_retires_an_agency(business_unit, partnership, agency):
    response = business_unit.post(url("agency_retire", partnership, agency.pk), retire_data())
    assert response["Location"] == url("agency_detail", partnership, agency.pk)
    agency.refresh_from_db()
    assert agency.retired_on == dt.date(2024, 6, 3)
    entry = AuditEntry.objects.get(action="core.agency.retire")
    assert entry.changes == {"retired_on": [None, "2024-06-03"]}


@time_machine.travel(MONDAY, tick=False)
def test_retired_agency_leaves_the_default_directory(business_unit, partnership, agency):
    business_unit.post(url("agency_retire", partnership, agency.pk), retire_data())
    response = business_unit.get(url("agency_list", partnership))
    assert "No agencies match" in response.content.decode()


@time_machine.travel(MONDAY, tick=False)
def test_retired_agency_page_says_it_is_retired(business_unit, partnership, agency):
    business_unit.post(url("agency_retire", partnership, agency.pk), retire_data())
    page = business_unit.get(url("agency_detail", partnership, agency.pk)).content.decode()
    assert "3 June 2024" in page
    assert url("agency_retire", partnership, agency.pk) not in page


@time_machine.travel(MONDAY, tick=False)
def test_agency_retiring_later_is_shown_as_retiring_not_retired(business_unit, partnership, agency):
    business_unit.post(
        url("agency_retire", partnership, agency.pk), retire_data(day="31", month="3", year="2025")
    )
    page = business_unit.get(url("agency_detail", partnership, agency.pk)).content.decode()
    assert "Retires on" in page
    assert "31 March 2025" in page
    assert ">Retired<" not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (retire_data(month=""), "The date must include a month."),
        (retire_data(day="", year=""), "The date must include a day and year."),
        (retire_data(day="31", month="2"), "The date must be a real date, like 27 3 2024."),
        (retire_data(day="", month="", year=""), "Enter date retired"),
    ],
    ids=["no-month", "no-day-or-year", "31-february", "empty"],
)
def test_retiring_with_a_bad_date_shows_why_and_saves_nothing(
    business_unit, partnership, agency, data, message
):
    response = business_unit.post(url("agency_retire", partnership, agency.pk), data)
    assert response.status_code == 200
    assert field_errors(response, "id_retired_on") == [message]
    named = message if "date retired" in message else f"Date retired: {message}"
    assert error_summary(response) == [("#id_retired_on_day", named)]
    agency.refresh_from_db()
    assert agency.retired_on is None


def test_bad_date_keeps_what_was_typed(business_unit, partnership, agency):
    data = retire_data(day="31", month="2")
    response = business_unit.post(url("agency_retire", partnership, agency.pk), data)
    assert 'name="retired_on_day" type="text" inputmode="numeric" value="31"' in (
        response.content.decode()
    )


def test_retiring_an_agency_twice_is_refused(business_unit, partnership, agency):
    services.agency_retire(
        actor=None, partnership=partnership, agency=agency, retired_on=dt.date(2024, 5, 1)
    )
    response = business_unit.post(url("agency_retire", partnership, agency.pk), retire_data())
    message = "Testshire Police was already retired on 1 May 2024."
    assert field_errors(response, "id_retired_on") == [message]
    agency.refresh_from_db()
    assert agency.retired_on == dt.date(2024, 5, 1)


# Who may do what


WRITE_PAGES = [
    ("agency_add", False),
    ("agency_link", False),
    ("agency_edit", True),
    ("agency_retire", True),
]


def page_url(name, needs_pk, partnership, agency):
    return url(name, partnership, agency.pk) if needs_pk else url(name, partnership)


@pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.PRACTITIONER])
@pytest.mark.parametrize("name", ["agency_list", "agency_detail"])
def test_read_only_roles_may_read_the_directory(
    personas, client_as, partnership, agency, role, name
):
    target = page_url(name, name == "agency_detail", partnership, agency)
    assert client_as(personas[role]).get(target).status_code == 200


@pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.PRACTITIONER])
def test_read_only_roles_see_no_add_or_change_buttons(
    personas, client_as, partnership, agency, role
):
    client = client_as(personas[role])
    listing = client.get(url("agency_list", partnership)).content.decode()
    detail = client.get(url("agency_detail", partnership, agency.pk)).content.decode()
    assert url("agency_add", partnership) not in listing
    assert url("agency_edit", partnership, agency.pk) not in detail


@pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.PRACTITIONER])
@pytest.mark.parametrize(("name", "needs_pk"), WRITE_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_read_only_roles_may_not_change_the_directory(
    personas, client_as, partnership, agency, other_agency, role, name, needs_pk, method
):
    client = client_as(personas[role])
    target = page_url(name, needs_pk, partnership, agency)
    data = {**NEW_AGENCY, **retire_data(), "agency": other_agency.pk}
    response = getattr(client, method)(target, data if method == "post" else None)
    assert response.status_code == 403
    assert Agency.objects.count() == 2
    assert AgencyPartnership.objects.count() == 2


ALL_PAGES = [("agency_list", False), ("agency_detail", True), *WRITE_PAGES]


@pytest.mark.parametrize(("name", "needs_pk"), ALL_PAGES)
def test_outsider_gets_not_found_on_every_agency_page(
    outsider, client_as, partnership, agency, name, needs_pk
):
    target = page_url(name, needs_pk, partnership, agency)
    assert client_as(outsider).get(target).status_code == 404


@pytest.mark.parametrize(("name", "needs_pk"), [("agency_detail", True), *WRITE_PAGES[2:]])
def test_agency_of_another_partnership_is_not_found(
    business_unit, partnership, other_agency, name, needs_pk
):
    target = page_url(name, needs_pk, partnership, other_agency)
    assert business_unit.get(target).status_code == 404
