"""Keeping the agency directory over the API: same services, same rules, same audit as the web."""

from __future__ import annotations

import pytest

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core.models import Agency, AgencyPartnership
from tests.api.helpers import patch_json, post_json

NEW_AGENCY = {
    "partnership": "testshire",
    "name": "Testshire Youth Trust",
    "short_name": "TYT",
    "sector": "vcfse",
    "designation": "relevant_agency",
    "website": "https://youth.example",
}


@pytest.fixture
def keeper(personas, client_as):
    return client_as(personas[Role.BUSINESS_UNIT])


def saved_state() -> tuple[list[tuple], list[tuple], int]:
    agencies = list(Agency.objects.values_list("name", "short_name", "sector", "website"))
    links = list(AgencyPartnership.objects.values_list("agency_id", "designation"))
    return agencies, links, AuditEntry.objects.filter(action__startswith="core.").count()


def test_the_business_unit_adds_an_agency(personas, keeper, partnership):
    response = post_json(keeper, "/api/agencies/", NEW_AGENCY)
    assert response.status_code == 201
    body = response.json()
    agency = Agency.objects.get(name="Testshire Youth Trust")
    assert body["id"] == agency.pk
    assert body["website"] == "https://youth.example"
    assert body["partnerships"] == [{"partnership": "testshire", "designation": "relevant_agency"}]
    entry = AuditEntry.objects.get(action="core.agency.create", target_id=str(agency.pk))
    assert entry.actor == personas[Role.BUSINESS_UNIT]
    assert entry.partnership == partnership


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": None}, "name"),
        ({"name": "  "}, "name"),
        ({"sector": "astrology"}, "sector"),
        ({"designation": "friend"}, "designation"),
        ({"website": "not a web address"}, "website"),
        ({"name": "TESTSHIRE POLICE"}, "name"),
        ({"partnership": "nowhere"}, "partnership"),
        ({"partnership": "elsewhere"}, "partnership"),
        ({"partnership": None}, "partnership"),
    ],
)
def test_bad_input_to_add_is_a_400_naming_the_field_and_saves_nothing(
    change, field, keeper, agency, other_partnership
):
    before = saved_state()
    data = {key: value for key, value in {**NEW_AGENCY, **change}.items() if value is not None}
    response = post_json(keeper, "/api/agencies/", data)
    assert response.status_code == 400
    assert field in response.json()
    assert saved_state() == before


def test_read_only_members_may_not_add_change_link_or_retire(
    personas, client_as, agency, other_agency
):
    before = saved_state()
    for role in (Role.EXECUTIVE, Role.SCRUTINEER, Role.AGENCY_LEAD, Role.PRACTITIONER):
        client = client_as(personas[role])
        detail = f"/api/agencies/{agency.pk}/"
        link = {
            "partnership": "testshire",
            "agency": other_agency.pk,
            "designation": "relevant_agency",
        }
        responses = [
            post_json(client, "/api/agencies/", NEW_AGENCY),
            post_json(client, "/api/agencies/", {"partnership": "testshire"}),
            post_json(client, "/api/agencies/link/", link),
            patch_json(client, detail, {"short_name": "TP"}),
            post_json(client, f"{detail}retire/", {"retired_on": "2025-03-31"}),
        ]
        assert [r.status_code for r in responses] == [403] * 5, role
    assert saved_state() == before


def test_an_outsider_changing_the_agency_gets_404(outsider, client_as, agency):
    client = client_as(outsider)
    detail = f"/api/agencies/{agency.pk}/"
    assert patch_json(client, detail, {"short_name": "TP"}).status_code == 404
    assert post_json(client, f"{detail}retire/", {"retired_on": "2025-03-31"}).status_code == 404
    agency.refresh_from_db()
    assert (agency.short_name, agency.retired_on) == ("", None)


