"""The allegations endpoints: the LADO reads and writes the register through the same services
as the pages (field-named 400s with nothing saved, the same audit entries); everyone else, a
business unit manager included, gets 404 from every endpoint; every read (a record, a page of
the list) is written to the audit log."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from safeguarding.accounts.roles import Role
from safeguarding.allegations.models import Allegation, Outcome
from safeguarding.audit.models import AuditEntry
from tests.allegations.factories import AllegationFactory
from tests.api.helpers import patch_json, post_json
from tests.api.test_access import every_endpoint
from tests.factories import MembershipFactory

NOW = dt.datetime(2024, 9, 30, 12, tzinfo=dt.UTC)
NEW = {
    "partnership": "testshire",
    "contact_type": "referral",
    "received_on": "2024-09-26",
    "lado_informed_on": "2024-09-27",
    "employer_sector": "education",
    "person_role": "Teacher",
    "category": "physical",
    "criteria_met": True,
    "harmed_child": True,
}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def as_role(personas, token_client):
    return lambda role: token_client(personas[role])


@pytest.fixture
def lado(as_role):
    return as_role(Role.LADO)


@pytest.fixture
def allegation(partnership):
    """Received on Monday 5 June 2023, the LADO informed the same day; ongoing."""
    return AllegationFactory(partnership=partnership, reference="LADO-0001", person_code="P-1")


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


# Reading


def test_the_lado_reads_the_register_and_each_read_is_audited(lado, lado_user, allegation):
    listed = lado.get("/api/allegations/?partnership=testshire")
    assert listed.status_code == 200
    assert [row["reference"] for row in listed.json()["results"]] == ["LADO-0001"]
    (entry,) = entries("allegations.allegation.list")
    assert entry.actor == lado_user
    assert entry.changes["references"] == [None, ["LADO-0001"]]

    one = lado.get(f"/api/allegations/{allegation.pk}/")
    assert one.status_code == 200
    body = one.json()
    assert body["partnership"] == "testshire"
    assert (body["person_role"], body["person_code"]) == (allegation.person_role, "P-1")
    assert body["lado_due_on"] == "2023-06-06"
    assert body["clock"] == {"state": "met", "due": "2023-06-06", "working_days_late": 0}
    (read,) = entries("allegations.allegation.read")
    assert (read.actor, read.target_id) == (lado_user, str(allegation.pk))


@pytest.fixture
def lado_user(personas):
    return personas[Role.LADO]


def test_a_late_informed_date_shows_on_the_clock(lado, partnership):
    late = AllegationFactory(
        partnership=partnership,
        received_on=dt.date(2024, 3, 28),  # due Tuesday 2 April, past Easter
        lado_informed_on=dt.date(2024, 4, 3),
    )
    clock = lado.get(f"/api/allegations/{late.pk}/").json()["clock"]
    assert clock == {"state": "met_late", "due": "2024-04-02", "working_days_late": 1}


@pytest.mark.parametrize(
    "role", [role for role in Role if role != Role.LADO], ids=lambda role: role.value
)
def test_every_other_role_gets_404_from_every_endpoint(as_role, allegation, role):
    client = as_role(role)
    pk = allegation.pk
    before = (Allegation.objects.count(), AuditEntry.objects.count())
    answers = [
        client.get("/api/allegations/?partnership=testshire"),
        client.get("/api/allegations/"),
        client.get(f"/api/allegations/{pk}/"),
        client.get(f"/api/allegations/{pk}/?partnership=testshire"),
        post_json(client, "/api/allegations/", NEW),
        patch_json(client, f"/api/allegations/{pk}/", {"person_role": "Coach"}),
        post_json(client, f"/api/allegations/{pk}/conclude/", {"outcome": "ongoing"}),
    ]
    assert [answer.status_code for answer in answers] == [404] * len(answers)
    assert (Allegation.objects.count(), AuditEntry.objects.count()) == before


def test_an_outsider_gets_404_and_a_lado_of_another_partnership_too(
    allegation, outsider, token_client, other_partnership
):
    MembershipFactory(user=outsider, partnership=other_partnership, role=Role.LADO)
    client = token_client(outsider)
    assert client.get(f"/api/allegations/{allegation.pk}/").status_code == 404
    assert client.get("/api/allegations/?partnership=testshire").status_code == 404
    assert client.get("/api/allegations/").json()["results"] == []
    assert post_json(client, "/api/allegations/", NEW).status_code == 400  # not their slug


def test_a_business_unit_manager_granted_the_role_reads_it(
    partnership, personas, token_client, allegation
):
    manager = personas[Role.BUSINESS_UNIT]
    assert token_client(manager).get(f"/api/allegations/{allegation.pk}/").status_code == 404
    MembershipFactory(user=manager, partnership=partnership, role=Role.LADO)
    assert token_client(manager).get(f"/api/allegations/{allegation.pk}/").status_code == 200


def test_anonymous_gets_401_from_every_allegations_endpoint(client, allegation):
    mine = [(m, url) for m, url in every_endpoint() if url.startswith("/api/allegations/")]
    assert {(m, url.replace("/1/", "/")) for m, url in mine} >= {
        ("get", "/api/allegations/"),
        ("post", "/api/allegations/"),
        ("patch", "/api/allegations/"),
        ("post", "/api/allegations/conclude/"),
    }
    for method, url in mine:
        assert getattr(client, method)(url).status_code == 401, (method, url)


# Writing


def test_the_lado_records_changes_and_concludes_an_allegation(lado, lado_user):
    made = post_json(lado, "/api/allegations/", NEW)
    assert made.status_code == 201, made.json()
    body = made.json()
    assert (body["reference"], body["lado_due_on"]) == ("LADO-0001", "2024-09-27")
    pk = body["id"]

    changed = patch_json(lado, f"/api/allegations/{pk}/", {"person_code": "P-77"})
    assert changed.status_code == 200, changed.json()
    assert changed.json()["person_code"] == "P-77"

    concluded = post_json(
        lado,
        f"/api/allegations/{pk}/conclude/",
        {"outcome": "unfounded", "concluded_on": "2024-09-30"},
    )
    assert concluded.status_code == 200, concluded.json()
    assert (concluded.json()["outcome"], concluded.json()["concluded_on"]) == (
        "unfounded",
        "2024-09-30",
    )
    mine = AuditEntry.objects.filter(action__startswith="allegations.", target_id=str(pk))
    actions = [entry.action for entry in mine.order_by("pk")]
    assert actions == [
        "allegations.allegation.create",
        "allegations.allegation.update",
        "allegations.allegation.conclude",
    ]
    assert {entry.actor for entry in mine} == {lado_user}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"category": "bruising"}, "category", '"bruising" is not a valid choice.'),
        ({"received_on": "2024-10-01"}, "received_on", "The date received must be today or in"),
        ({"category": ""}, "category", "Select the category of the allegation"),
        ({"harmed_child": False}, "criteria", "Select the criteria of the harm test"),
        ({"person_role": ""}, "person_role", "This field may not be blank."),
        (
            {"lado_informed_on": "2024-09-20"},
            "lado_informed_on",
            "The date the LADO was informed must be on or after the date received",
        ),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_saved(lado, change, field, message):
    before = (Allegation.objects.count(), AuditEntry.objects.count())
    answer = post_json(lado, "/api/allegations/", NEW | change)
    assert answer.status_code == 400
    assert answer.json()[field][0].startswith(message), answer.json()
    assert (Allegation.objects.count(), AuditEntry.objects.count()) == before


def test_concluding_before_received_or_without_a_date_is_refused(lado, allegation):
    url = f"/api/allegations/{allegation.pk}/conclude/"
    early = post_json(lado, url, {"outcome": "substantiated", "concluded_on": "2023-06-01"})
    assert early.status_code == 400
    assert early.json()["concluded_on"] == [
        "The date concluded must be on or after the date received (5 June 2023)"
    ]
    undated = post_json(lado, url, {"outcome": "substantiated"})
    assert undated.json() == {"concluded_on": ["Enter the date the allegation was concluded"]}
    allegation.refresh_from_db()
    assert allegation.outcome == Outcome.ONGOING
    assert not entries("allegations.allegation.conclude")


# Queries


def test_the_list_makes_the_same_queries_for_5_rows_and_for_50(
    lado, partnership, django_assert_num_queries
):
    def add(count):
        for _ in range(count):
            AllegationFactory(partnership=partnership)

    add(5)
    # The token, the partnership and the roles (3), the page's count and rows (2), the audit
    # entry of the read (5: a savepoint, the chain head, the entry, the head again, release),
    # and the partnership's timescale for the clocks (1).
    with django_assert_num_queries(QUERIES) as captured:
        assert len(lado.get("/api/allegations/?partnership=testshire").json()["results"]) == 5
    few = len(captured)
    add(45)
    with django_assert_num_queries(few):
        assert len(lado.get("/api/allegations/?partnership=testshire").json()["results"]) == 50


QUERIES = 11
