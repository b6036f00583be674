"""Actions, findings and dissemination over the API: the same policies as the pages (outsiders
404, roles without a part in learning 403, the scrutineer reads but does not write, an agency
lead moves on only their own agency's actions), the same services and audit entries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core.models import Theme
from safeguarding.learning import services
from safeguarding.learning.models import (
    Action,
    ActionStatus,
    Dissemination,
    Finding,
    ImpactEvidence,
    ProgressUpdate,
    SourceKind,
)
from tests.api.helpers import patch_json, post_json
from tests.learning.factories import make_action, make_evidence, make_source

pytestmark = pytest.mark.django_db

ACTIONS = "/api/actions/"
FINDINGS = "/api/findings/"
DISSEMINATIONS = "/api/disseminations/"
READERS = [
    Role.BUSINESS_UNIT,
    Role.ADMINISTRATOR,
    Role.EXECUTIVE,
    Role.SCRUTINEER,
    Role.AGENCY_LEAD,
]
NO_PART = [Role.PRACTITIONER, Role.LADO, Role.CDOP]


def _entries(action: str):
    return AuditEntry.objects.filter(action=action)


@pytest.fixture
def completed(health_action):
    services.action_update(
        actor=None,
        action=health_action,
        data={"status": ActionStatus.COMPLETED, "completed_on": dt.date(2023, 11, 1)},
    )
    make_evidence(health_action)
    return health_action


@pytest.fixture
def as_role(personas, client_as):
    return lambda role: client_as(personas[role])


def _new_action(source, agency, **fields):
    return {
        "partnership": "testshire",
        "source": source.pk,
        "title": "Police: train call handlers on bruising",
        "owner_agency": agency.pk,
        "raised_on": "2023-06-01",
        "due_on": "2023-09-30",
        **fields,
    }


# Reading


@pytest.mark.parametrize("role", READERS)
def test_every_reader_lists_the_actions_with_the_evaluation(
    role, as_role, police_action, completed
):
    response = as_role(role).get(ACTIONS, {"partnership": "testshire"})

    assert response.status_code == 200
    rows = {row["title"]: row for row in response.json()["results"]}
    police = rows[police_action.title]
    assert (police["status"], police["overdue"], police["latest_judgement"]) == (
        "not_started",
        True,
        None,
    )
    assert police["source"] == {
        "id": police_action.source.pk,
        "kind": "rapid_review",
        "title": "Rapid review: Child Q",
    }
    assert (police["owner_agency_name"], police["partnership"]) == ("Testshire Police", "testshire")
    assert rows[completed.title]["latest_judgement"] == "shown"
    assert rows[completed.title]["overdue"] is False


def test_actions_are_filtered_like_the_evaluation_page(
    business_unit, partnership, police_action, completed, health
):
    other = make_source(partnership, "Learning review: Family S", SourceKind.LEARNING_REVIEW)
    make_action(other, health, title="Health: pathway leaflet", due_on=dt.date(2099, 1, 1))

    def titles(**query):
        response = business_unit.get(ACTIONS, query)
        assert response.status_code == 200, response.json()
        return [row["title"] for row in response.json()["results"]]

    assert titles(agency=health.pk) == [completed.title, "Health: pathway leaflet"]
    assert titles(status="open") == [police_action.title, "Health: pathway leaflet"]
    assert titles(status="completed") == [completed.title]
    assert titles(kind="learning_review") == ["Health: pathway leaflet"]
    assert titles(overdue="true") == [police_action.title]


def test_a_bad_filter_is_a_400_naming_it(business_unit, police_action, other_agency):
    assert business_unit.get(ACTIONS, {"status": "lost"}).json().keys() == {"status"}
    assert business_unit.get(ACTIONS, {"agency": other_agency.pk}).json() == {
        "agency": ["Choose an agency serving your partnership, by its id."]
    }


def test_an_action_is_shown_with_its_progress_and_evidence(business_unit, completed):
    services.action_progress_add(
        actor=None, action=completed, text="Audit booked.", written_on=dt.date(2023, 10, 2)
    )

    response = business_unit.get(f"{ACTIONS}{completed.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert [update["text"] for update in body["updates"]] == ["Audit booked."]
    assert [(e["method"], e["judgement"]) for e in body["evidence"]] == [("audit", "shown")]


def test_the_action_list_runs_the_same_queries_for_5_and_50_actions(business_unit, source, agency):
    def queries(count: int) -> int:
        while Action.objects.count() < count:
            action = make_action(source, agency, title=f"Action {Action.objects.count()}")
            services.action_progress_add(
                actor=None, action=action, text="Going well.", written_on=dt.date(2023, 7, 1)
            )
            make_evidence(action)
        with CaptureQueriesContext(connection) as captured:
            response = business_unit.get(ACTIONS, {"partnership": "testshire"})
        assert response.json()["count"] == count
        return len(captured.captured_queries)

    assert queries(5) == queries(50)


def test_the_findings_and_dissemination_lists_run_the_same_queries_for_5_and_50(
    business_unit, partnership, source
):
    themes = list(Theme.objects.filter(partnership=partnership)[:2])

    def queries(count: int) -> list[int]:
        while Finding.objects.count() < count:
            finding = services.finding_create(
                actor=None,
                source=source,
                text=f"Finding {Finding.objects.count()}",
                recorded_on=dt.date(2023, 5, 20),
                themes=themes,
            )
            services.dissemination_create(
                actor=None,
                partnership=partnership,
                method="bulletin",
                title=f"Bulletin {finding.pk}",
                shared_on=dt.date(2023, 7, 1),
                findings=[finding],
            )
        counts = []
        for url in (FINDINGS, DISSEMINATIONS):
            with CaptureQueriesContext(connection) as captured:
                assert business_unit.get(url).json()["count"] == count
            counts.append(len(captured.captured_queries))
        return counts

    assert queries(5) == queries(50)


# Who may not


def test_members_of_another_partnership_get_404(outsider, client_as, police_action):
    client = client_as(outsider)
    url = f"{ACTIONS}{police_action.pk}/"

    assert client.get(ACTIONS, {"partnership": "testshire"}).status_code == 404
    assert client.get(url).status_code == 404
    assert post_json(client, f"{url}progress/", {"text": "Done."}).status_code == 404
    assert patch_json(client, url, {"title": "Changed"}).status_code == 404
    assert client.get(ACTIONS).json()["count"] == 0  # their own partnership has none


@pytest.mark.parametrize("role", NO_PART)
def test_roles_with_no_part_in_learning_get_403(role, as_role, police_action, source):
    client = as_role(role)

    for url in (ACTIONS, FINDINGS, DISSEMINATIONS, f"{ACTIONS}{police_action.pk}/"):
        assert client.get(url).status_code == 403, url
    assert (
        post_json(client, ACTIONS, _new_action(source, police_action.owner_agency)).status_code
        == 403
    )
    assert (
        post_json(client, f"{ACTIONS}{police_action.pk}/progress/", {"text": "x"}).status_code
        == 403
    )


@pytest.mark.parametrize("role", [Role.SCRUTINEER, Role.EXECUTIVE, Role.AGENCY_LEAD])
def test_only_managers_add_and_change(role, as_role, police_action, source, agency):
    client = as_role(role)
    before = Action.objects.count()

    assert post_json(client, ACTIONS, _new_action(source, agency)).status_code == 403
    assert patch_json(client, f"{ACTIONS}{police_action.pk}/", {"title": "x"}).status_code == 403
    finding = {
        "partnership": "testshire",
        "source": source.pk,
        "text": "x",
        "recorded_on": "2023-06-01",
    }
    assert post_json(client, FINDINGS, finding).status_code == 403
    sharing = {
        "partnership": "testshire",
        "method": "video",
        "title": "x",
        "shared_on": "2023-06-01",
    }
    assert post_json(client, DISSEMINATIONS, sharing).status_code == 403
    assert Action.objects.count() == before
    assert not Finding.objects.exists()
    assert not Dissemination.objects.exists()


@pytest.mark.parametrize("role", [Role.SCRUTINEER, Role.EXECUTIVE])
def test_readers_who_do_not_own_actions_cannot_move_them_on(role, as_role, police_action):
    client = as_role(role)
    url = f"{ACTIONS}{police_action.pk}/"

    assert post_json(client, f"{url}progress/", {"text": "Done."}).status_code == 403
    evidence = {
        "method": "audit",
        "summary": "x",
        "judgement": "shown",
        "gathered_on": "2024-01-02",
    }
    assert post_json(client, f"{url}evidence/", evidence).status_code == 403
    assert not ProgressUpdate.objects.exists()
    assert not ImpactEvidence.objects.exists()


def test_an_agency_lead_moves_on_only_their_own_agencys_actions(
    personas, as_role, police_action, health_action
):
    lead = personas[Role.AGENCY_LEAD]  # of the police
    client = as_role(Role.AGENCY_LEAD)
    refused = post_json(client, f"{ACTIONS}{health_action.pk}/progress/", {"text": "Done."})
    evidence = {
        "method": "audit",
        "summary": "x",
        "judgement": "shown",
        "gathered_on": "2024-01-02",
    }

    assert refused.status_code == 403
    assert post_json(client, f"{ACTIONS}{health_action.pk}/evidence/", evidence).status_code == 403
    assert not health_action.updates.exists()
    assert not health_action.evidence.exists()

    moved = post_json(
        client,
        f"{ACTIONS}{police_action.pk}/progress/",
        {
            "text": "Protocol reissued.",
            "status": "completed",
            "rag": "green",
            "written_on": "2023-11-20",
        },
    )
    assert moved.status_code == 201, moved.json()
    assert (moved.json()["status"], moved.json()["completed_on"], moved.json()["rag"]) == (
        "completed",
        "2023-11-20",
        "green",
    )
    assert [update["text"] for update in moved.json()["updates"]] == ["Protocol reissued."]
    entry = _entries("learning.action.progress_add").get()
    assert (entry.actor, entry.target_id) == (lead, str(police_action.pk))

    added = post_json(client, f"{ACTIONS}{police_action.pk}/evidence/", evidence)
    assert added.status_code == 201, added.json()
    assert added.json()["latest_judgement"] == "shown"
    assert _entries("learning.impact_evidence.create").count() == 1


# Writing, through the services


def test_the_business_unit_adds_an_action(personas, business_unit, source, agency):
    body = _new_action(source, agency, owner="Agency_Lead@testshire.example", rag="amber")

    response = post_json(business_unit, ACTIONS, body)

    assert response.status_code == 201, response.json()
    action = Action.objects.get(pk=response.json()["id"])
    assert (action.title, action.owner, action.rag) == (
        body["title"],
        personas[Role.AGENCY_LEAD],
        "amber",
    )
    assert response.json()["owner"] == "agency_lead@testshire.example"
    assert response.json()["updates"] == []
    entry = _entries("learning.action.create").get(target_id=str(action.pk))
    assert entry.actor == personas[Role.BUSINESS_UNIT]


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"due_on": "2023-05-01"},
            {
                "due_on": [
                    "The due date must be on or after the date the action was raised, 1 June 2023."
                ]
            },
        ),
        ({"status": "completed"}, {"completed_on": ["Enter the date the action was completed."]}),
        ({"raised_on": "1 June"}, "raised_on"),
        (
            {"owner": "nobody@elsewhere.example"},
            {"owner": ["No member of this partnership has the email “nobody@elsewhere.example”."]},
        ),
        ({"title": ""}, "title"),
    ],
)
def test_a_bad_action_is_a_400_naming_the_field_and_nothing_is_saved(
    fields, errors, business_unit, source, agency
):
    before = AuditEntry.objects.count()

    response = post_json(business_unit, ACTIONS, _new_action(source, agency, **fields))

    assert response.status_code == 400
    if isinstance(errors, str):  # a type the serializer refuses: its own message
        assert list(response.json()) == [errors]
    else:  # a rule the service keeps
        assert response.json() == errors
    assert not Action.objects.exists()
    assert AuditEntry.objects.count() == before


def test_records_of_another_partnership_cannot_be_named(
    business_unit, other_partnership, other_agency, source, agency
):
    elsewhere = make_source(other_partnership, "Rapid review: Child Z")

    assert post_json(business_unit, ACTIONS, _new_action(elsewhere, agency)).json() == {
        "source": ["Choose a source of learning of this partnership, by its id."]
    }
    assert post_json(business_unit, ACTIONS, _new_action(source, other_agency)).json() == {
        "owner_agency": ["Choose an agency serving this partnership, by its id."]
    }
    assert not Action.objects.exists()


def test_the_business_unit_changes_only_the_fields_given(personas, business_unit, police_action):
    response = patch_json(
        business_unit, f"{ACTIONS}{police_action.pk}/", {"due_on": "2024-03-31", "rag": "red"}
    )

    assert response.status_code == 200, response.json()
    police_action.refresh_from_db()
    assert (police_action.due_on, police_action.rag, police_action.title) == (
        dt.date(2024, 3, 31),
        "red",
        "Police: refresh the bruising protocol",
    )
    entry = _entries("learning.action.update").get()
    assert entry.actor == personas[Role.BUSINESS_UNIT]
    assert set(entry.changes) == {"due_on", "rag"}


def test_a_bad_change_is_a_400_and_changes_nothing(business_unit, police_action):
    response = patch_json(business_unit, f"{ACTIONS}{police_action.pk}/", {"due_on": "2023-01-01"})

    assert response.status_code == 400
    assert list(response.json()) == ["due_on"]
    police_action.refresh_from_db()
    assert police_action.due_on == dt.date(2023, 12, 1)
    assert not _entries("learning.action.update").exists()


def test_bad_progress_and_evidence_are_400s_naming_the_field(business_unit, police_action):
    url = f"{ACTIONS}{police_action.pk}/"

    assert list(post_json(business_unit, f"{url}progress/", {"text": "  "}).json()) == ["text"]
    future = post_json(business_unit, f"{url}progress/", {"text": "x", "written_on": "2099-01-01"})
    assert future.json() == {"written_on": ["The date of the update must be today or in the past."]}
    evidence = {
        "method": "survey",
        "summary": "x",
        "judgement": "maybe",
        "gathered_on": "2024-01-02",
    }
    assert list(post_json(business_unit, f"{url}evidence/", evidence).json()) == ["judgement"]
    assert not ProgressUpdate.objects.exists()
    assert not ImpactEvidence.objects.exists()


def test_findings_are_listed_and_added_with_their_themes(
    personas, business_unit, partnership, source
):
    themes = list(Theme.objects.filter(partnership=partnership).order_by("name")[:2])
    body = {
        "partnership": "testshire",
        "source": source.pk,
        "text": "Bruising was not seen as a concern.",
        "recorded_on": "2023-05-20",
        "themes": [theme.pk for theme in themes],
    }

    created = post_json(business_unit, FINDINGS, body)

    assert created.status_code == 201, created.json()
    assert {theme["name"] for theme in created.json()["themes"]} == {t.name for t in themes}
    assert _entries("learning.finding.create").get().actor == personas[Role.BUSINESS_UNIT]
    listed = business_unit.get(FINDINGS, {"kind": "rapid_review", "theme": themes[0].pk})
    assert [row["text"] for row in listed.json()["results"]] == [body["text"]]
    assert business_unit.get(FINDINGS, {"kind": "audit"}).json()["count"] == 0

    unknown = post_json(business_unit, FINDINGS, {**body, "themes": [999999]})
    assert unknown.json() == {"themes": ["Choose themes of this partnership, by their ids."]}
    assert Finding.objects.count() == 1


def test_dissemination_is_listed_and_added_with_the_findings_it_shared(
    personas, business_unit, source, other_partnership
):
    finding = services.finding_create(
        actor=None, source=source, text="The father was not seen.", recorded_on=dt.date(2023, 5, 20)
    )
    elsewhere = services.finding_create(
        actor=None,
        source=make_source(other_partnership, "Rapid review: Child Z"),
        text="Elsewhere's finding.",
        recorded_on=dt.date(2023, 5, 20),
    )
    body = {
        "partnership": "testshire",
        "method": "podcast",
        "title": "Podcast: seeing fathers",
        "shared_on": "2023-08-01",
        "reach": 120,
        "findings": [finding.pk],
    }

    created = post_json(business_unit, DISSEMINATIONS, body)

    assert created.status_code == 201, created.json()
    assert (created.json()["reach"], created.json()["findings"]) == (120, [finding.pk])
    assert _entries("learning.dissemination.create").get().actor == personas[Role.BUSINESS_UNIT]
    assert [row["title"] for row in business_unit.get(DISSEMINATIONS).json()["results"]] == [
        body["title"]
    ]
    refused = post_json(business_unit, DISSEMINATIONS, {**body, "findings": [elsewhere.pk]})
    assert refused.json() == {"findings": ["Choose findings of this partnership, by their ids."]}
    negative = post_json(business_unit, DISSEMINATIONS, {**body, "reach": -1})
    assert list(negative.json()) == ["reach"]
    assert Dissemination.objects.count() == 1
