"""The reviews endpoints: the same policies as the pages (outsiders 404, practitioners 403, the
scrutineer reads but never writes, an agency lead returns only their agency's summary) and the
same services (the same rules, field-named 400s, the same audit entries)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core.models import Theme
from safeguarding.reviews.models import LearningReview, Notification, RapidReview
from tests.api.helpers import patch_json, post_json
from tests.api.test_access import every_endpoint
from tests.reviews.factories import (
    ask_summary,
    complete,
    make_learning_review,
    make_notification,
    make_practice_review,
    make_rapid_review,
)

pytestmark = pytest.mark.django_db

NEW_NOTIFICATION = {
    "partnership": "testshire",
    "case_code": "Child T",
    "aware_on": "2024-03-28",
    "outcome": "seriously_harmed",
    "harm": "neglect",
    "age_band": "1_4",
    "sex": "female",
    "local_authority": "Testshire",
}
RETURN = {"text": "Seen by the health visitor twice.", "returned_on": "2024-04-18"}


@pytest.fixture
def review(partnership, agency, health):
    """Baby Q asks the police (the agency lead persona's agency) and health for summaries."""
    review = make_rapid_review(partnership, "Baby Q")
    ask_summary(review, agency)
    ask_summary(review, health)
    return review


@pytest.fixture
def as_role(personas, token_client):
    return lambda role: token_client(personas[role])


def _writes(review, agency_summary) -> list[tuple[str, str, dict]]:
    """Every write the reviews endpoints offer, on records of the test partnership."""
    rr, summary = f"/api/rapid-reviews/{review.pk}/", agency_summary.pk
    notification = review.notification.pk
    practice = make_practice_review(review.notification.partnership).pk
    learning = make_learning_review(review.notification.partnership).pk
    return [
        ("post", "/api/notifications/", NEW_NOTIFICATION),
        ("patch", f"/api/notifications/{notification}/", {"local_authority": "Elsewhere"}),
        ("post", f"/api/notifications/{notification}/start-review/", {"title": "Again"}),
        ("patch", rr, {"title": "Baby Q (renamed)"}),
        ("post", f"{rr}meeting/", {"meeting_on": "2024-04-22"}),
        ("post", f"{rr}complete/", {"completed_on": "2024-04-25", "decision": "other_learning"}),
        ("post", f"{rr}sent/", {"sent_to_panel_on": "2024-04-26"}),
        ("post", f"{rr}response/", {"panel_response": "agrees", "panel_response_on": "2024-05-01"}),
        ("post", f"{rr}request-summaries/", {"agencies": [], "requested_on": "2024-04-09"}),
        ("post", f"/api/agency-summaries/{summary}/return/", RETURN),
        ("post", "/api/practice-reviews/", {"partnership": "testshire", "title": "X"}),
        ("patch", f"/api/practice-reviews/{practice}/", {"title": "Y"}),
        ("post", f"/api/practice-reviews/{practice}/sent/", {"sent_to_panel_on": "2024-06-01"}),
        ("post", f"/api/practice-reviews/{practice}/publish/", {"published_on": "2024-06-20"}),
        ("post", "/api/learning-reviews/", {"partnership": "testshire", "title": "Z"}),
        ("patch", f"/api/learning-reviews/{learning}/", {"title": "Z"}),
        ("post", f"/api/learning-reviews/{learning}/complete/", {"completed_on": "2024-01-10"}),
    ]


def _send(client, method: str, url: str, body: dict):
    return (post_json if method == "post" else patch_json)(client, url, body)


def test_the_scrutineer_reads_everything_and_gets_403_on_every_write(as_role, review, agency):
    client = as_role(Role.SCRUTINEER)
    writes = _writes(review, review.summaries.get(agency=agency))
    entries = AuditEntry.objects.count()

    assert client.get("/api/rapid-reviews/?partnership=testshire").json()["count"] == 1
    shown = client.get(f"/api/rapid-reviews/{review.pk}/").json()
    assert len(shown["summaries"]) == 2
    for method, url, body in writes:
        response = _send(client, method, url, body)
        assert response.status_code == 403, (method, url, response.content)
    assert AuditEntry.objects.count() == entries


def test_every_reviews_address_answers_outsiders_404_and_practitioners_403(
    outsider, as_role, token_client, review, agency
):
    ids = {
        "notifications": review.notification.pk,
        "rapid-reviews": review.pk,
        "agency-summaries": review.summaries.get(agency=agency).pk,
        "practice-reviews": make_practice_review(review.notification.partnership).pk,
        "learning-reviews": make_learning_review(review.notification.partnership).pk,
    }
    detail = [
        (method, url.replace("/1/", f"/{ids[url.split('/')[2]]}/"))
        for method, url in every_endpoint()
        if url.split("/")[2] in ids and "/1/" in url
    ]
    assert len(detail) == 19
    clients = ((token_client(outsider), 404), (as_role(Role.PRACTITIONER), 403))
    entries = AuditEntry.objects.count()
    for who, expected in clients:
        for method, url in detail:
            response = getattr(who, method)(url, {}, content_type="application/json")
            assert response.status_code == expected, (method, url, expected)
    assert AuditEntry.objects.count() == entries


def test_a_practitioner_has_no_part_in_reviews(as_role, review):
    client = as_role(Role.PRACTITIONER)
    assert client.get("/api/rapid-reviews/?partnership=testshire").status_code == 403
    assert client.get("/api/notifications/").status_code == 403
    assert client.get(f"/api/rapid-reviews/{review.pk}/").status_code == 403
    assert post_json(client, "/api/notifications/", NEW_NOTIFICATION).status_code == 403


def test_outsiders_get_404_for_every_record(outsider, token_client, review, agency):
    client = token_client(outsider)
    summary = review.summaries.get(agency=agency)
    assert client.get("/api/rapid-reviews/?partnership=testshire").status_code == 404
    assert client.get(f"/api/rapid-reviews/{review.pk}/").status_code == 404
    assert client.get(f"/api/notifications/{review.notification.pk}/").status_code == 404
    assert client.get("/api/rapid-reviews/").json()["count"] == 0  # only their own partnership
    assert (
        post_json(client, f"/api/agency-summaries/{summary.pk}/return/", RETURN).status_code == 404
    )
    refused = post_json(client, "/api/notifications/", NEW_NOTIFICATION)
    assert refused.status_code == 400
    assert "partnership" in refused.json()
    assert not Notification.objects.filter(case_code="Child T").exists()


@time_machine.travel(dt.datetime(2024, 4, 18, 10, tzinfo=dt.UTC), tick=False)
def test_an_agency_lead_returns_their_agencys_summary_and_not_anothers(
    as_role, personas, partnership, review, agency, health
):
    make_rapid_review(partnership, "Child R")  # asks no agency: the lead does not see it
    client = as_role(Role.AGENCY_LEAD)
    own, other = review.summaries.get(agency=agency), review.summaries.get(agency=health)

    listed = client.get("/api/rapid-reviews/?partnership=testshire").json()
    assert [row["title"] for row in listed["results"]] == ["Baby Q"]
    assert [s["agency_name"] for s in listed["results"][0]["summaries"]] == ["Testshire Police"]
    assert client.get(f"/api/agency-summaries/{other.pk}/").status_code == 404
    assert post_json(client, f"/api/agency-summaries/{other.pk}/return/", RETURN).status_code == 404

    response = post_json(client, f"/api/agency-summaries/{own.pk}/return/", RETURN)

    assert response.status_code == 200, response.content
    assert response.json()["clock"] == {"state": "met", "due": "2024-04-19", "working_days_late": 0}
    other.refresh_from_db()
    assert other.returned_on is None
    entry = AuditEntry.objects.get(action="reviews.agency_summary.return")
    assert (entry.actor, entry.target_id) == (personas[Role.AGENCY_LEAD], str(own.pk))


def test_a_notification_recorded_over_the_api_leaves_the_same_audit_entry(as_role, personas):
    response = post_json(as_role(Role.BUSINESS_UNIT), "/api/notifications/", NEW_NOTIFICATION)

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["case_code"], body["due_on"]) == ("Child T", "2024-04-08")  # past Easter
    entry = AuditEntry.objects.get(action="reviews.notification.create")
    assert entry.actor == personas[Role.BUSINESS_UNIT]
    assert entry.changes == {
        "case_code": [None, "Child T"],
        "aware_on": [None, "2024-03-28"],
        "due_on": [None, "2024-04-08"],
        "notified_on": [None, None],
    }


