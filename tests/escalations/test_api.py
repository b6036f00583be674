"""The escalations endpoints: the same policies as the pages (anonymous 401, outsiders 404, the
LADO 403 on lists and 404 on records, the scrutineer reads but never writes, an agency lead sees
and moves up only their agency's differences) and the same services (field-named 400s with nothing
saved, the same audit entries)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.escalations.models import Escalation, EscalationStep, SurveyResponse
from tests.api.helpers import patch_json, post_json
from tests.api.test_access import every_endpoint
from tests.escalations.conftest import TALK, state
from tests.escalations.factories import EscalationFactory, SurveyResponseFactory

NOW = dt.datetime(2023, 10, 10, 12, tzinfo=dt.UTC)  # a Tuesday

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def as_role(personas, token_client):
    return lambda role: token_client(personas[role])


@pytest.fixture
def raised(partnership, agency, health, council):
    """The police (the agency lead's agency) raised one with children's social care, at step 2
    since 4 October; health raised another with the council, still at step 1."""
    ours = EscalationFactory(
        partnership=partnership,
        raising_agency=agency,
        receiving_agency=council,
        raised_on=dt.date(2023, 10, 2),
        steps=2,
        raising_role="Police constable",
    )
    theirs = EscalationFactory(
        partnership=partnership, raising_agency=health, receiving_agency=council, steps=1
    )
    return ours, theirs


@pytest.fixture
def response(partnership):
    return SurveyResponseFactory(partnership=partnership, comment="It helped the child.")


def new(partnership, agency, council, **changes):
    return {
        "partnership": partnership.slug,
        "raised_on": "2023-10-09",
        "raising_agency": agency.pk,
        "raising_role": "Police constable",
        "receiving_agency": council.pk,
        "issue_type": "threshold",
        "case_code": "Child E7",
    } | changes


ENDPOINTS = {
    ("get", "/api/escalations/"),
    ("post", "/api/escalations/"),
    ("get", "/api/escalations/1/"),
    ("patch", "/api/escalations/1/"),
    ("post", "/api/escalations/1/steps/"),
    ("post", "/api/escalations/1/close/"),
    ("get", "/api/escalation-survey-responses/"),
    ("post", "/api/escalation-survey-responses/"),
    ("get", "/api/escalation-survey-responses/1/"),
    ("patch", "/api/escalation-survey-responses/1/"),
}


def _detail(raised, response) -> list[tuple[str, str]]:
    ids = {"escalations": raised[0].pk, "escalation-survey-responses": response.pk}
    return [
        (method, url.replace("/1/", f"/{ids[url.split('/')[2]]}/"))
        for method, url in sorted(ENDPOINTS)
        if "/1/" in url
    ]


def test_the_router_serves_exactly_the_contracts_endpoints():
    served = {(m, u) for m, u in every_endpoint() if u.startswith("/api/escalation")}
    assert served == ENDPOINTS


def test_anonymous_requests_answer_401(raised, response):
    anonymous = Client()
    for method, url in sorted(ENDPOINTS):
        answer = getattr(anonymous, method)(url, {}, content_type="application/json")
        assert answer.status_code == 401, (method, url)


def test_outsiders_get_404_for_every_record_and_400_naming_the_partnership(
    outsider, token_client, raised, response, agency, council, partnership
):
    client = token_client(outsider)
    before = state()
    for method, url in _detail(raised, response):
        answer = getattr(client, method)(url, {}, content_type="application/json")
        assert answer.status_code == 404, (method, url)
    assert client.get("/api/escalations/?partnership=testshire").status_code == 404
    assert client.get("/api/escalations/").json()["count"] == 0  # their own partnership only
    refused = post_json(client, "/api/escalations/", new(partnership, agency, council))
    assert (refused.status_code, list(refused.json())) == (400, ["partnership"])
    assert state() == before


def test_the_lado_gets_403_from_the_lists_and_404_from_the_records(as_role, raised, response):
    client = as_role(Role.LADO)
    assert client.get("/api/escalations/?partnership=testshire").status_code == 403
    assert client.get("/api/escalation-survey-responses/").status_code == 403
    for method, url in _detail(raised, response):
        answer = getattr(client, method)(url, {}, content_type="application/json")
        assert answer.status_code == 404, (method, url)


def test_the_scrutineer_reads_everything_and_gets_403_on_every_write(
    as_role, raised, response, partnership, agency, council
):
    client = as_role(Role.SCRUTINEER)
    before = state()
    assert client.get("/api/escalations/?partnership=testshire").json()["count"] == 2
    assert client.get("/api/escalation-survey-responses/").json()["count"] == 1
    ours = raised[0].pk
    writes = [
        ("post", "/api/escalations/", new(partnership, agency, council)),
        ("patch", f"/api/escalations/{ours}/", {"summary": "Changed"}),
        ("post", f"/api/escalations/{ours}/steps/", {"step": 3, "started_on": "2023-10-10"}),
        ("post", f"/api/escalations/{ours}/close/", {"outcome": "withdrawn"}),
        ("post", "/api/escalation-survey-responses/", {"partnership": "testshire"}),
        ("patch", f"/api/escalation-survey-responses/{response.pk}/", {"comment": "No"}),
    ]
    for method, url, body in writes:
        answer = (post_json if method == "post" else patch_json)(client, url, body)
        assert answer.status_code == 403, (method, url, answer.content)
    assert state() == before


def test_an_agency_lead_sees_and_moves_up_only_their_agencys_differences(
    as_role, personas, raised, response
):
    ours, theirs = raised
    client = as_role(Role.AGENCY_LEAD)

    listed = client.get("/api/escalations/?partnership=testshire").json()
    assert [row["reference"] for row in listed["results"]] == [ours.reference]
    assert client.get(f"/api/escalations/{theirs.pk}/").status_code == 404
    assert client.get("/api/escalation-survey-responses/").status_code == 403
    body = {"step": 3, "started_on": "2023-10-10", "notes": "Heads of service to meet."}
    assert post_json(client, f"/api/escalations/{theirs.pk}/steps/", body).status_code == 404
    assert patch_json(client, f"/api/escalations/{ours.pk}/", {"summary": "X"}).status_code == 403

    moved = post_json(client, f"/api/escalations/{ours.pk}/steps/", body)

    assert moved.status_code == 201, moved.content
    steps = moved.json()["steps"]
    assert [(s["step"], s["started_on"], s["due_on"], s["completed_on"]) for s in steps] == [
        (1, "2023-10-02", "2023-10-04", "2023-10-04"),
        (2, "2023-10-04", "2023-10-11", "2023-10-10"),
        (3, "2023-10-10", "2023-10-12", None),
    ]
    assert steps[1]["clock"] == {"state": "met", "due": "2023-10-11", "working_days_late": 0}
    assert steps[2]["clock"]["state"] == "not_due"
    entry = AuditEntry.objects.get(action="escalations.step.start")
    assert entry.actor == personas[Role.AGENCY_LEAD]


def test_a_practitioner_raises_a_difference_with_the_same_audit_entry(
    as_role, personas, partnership, agency, council, themes
):
    body = new(partnership, agency, council, theme=themes[TALK].pk, summary="No plan shared.")

    created = post_json(as_role(Role.PRACTITIONER), "/api/escalations/", body)

    assert created.status_code == 201, created.content
    shown = created.json()
    assert (shown["reference"], shown["theme"]["name"], shown["raising_agency_name"]) == (
        "RPD-0001",
        TALK,
        "Testshire Police",
    )
    assert [(s["step"], s["due_on"]) for s in shown["steps"]] == [(1, "2023-10-11")]
    escalation = Escalation.objects.get()
    assert escalation.raised_by == personas[Role.PRACTITIONER]
    entry = AuditEntry.objects.get(action="escalations.escalation.create")
    assert (entry.actor, entry.target_id) == (personas[Role.PRACTITIONER], str(escalation.pk))
    client = as_role(Role.PRACTITIONER)
    assert client.get("/api/escalations/").json()["count"] == 1  # the ones they raised


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"issue_type": "gossip"}, "issue_type", "is not a valid choice"),
        ({"raised_on": "2023-10-11"}, "raised_on", "The date raised must be today or in the past"),
        ({"raising_role": " "}, "raising_role", "may not be blank"),
        ({"receiving_agency": "same"}, "receiving_agency", "must be different"),
        ({"receiving_agency": 999999}, "receiving_agency", "Choose an agency that serves"),
        ({"theme": 999999}, "theme", "Choose one of this partnership's themes"),
        ({"step": 5}, "step", "is not a valid choice"),
    ],
)
def test_bad_input_answers_400_naming_the_field_and_saves_nothing(
    as_role, partnership, agency, council, changes, field, message
):
    if changes.get("receiving_agency") == "same":
        changes = {"receiving_agency": agency.pk}
    client = as_role(Role.BUSINESS_UNIT)
    before = state()

    answer = post_json(
        client,
        "/api/escalations/",
        new(partnership, agency, council, **changes),
    )

    assert (answer.status_code, list(answer.json())) == (400, [field])
    assert message in answer.json()[field][0]
    assert state() == before


def test_a_step_below_the_highest_or_a_resolved_close_without_its_type_is_refused(as_role, raised):
    ours = raised[0]
    client = as_role(Role.BUSINESS_UNIT)
    before = state()

    lower = post_json(
        client, f"/api/escalations/{ours.pk}/steps/", {"step": 2, "started_on": "2023-10-10"}
    )
    close = post_json(
        client,
        f"/api/escalations/{ours.pk}/close/",
        {"outcome": "resolved", "closed_on": "2023-10-10"},
    )

    assert (lower.status_code, lower.json()) == (
        400,
        {"step": ["Select a step above step 2, the highest it has reached"]},
    )
    assert (close.status_code, list(close.json())) == (400, ["resolution_type"])
    assert state() == before


def test_a_manager_corrects_and_closes_a_difference(as_role, personas, raised, health):
    ours = raised[0]
    client = as_role(Role.BUSINESS_UNIT)

    changed = patch_json(client, f"/api/escalations/{ours.pk}/", {"receiving_agency": health.pk})
    closed = post_json(
        client,
        f"/api/escalations/{ours.pk}/close/",
        {
            "outcome": "resolved",
            "closed_on": "2023-10-09",
            "resolution_type": "plan_changed",
            "improved_plan": True,
        },
    )

    assert changed.status_code == 200, changed.content
    assert changed.json()["receiving_agency_name"] == "Testshire Health Trust"
    assert closed.status_code == 200, closed.content
    body = closed.json()
    assert (body["outcome"], body["closed_on"], body["improved_plan"]) == (
        "resolved",
        "2023-10-09",
        True,
    )
    assert body["steps"][-1]["completed_on"] == "2023-10-09"
    mine = AuditEntry.objects.filter(actor=personas[Role.BUSINESS_UNIT])
    actions = mine.filter(action__startswith="escalations.").values_list("action", flat=True)
    assert list(actions.order_by("seq")) == [
        "escalations.escalation.update",
        "escalations.step.complete",
        "escalations.escalation.close",
    ]


def test_survey_responses_are_recorded_and_quoted_by_the_business_unit(
    as_role, personas, partnership, raised, health
):
    client = as_role(Role.BUSINESS_UNIT)
    body = {
        "partnership": "testshire",
        "received_on": "2023-10-09",
        "positive_outcome": "yes",
        "agency": health.pk,
        "escalation": raised[1].pk,
    }

    created = post_json(client, "/api/escalation-survey-responses/", body)
    url = f"/api/escalation-survey-responses/{created.json()['id']}/"
    unquotable = patch_json(client, url, {"quote_in_report": True})
    quoted = patch_json(client, url, {"comment": "It improved the plan.", "quote_in_report": True})

    assert created.status_code == 201, created.content
    assert created.json()["escalation_reference"] == raised[1].reference
    assert (unquotable.status_code, unquotable.json()) == (
        400,
        {"comment": ["Enter the comment to quote, or do not quote it"]},
    )
    assert quoted.status_code == 200, quoted.content
    assert (quoted.json()["comment"], quoted.json()["quote_in_report"]) == (
        "It improved the plan.",
        True,
    )
    actions = AuditEntry.objects.filter(action__startswith="escalations.survey_response")
    assert list(actions.order_by("seq").values_list("action", flat=True)) == [
        "escalations.survey_response.create",
        "escalations.survey_response.update",
    ]
    assert SurveyResponse.objects.get().agency == health


def test_a_survey_response_naming_another_partnerships_difference_is_a_400(
    as_role, other_partnership
):
    elsewhere = EscalationFactory(partnership=other_partnership)
    client = as_role(Role.BUSINESS_UNIT)
    before = state()
    body = {
        "partnership": "testshire",
        "received_on": "2023-10-09",
        "positive_outcome": "no",
        "escalation": elsewhere.pk,
    }

    answer = post_json(client, "/api/escalation-survey-responses/", body)

    assert (answer.status_code, list(answer.json())) == (400, ["escalation"])
    assert state() == before


def test_the_list_makes_the_same_queries_for_5_and_50_rows(as_role, partnership, agency, council):
    client = as_role(Role.BUSINESS_UNIT)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            answer = client.get("/api/escalations/?partnership=testshire")
            assert answer.status_code == 200
        return len(captured)

    def add(count):
        for n in range(count):
            EscalationFactory(
                partnership=partnership,
                raising_agency=agency,
                receiving_agency=council,
                steps=1 + n % 4,
            )

    add(5)
    few = queries()
    add(45)
    assert EscalationStep.objects.count() > 100
    assert queries() == few
