"""Reading the agency directory: scoped by the user's partnerships, filtered, N+1 free."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from safeguarding.accounts.roles import Role
from safeguarding.core import services as core_services
from tests.factories import AgencyFactory, AgencyPartnershipFactory, MembershipFactory


def names(response) -> list[str]:
    return [row["name"] for row in response.json()["results"]]


@pytest.fixture
def reader(personas, client_as):
    return client_as(personas[Role.PRACTITIONER])


def test_the_list_shows_only_agencies_of_the_users_partnerships(reader, agency, other_agency):
    for url in ("/api/agencies/", "/api/agencies/?partnership=testshire"):
        response = reader.get(url)
        assert response.status_code == 200
        assert names(response) == ["Testshire Police"], url
    row = reader.get("/api/agencies/").json()["results"][0]
    assert row == {
        "id": agency.pk,
        "name": "Testshire Police",
        "short_name": "",
        "sector": "police",
        "website": "",
        "retired_on": None,
        "partnerships": [{"partnership": "testshire", "designation": "statutory_partner"}],
    }


def test_naming_another_partnership_is_404(reader, other_agency):
    response = reader.get("/api/agencies/?partnership=elsewhere")
    assert response.status_code == 404
    assert "Elsewhere Health Trust" not in response.content.decode()


def test_a_member_of_two_partnerships_sees_the_union_once_per_agency(
    personas, partnership, other_partnership, agency, other_agency, client_as
):
    user = personas[Role.EXECUTIVE]
    MembershipFactory(user=user, partnership=other_partnership, role=Role.EXECUTIVE)
    core_services.agency_link(
        actor=None, partnership=other_partnership, agency=agency, designation="relevant_agency"
    )
    client = client_as(user)
    rows = client.get("/api/agencies/").json()["results"]
    assert [row["name"] for row in rows] == ["Elsewhere Health Trust", "Testshire Police"]
    assert rows[1]["partnerships"] == [
        {"partnership": "elsewhere", "designation": "relevant_agency"},
        {"partnership": "testshire", "designation": "statutory_partner"},
    ]
    one = client.get("/api/agencies/?partnership=elsewhere").json()["results"]
    assert [row["partnerships"] for row in one] == [
        [{"partnership": "elsewhere", "designation": "relevant_agency"}],
        [{"partnership": "elsewhere", "designation": "relevant_agency"}],
    ]


def test_filters_by_sector_search_and_retirement(reader, partnership, agency):
    core_services.agency_create(
        actor=None,
        partnership=partnership,
        name="Testshire Children's Hospital",
        short_name="TCH",
        sector="health",
        designation="relevant_agency",
    )
    old = core_services.agency_create(
        actor=None,
        partnership=partnership,
        name="Old Trust",
        sector="health",
        designation="relevant_agency",
    )
    core_services.agency_retire(
        actor=None, partnership=partnership, agency=old, retired_on=dt.date(2024, 3, 31)
    )
    assert names(reader.get("/api/agencies/?sector=health")) == ["Testshire Children's Hospital"]
    assert names(reader.get("/api/agencies/?search=tch")) == ["Testshire Children's Hospital"]
    assert names(reader.get("/api/agencies/?search=police")) == ["Testshire Police"]
    assert names(reader.get("/api/agencies/?sector=health&include_retired=true")) == [
        "Old Trust",
        "Testshire Children's Hospital",
    ]


@time_machine.travel(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_an_agency_retiring_later_is_listed_until_that_day(
    personas, token_client, partnership, agency
):
    reader = token_client(personas[Role.PRACTITIONER])  # a session would idle out overnight
    core_services.agency_retire(
        actor=None, partnership=partnership, agency=agency, retired_on=dt.date(2025, 6, 2)
    )
    assert names(reader.get("/api/agencies/")) == ["Testshire Police"]
    with time_machine.travel(dt.datetime(2025, 6, 2, 12, tzinfo=dt.UTC), tick=False):
        assert names(reader.get("/api/agencies/")) == []


def test_a_bad_filter_is_a_400_naming_it(reader, agency):
    response = reader.get("/api/agencies/?sector=astrology&include_retired=perhaps")
    assert response.status_code == 400
    assert set(response.json()) == {"sector", "include_retired"}


def test_one_agency_with_its_designation(reader, agency):
    for url in (f"/api/agencies/{agency.pk}/", f"/api/agencies/{agency.pk}/?partnership=testshire"):
        response = reader.get(url)
        assert response.status_code == 200
        assert response.json()["partnerships"] == [
            {"partnership": "testshire", "designation": "statutory_partner"}
        ]


def test_another_partnerships_agency_is_404(reader, other_agency, agency):
    assert reader.get(f"/api/agencies/{other_agency.pk}/").status_code == 404
    assert reader.get(f"/api/agencies/{other_agency.pk}/?partnership=testshire").status_code == 404
    assert reader.get(f"/api/agencies/{agency.pk}/?partnership=elsewhere").status_code == 404
    assert reader.get("/api/agencies/999999/").status_code == 404


def test_an_outsider_cannot_see_the_agency(outsider, agency, client_as):
    client = client_as(outsider)
    assert client.get(f"/api/agencies/{agency.pk}/").status_code == 404
    assert client.get("/api/agencies/").json()["results"] == []


def _agencies(partnership, count: int) -> None:
    for _ in range(count):
        AgencyPartnershipFactory(agency=AgencyFactory(), partnership=partnership)


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_query_count_does_not_grow_with_agencies(
    count, personas, partnership, agency, token_client, django_assert_num_queries
):
    _agencies(partnership, count)
    client = token_client(personas[Role.BUSINESS_UNIT])
    with django_assert_num_queries(5):  # token, scopes, count, page, designations
        response = client.get("/api/agencies/")
    assert response.json()["count"] == count + 1


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_of_one_partnership_by_session_query_count_is_pinned(
    count, personas, partnership, agency, client_as, django_assert_num_queries
):
    _agencies(partnership, count)
    client = client_as(personas[Role.BUSINESS_UNIT])
    # session, user, 2FA check; partnership, scope; count, page, designations; session save (3)
    with django_assert_num_queries(11):
        response = client.get("/api/agencies/?partnership=testshire")
    assert len(response.json()["results"]) == min(count + 1, 50)
