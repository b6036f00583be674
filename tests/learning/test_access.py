"""Who may do what: agency leads move on their own agency's actions only, the scrutineer reads
and comments, the executive reads, practitioners do not see learning, outsiders get 404."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.learning.models import ActionStatus, Comment, ProgressUpdate

NOW = dt.datetime(2024, 3, 5, 10, 0, tzinfo=dt.UTC)


def url(name, partnership, *args):
    return reverse(f"learning:{name}", args=[partnership.slug, *args])


EVIDENCE = {
    "method": "audit",
    "summary": "Nine in ten cases followed the protocol.",
    "judgement": "shown",
    "gathered_on_day": "1",
    "gathered_on_month": "3",
    "gathered_on_year": "2024",
}


@time_machine.travel(NOW, tick=False)
def test_an_agency_lead_updates_their_own_agencys_action(
    personas, partnership, police_action, client_as
):
    lead = client_as(personas[Role.AGENCY_LEAD])
    response = lead.post(
        url("action_progress", partnership, police_action.pk),
        {"text": "Protocol rewritten", "rag": "green", "status": "completed"},
    )
    assert response.status_code == 302
    police_action.refresh_from_db()
    assert (police_action.status, police_action.completed_on) == (
        ActionStatus.COMPLETED,
        dt.date(2024, 3, 5),
    )
    assert (
        lead.post(url("action_evidence", partnership, police_action.pk), EVIDENCE).status_code
        == 302
    )
    page = lead.get(url("action_detail", partnership, police_action.pk)).content.decode()
    assert "Protocol rewritten" in page
    assert "Nine in ten cases followed the protocol." in page


def test_an_agency_lead_reads_but_cannot_change_another_agencys_action(
    personas, partnership, health_action, client_as
):
    lead = client_as(personas[Role.AGENCY_LEAD])
    page = lead.get(url("action_detail", partnership, health_action.pk))
    assert page.status_code == 200
    assert 'id="add-progress"' not in page.content.decode()
    for name in ("action_progress", "action_evidence"):
        target = url(name, partnership, health_action.pk)
        assert lead.get(target).status_code == 403
        assert lead.post(target, {"text": "Not mine"}).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_the_action_page_offers_an_agency_lead_the_forms_for_their_own_action(
    personas, partnership, police_action, client_as
):
    page = client_as(personas[Role.AGENCY_LEAD]).get(
        url("action_detail", partnership, police_action.pk)
    )
    html = page.content.decode()
    assert 'id="add-progress"' in html
    assert 'id="add-evidence"' in html
    assert "Change the action" not in html


def test_the_scrutineer_comments_but_changes_nothing(
    personas, partnership, source, police_action, client_as
):
    scrutineer = client_as(personas[Role.SCRUTINEER])
    response = scrutineer.post(
        url("comment_add", partnership, source.pk), {"text": "Where is the evidence of impact?"}
    )
    assert response.status_code == 302
    page = scrutineer.get(url("source_detail", partnership, source.pk)).content.decode()
    assert "Where is the evidence of impact?" in page
    assert Comment.objects.get().author == personas[Role.SCRUTINEER]
    assert (
        scrutineer.post(url("action_progress", partnership, police_action.pk), {}).status_code
        == 403
    )
    assert scrutineer.get(url("finding_add", partnership, source.pk)).status_code == 403


def test_the_executive_reads_the_evaluation(personas, partnership, police_action, client_as):
    page = client_as(personas[Role.EXECUTIVE]).get(url("action_list", partnership))
    assert page.status_code == 200
    assert police_action.title in page.content.decode()


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.LADO, Role.CDOP])
def test_roles_without_learning_are_refused(role, personas, partnership, client_as):
    client = client_as(personas[role])
    assert client.get(url("action_list", partnership)).status_code == 403
    home = client.get(reverse("core:home", args=[partnership.slug])).content.decode()
    assert reverse("learning:action_list", args=[partnership.slug]) not in home


def test_outsiders_get_404_on_a_record(outsider, partnership, police_action, source, client_as):
    client = client_as(outsider)
    assert client.get(url("action_detail", partnership, police_action.pk)).status_code == 404
    assert client.get(url("source_detail", partnership, source.pk)).status_code == 404


def test_another_partnerships_action_is_404_in_your_own(
    outsider, other_partnership, police_action, client_as
):
    """The outsider's own partnership does not reveal an action that is not in it."""
    response = client_as(outsider).get(url("action_detail", other_partnership, police_action.pk))
    assert response.status_code == 404


def test_the_learning_link_is_in_the_navigation_for_readers(personas, partnership, client_as):
    home = client_as(personas[Role.SCRUTINEER]).get(reverse("core:home", args=[partnership.slug]))
    assert reverse("learning:action_list", args=[partnership.slug]) in home.content.decode()
