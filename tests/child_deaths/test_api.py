"""The child deaths endpoints, `/api/child-deaths/`: the CDOP role only (every other member, and
every other partnership, gets 404 on every address, writes included, and nothing is saved); the
same services as the pages (the same rules as field-named 400s, the same audit entries); every
list and every retrieve is written to the audit log."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.child_deaths.models import AgeBand, Category, ChildDeath
from tests.api.helpers import patch_json, post_json
from tests.child_deaths.factories import ChildDeathFactory, PanelFactory
from tests.factories import MembershipFactory, UserFactory

NOW = dt.datetime(2024, 9, 30, 12, tzinfo=dt.UTC)
LIST = "/api/child-deaths/"
NEW = {
    "partnership": "testshire",
    "panel": "testshire-elsewhere-cdop",
    "case_code": "CDOP-0100",
    "died_on": "2024-05-20",
    "born_on": "2024-05-03",
    "notified_on": "2024-05-22",
    "age_band": "0_27_days",
    "expectation": "unexpected",
    "joint_agency_response": True,
}
REVIEW = {
    "review_meeting_on": "2023-08-01",
    "review_completed_on": "2023-09-04",
    "category": 8,
    "modifiable_factors": "yes",
}

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def as_role(personas, token_client):
    return lambda role: token_client(personas[role])


@pytest.fixture
def deaths(partnership, other_partnership, panel):
    """Two deaths of Testshire children and one of an Elsewhere child, in the joint panel."""
    first = ChildDeathFactory(partnership=partnership, panel=panel, case_code="CDOP-0001")
    second = ChildDeathFactory(
        partnership=partnership,
        panel=panel,
        case_code="CDOP-0002",
        age_band=AgeBand.NEONATAL,
        died_on=dt.date(2023, 9, 1),
    )
    elsewhere = ChildDeathFactory(partnership=other_partnership, panel=panel, case_code="E-1")
    return first, second, elsewhere


def reads(**filters) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="child_deaths.childdeath.read", **filters))


def state():
    return (
        list(ChildDeath.objects.order_by("pk").values()),
        AuditEntry.objects.count(),
    )


# Reading


def test_the_cdop_lists_the_partnerships_deaths_and_the_read_is_audited(
    as_role, deaths, partnership, cdop
):
    body = as_role(Role.CDOP).get(LIST, {"partnership": "testshire"}).json()
    assert body["count"] == 2
    assert [row["case_code"] for row in body["results"]] == ["CDOP-0002", "CDOP-0001"]
    assert body["results"][1] == {
        "id": deaths[0].pk,
        "partnership": "testshire",
        "panel": "testshire-elsewhere-cdop",
        "panel_name": "Testshire and Elsewhere Child Death Overview Panel",
        "case_code": "CDOP-0001",
        "died_on": "2023-06-01",
        "born_on": "2020-06-01",
        "notified_on": "2023-06-03",
        "age_band": "1_4",
        "expectation": "expected",
        "joint_agency_response": False,
        "review_meeting_on": None,
        "review_completed_on": None,
        "category": None,
        "modifiable_factors": "",
        "source": None,
    }
    (entry,) = reads(partnership=partnership, actor=cdop)
    assert entry.changes["rows"] == [None, 2]


def test_without_a_partnership_the_list_covers_each_where_the_member_is_cdop(
    as_role, deaths, personas, other_partnership
):
    MembershipFactory(user=personas[Role.CDOP], partnership=other_partnership, role=Role.CDOP)
    body = as_role(Role.CDOP).get(LIST).json()
    assert sorted(row["case_code"] for row in body["results"]) == ["CDOP-0001", "CDOP-0002", "E-1"]
    assert {entry.partnership.slug: entry.changes["rows"][1] for entry in reads()} == {
        "testshire": 2,
        "elsewhere": 1,
    }


def test_a_retrieve_is_written_to_the_audit_log(as_role, deaths, cdop):
    death = deaths[0]
    response = as_role(Role.CDOP).get(f"{LIST}{death.pk}/")
    assert response.status_code == 200
    assert response.json()["case_code"] == "CDOP-0001"
    (entry,) = reads(target_id=str(death.pk))
    assert entry.actor == cdop


def test_the_list_makes_the_same_queries_for_5_and_50_deaths(as_role, partnership, panel):
    client = as_role(Role.CDOP)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST, {"partnership": "testshire"}).status_code == 200
        return len(captured)

    ChildDeathFactory.create_batch(5, partnership=partnership, panel=panel)
    five = queries()
    ChildDeathFactory.create_batch(45, partnership=partnership, panel=panel)
    assert queries() == five
    # The token and the member's scopes; the page's count and rows and the counts by
    # partnership (3); the audit entry.
    assert five == 11


# Restricted: 404 to everyone else


def every_address(death: ChildDeath) -> list[tuple[str, str, dict]]:
    one = f"{LIST}{death.pk}/"
    return [
        ("get", f"{LIST}?partnership=testshire", {}),
        ("get", LIST, {}),
        ("get", one, {}),
        ("get", f"{one}?partnership=testshire", {}),
        ("post", LIST, NEW),
        ("patch", one, {"expectation": "unexpected"}),
        ("post", f"{one}review/", REVIEW),
    ]


def send(client, method, url, data):
    if method == "get":
        return client.get(url)
    return (post_json if method == "post" else patch_json)(client, url, data)


@pytest.mark.parametrize("role", [role for role in Role if role != Role.CDOP])
def test_every_other_role_gets_404_everywhere_and_nothing_changes(as_role, deaths, role):
    client = as_role(role)
    before = state()
    for method, url, data in every_address(deaths[0]):
        response = send(client, method, url, data)
        assert response.status_code == 404, (method, url, response.status_code)
        assert response.json() == {"detail": "Not found."}
    assert state() == before


def test_another_partnerships_cdop_gets_404_for_this_partnerships_deaths(
    deaths, other_partnership, token_client
):
    """Elsewhere's coordinator shares the panel, but Testshire's records stay Testshire's."""
    user = UserFactory(email="cdop@elsewhere.example")
    MembershipFactory(user=user, partnership=other_partnership, role=Role.CDOP)
    client = token_client(user)
    before = state()
    for method, url, data in every_address(deaths[0])[2:]:
        if url == LIST:
            continue
        assert send(client, method, url, data).status_code == 404, (method, url)
    assert client.get(LIST, {"partnership": "testshire"}).status_code == 404
    # Naming a partnership one is not a member of is a 400 on `partnership` (docs/api.md).
    assert list(post_json(client, LIST, NEW).json()) == ["partnership"]
    assert state() == before
    body = client.get(LIST).json()
    assert [row["case_code"] for row in body["results"]] == ["E-1"]