def test_bad_input_answers_400_naming_the_field_and_saves_nothing(as_role, partnership):
    client = as_role(Role.BUSINESS_UNIT)
    entries = AuditEntry.objects.count()

    types = post_json(client, "/api/notifications/", {**NEW_NOTIFICATION, "outcome": "lost"})
    rule = post_json(
        client, "/api/notifications/", {**NEW_NOTIFICATION, "notified_on": "2024-03-27"}
    )
    theme = post_json(
        client,
        "/api/learning-reviews/",
        {
            "partnership": "testshire",
            "title": "Neglect",
            "kind": "thematic",
            "rationale": "Three cases.",
            "started_on": "2024-01-10",
            "themes": [999999],
        },
    )

    assert (types.status_code, list(types.json())) == (400, ["outcome"])
    assert (rule.status_code, list(rule.json())) == (400, ["notified_on"])
    assert "became aware on 28 March 2024" in rule.json()["notified_on"][0]
    assert (theme.status_code, list(theme.json())) == (400, ["themes"])
    assert not Notification.objects.exists()
    assert not LearningReview.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_a_rapid_review_completed_before_its_notification_is_a_400(as_role, review):
    client = as_role(Role.BUSINESS_UNIT)
    body = {"completed_on": "2024-04-05", "decision": "other_learning"}

    response = post_json(client, f"/api/rapid-reviews/{review.pk}/complete/", body)

    assert response.status_code == 400
    assert "before the Panel was notified on 8 April 2024" in response.json()["completed_on"][0]
    review.refresh_from_db()
    assert review.completed_on is None