def test_patch_changes_only_the_fields_given(keeper, agency):
    response = patch_json(keeper, f"/api/agencies/{agency.pk}/", {"short_name": "TP"})
    assert response.status_code == 200
    assert response.json()["short_name"] == "TP"
    agency.refresh_from_db()
    assert (agency.name, agency.short_name, agency.sector) == ("Testshire Police", "TP", "police")
    entry = AuditEntry.objects.get(action="core.agency.update")
    assert list(entry.changes) == ["short_name"]


def test_patch_changes_the_designation_in_this_partnership(keeper, agency):
    url = f"/api/agencies/{agency.pk}/?partnership=testshire"
    response = patch_json(keeper, url, {"designation": "relevant_agency"})
    assert response.json()["partnerships"] == [
        {"partnership": "testshire", "designation": "relevant_agency"}
    ]
    assert agency.memberships.get().designation == "relevant_agency"


@pytest.mark.parametrize(
    ("change", "field"),
    [({"sector": "astrology"}, "sector"), ({"name": ""}, "name"), ({"website": "nope"}, "website")],
)
def test_bad_input_to_patch_is_a_400_and_changes_nothing(change, field, keeper, agency):
    before = saved_state()
    response = patch_json(keeper, f"/api/agencies/{agency.pk}/", change)
    assert response.status_code == 400
    assert field in response.json()
    assert saved_state() == before


def test_patch_to_another_agencys_name_is_a_400(keeper, agency, partnership):
    post_json(keeper, "/api/agencies/", NEW_AGENCY)
    before = saved_state()
    response = patch_json(keeper, f"/api/agencies/{agency.pk}/", {"name": "testshire youth trust"})
    assert response.status_code == 400
    assert response.json()["name"] == [
        "An agency with this name is already in the Hub: link it instead."
    ]
    assert saved_state() == before


def test_retire_then_retire_again(keeper, agency):
    url = f"/api/agencies/{agency.pk}/retire/"
    response = post_json(keeper, url, {"retired_on": "2025-03-31"})
    assert response.status_code == 200
    assert response.json()["retired_on"] == "2025-03-31"
    assert AuditEntry.objects.filter(action="core.agency.retire").count() == 1
    assert keeper.get("/api/agencies/").json()["results"] == []
    again = post_json(keeper, url, {"retired_on": "2025-04-01"})
    assert again.status_code == 400
    assert "already retired" in again.json()["retired_on"][0]
    agency.refresh_from_db()
    assert str(agency.retired_on) == "2025-03-31"


@pytest.mark.parametrize("retired_on", ["31/03/2025", "2025-02-30", "", None])
def test_retire_needs_a_real_date(retired_on, keeper, agency):
    body = {} if retired_on is None else {"retired_on": retired_on}
    response = post_json(keeper, f"/api/agencies/{agency.pk}/retire/", body)
    assert response.status_code == 400
    assert "retired_on" in response.json()
    agency.refresh_from_db()
    assert agency.retired_on is None


def test_link_an_agency_of_another_partnership(keeper, other_agency, agency):
    link = {"partnership": "testshire", "agency": other_agency.pk, "designation": "relevant_agency"}
    response = post_json(keeper, "/api/agencies/link/", link)
    assert response.status_code == 201
    assert response.json()["partnerships"] == [
        {"partnership": "testshire", "designation": "relevant_agency"}
    ]
    assert AuditEntry.objects.filter(action="core.agency.link", partnership__slug="testshire")
    again = post_json(keeper, "/api/agencies/link/", link)
    assert again.status_code == 400
    assert "agency" in again.json()
    mine = post_json(keeper, "/api/agencies/link/", {**link, "agency": agency.pk})
    assert mine.status_code == 400


def test_agencies_are_never_deleted_or_replaced(keeper, agency):
    url = f"/api/agencies/{agency.pk}/"
    assert keeper.delete(url).status_code == 405
    assert keeper.put(url, {}, content_type="application/json").status_code == 405
    assert keeper.delete("/api/agencies/").status_code == 405
    assert Agency.objects.filter(pk=agency.pk).exists()