def test_anonymous_gets_401(deaths, client):
    assert client.get(LIST).status_code == 401
    assert client.get(f"{LIST}{deaths[0].pk}/").status_code == 401


# Writing


def test_the_cdop_records_a_notification(as_role, partnership, panel, cdop):
    response = post_json(as_role(Role.CDOP), LIST, NEW)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["case_code"], body["age_band"], body["joint_agency_response"]) == (
        "CDOP-0100",
        "0_27_days",
        True,
    )
    death = ChildDeath.objects.get(pk=body["id"])
    assert (death.partnership, death.panel) == (partnership, panel)
    assert AuditEntry.objects.filter(
        action="child_deaths.childdeath.create", actor=cdop, target_id=str(death.pk)
    ).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"age_band": "1_4"},
            "age_band",
            "The age band must match the dates: a child born on 3 May 2024 who died on 20 May "
            "2024 was in the band 0 to 27 days",
        ),
        (
            {"notified_on": "2024-05-19"},
            "notified_on",
            "The date notified must be on or after the date of death",
        ),
        ({"age_band": "newborn"}, "age_band", '"newborn" is not a valid choice.'),
        ({"panel": "nowhere"}, "panel", "There is no panel with the short name “nowhere”."),
        ({"case_code": "E-1"}, "case_code", None),
        ({"died_on": "2024-10-01", "notified_on": "2024-10-02"}, "died_on", None),
    ],
)
def test_bad_input_is_a_400_on_its_field_and_nothing_is_saved(
    as_role, deaths, changes, field, message
):
    client = as_role(Role.CDOP)
    before = state()
    response = post_json(client, LIST, NEW | changes)
    assert response.status_code == 400
    errors = response.json()
    assert field in errors, errors
    if message:
        assert errors[field] == [message]
    assert state() == before


def test_a_panel_that_does_not_serve_the_partnership_is_refused(as_role, other_partnership):
    PanelFactory(name="Elsewhere only", slug="elsewhere-cdop", partnerships=[other_partnership])
    client = as_role(Role.CDOP)
    before = state()
    response = post_json(client, LIST, NEW | {"panel": "elsewhere-cdop"})
    assert response.status_code == 400
    assert list(response.json()) == ["panel"]
    assert state() == before


def test_a_partial_update_changes_only_the_fields_given(as_role, deaths, cdop):
    death = deaths[0]
    response = patch_json(as_role(Role.CDOP), f"{LIST}{death.pk}/", {"expectation": "unexpected"})
    assert response.status_code == 200, response.json()
    death.refresh_from_db()
    assert (death.expectation, death.age_band, death.case_code) == (
        "unexpected",
        "1_4",
        "CDOP-0001",
    )
    entry = AuditEntry.objects.get(action="child_deaths.childdeath.update")
    assert entry.changes == {"expectation": ["expected", "unexpected"]}


def test_a_change_that_contradicts_the_dates_is_refused(as_role, deaths):
    client = as_role(Role.CDOP)
    before = state()
    response = patch_json(client, f"{LIST}{deaths[0].pk}/", {"age_band": "15_17"})
    assert response.status_code == 400
    assert list(response.json()) == ["age_band"]
    assert state() == before


def test_the_panels_review_is_recorded(as_role, deaths, cdop):
    death = deaths[0]
    response = post_json(as_role(Role.CDOP), f"{LIST}{death.pk}/review/", REVIEW)
    assert response.status_code == 200, response.json()
    assert response.json()["review_completed_on"] == "2023-09-04"
    death.refresh_from_db()
    assert (death.category, death.modifiable_factors) == (Category.PERINATAL, "yes")
    assert AuditEntry.objects.filter(
        action="child_deaths.childdeath.review", actor=cdop, target_id=str(death.pk)
    ).exists()


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"category": None, "modifiable_factors": ""}, {"category", "modifiable_factors"}),
        ({"category": 11}, {"category"}),
        ({"review_meeting_on": None, "review_completed_on": "2023-05-01"}, {"review_completed_on"}),
        ({"review_meeting_on": "2023-09-10"}, {"review_meeting_on"}),
    ],
)
def test_a_bad_review_is_a_400_and_nothing_is_saved(as_role, deaths, changes, fields):
    client = as_role(Role.CDOP)
    before = state()
    response = post_json(client, f"{LIST}{deaths[0].pk}/review/", REVIEW | changes)
    assert response.status_code == 400
    assert set(response.json()) == fields, response.json()
    assert state() == before