@time_machine.travel(dt.datetime(2024, 5, 10, 10, tzinfo=dt.UTC), tick=False)
def test_a_manager_runs_a_rapid_review_through_its_steps(as_role, partnership, agency):
    client = as_role(Role.BUSINESS_UNIT)
    notification = make_notification(partnership, "Child Q", notified_on=dt.date(2024, 4, 8))
    theme = Theme.objects.filter(partnership=partnership).first()

    started = post_json(
        client,
        f"/api/notifications/{notification.pk}/start-review/",
        {"title": "Baby Q", "themes": [theme.pk]},
    )
    assert started.status_code == 201, started.content
    url = f"/api/rapid-reviews/{started.json()['id']}/"
    asked = {"agencies": [agency.pk], "requested_on": "2024-04-09", "due_on": "2024-04-19"}
    assert post_json(client, f"{url}request-summaries/", asked).status_code == 200
    done = {"completed_on": "2024-05-07", "decision": "other_learning"}
    response = post_json(client, f"{url}complete/", done)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["due_on"] == "2024-04-29"
    assert body["clock"] == {"state": "met_late", "due": "2024-04-29", "working_days_late": 5}
    assert [t["name"] for t in body["themes"]] == [theme.name]
    assert [s["clock"]["state"] for s in body["summaries"]] == ["overdue"]
    actions = AuditEntry.objects.filter(action__startswith="reviews.").values_list(
        "action", flat=True
    )
    assert list(actions.order_by("seq"))[-3:] == [
        "reviews.rapid_review.start",
        "reviews.agency_summary.request",
        "reviews.rapid_review.complete",
    ]


def test_the_rapid_review_list_makes_the_same_queries_for_more_rows(as_role, partnership, agency):
    client = as_role(Role.BUSINESS_UNIT)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/rapid-reviews/?partnership=testshire").status_code == 200
        return len(captured)

    for n in range(2):
        ask_summary(make_rapid_review(partnership, f"Review {n}"), agency)
    few = queries()
    for n in range(2, 6):
        review = make_rapid_review(partnership, f"Review {n}")
        ask_summary(review, agency)
        complete(review, dt.date(2024, 4, 20))
    assert RapidReview.objects.count() == 6
    assert queries() == few
