"""GET /api/partnerships/: the partnerships you belong to, and nobody else's."""

from __future__ import annotations

from safeguarding.accounts.roles import Role
from tests.factories import MembershipFactory


def test_the_list_shows_only_the_users_partnerships(personas, other_partnership, client_as):
    response = client_as(personas[Role.EXECUTIVE]).get("/api/partnerships/")
    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "slug": "testshire",
            "name": "Testshire Safeguarding Children Partnership",
            "local_authority_areas": ["Testshire"],
        }
    ]


def test_a_member_of_two_partnerships_sees_both(personas, other_partnership, client_as):
    user = personas[Role.SCRUTINEER]
    MembershipFactory(user=user, partnership=other_partnership, role=Role.SCRUTINEER)
    response = client_as(user).get("/api/partnerships/")
    assert [row["slug"] for row in response.json()["results"]] == ["elsewhere", "testshire"]


def test_one_partnership_by_its_short_name(personas, client_as):
    response = client_as(personas[Role.PRACTITIONER]).get("/api/partnerships/testshire/")
    assert response.status_code == 200
    assert response.json()["name"] == "Testshire Safeguarding Children Partnership"


def test_another_partnership_or_an_unknown_one_is_404(personas, other_partnership, client_as):
    client = client_as(personas[Role.BUSINESS_UNIT])
    assert client.get("/api/partnerships/elsewhere/").status_code == 404
    assert client.get("/api/partnerships/nowhere/").status_code == 404
