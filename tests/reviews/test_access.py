"""Who may see and change reviews: agency leads see only the rapid reviews that ask their agency
and return only their own agency's summary; the scrutineer reads everything and changes nothing;
practitioners have no access; members of other partnerships get 404.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.reviews import services
from tests.core.pages import table_rows
from tests.reviews.factories import (
    ask_summary,
    make_learning_review,
    make_notification,
    make_practice_review,
    make_rapid_review,
)

NOW = dt.datetime(2024, 4, 18, 10, tzinfo=dt.UTC)
RETURN = {
    "text": "Seen by the health visitor twice.",
    "returned_on_day": "18",
    "returned_on_month": "4",
    "returned_on_year": "2024",
}


def url(name, partnership, *args):
    return reverse(f"reviews:{name}", args=[partnership.slug, *args])


@pytest.fixture
def review(partnership, agency, health):
    """Baby Q asks the police (the agency lead persona's agency) and health for summaries."""
    review = make_rapid_review(partnership, "Baby Q")
    ask_summary(review, agency)
    ask_summary(review, health)
    return review


@pytest.fixture
def lead(personas, client_as):
    return client_as(personas[Role.AGENCY_LEAD])


def summary_of(review, agency):
    return review.summaries.get(agency=agency)


@time_machine.travel(NOW, tick=False)
def test_an_agency_lead_returns_their_agencys_summary(lead, personas, partnership, review, agency):
    summary = summary_of(review, agency)
    response = lead.post(url("summary_return", partnership, summary.pk), RETURN)
    assert response["Location"] == url("rapid_review_detail", partnership, review.pk)
    summary.refresh_from_db()
    assert (summary.summary, summary.returned_by) == (RETURN["text"], personas[Role.AGENCY_LEAD])
    assert AuditEntry.objects.filter(action="reviews.agency_summary.return").count() == 1
    page = lead.get(url("rapid_review_detail", partnership, review.pk))
    assert RETURN["text"] in page.content.decode()


@time_machine.travel(NOW, tick=False)
def test_an_agency_lead_gets_404_on_another_agencys_unreturned_summary(
    lead, partnership, review, health
):
    summary = summary_of(review, health)
    assert lead.get(url("rapid_review_detail", partnership, review.pk)).status_code == 200
    assert lead.get(url("summary_return", partnership, summary.pk)).status_code == 404
    assert lead.post(url("summary_return", partnership, summary.pk), RETURN).status_code == 404
    summary.refresh_from_db()
    assert summary.returned_on is None


@time_machine.travel(NOW, tick=False)
def test_an_agency_lead_sees_the_review_but_not_what_another_agency_wrote(
    lead, partnership, review, agency, health
):
    services.summary_return(
        actor=None,
        summary=summary_of(review, health),
        text="Health visitor saw the baby twice in March.",
        returned_on=dt.date(2024, 4, 17),
    )
    page = lead.get(url("rapid_review_detail", partnership, review.pk))
    assert page.status_code == 200
    rows = table_rows(page, "summaries")
    assert not any(row.startswith("Testshire Health") for row in rows)
    html = page.content.decode()
    assert url("summary_return", partnership, summary_of(review, health).pk) not in html
    assert url("summary_return", partnership, summary_of(review, agency).pk) in html
    assert "Health visitor saw the baby twice in March." not in html


@time_machine.travel(NOW, tick=False)
def test_an_agency_lead_sees_only_the_rapid_reviews_that_ask_their_agency(
    lead, partnership, review, health
):
    other = make_rapid_review(partnership, "Child P")
    ask_summary(other, health)
    make_learning_review(partnership)
    make_practice_review(partnership, decided_on=dt.date(2024, 4, 1))
    page = lead.get(url("review_list", partnership))
    assert [row.split(" 8 Apr")[0] for row in table_rows(page, "rapid-reviews")] == ["Baby Q"]
    html = page.content.decode()
    assert 'id="notifications"' not in html
    assert 'id="practice-reviews"' not in html
    assert lead.get(url("rapid_review_detail", partnership, other.pk)).status_code == 404
    assert (
        lead.get(url("notification_detail", partnership, review.notification.pk)).status_code == 403
    )


@time_machine.travel(NOW, tick=False)
def test_the_agency_lead_is_told_of_their_summary_on_the_home_page(lead, partnership, review):
    html = lead.get(reverse("core:home", args=[partnership.slug])).content.decode()
    assert "Return the Testshire Police summary for Baby Q" in html
    assert "Testshire Health summary" not in html


def test_the_scrutineer_reads_everything_and_gets_403_on_every_write(
    personas, client_as, partnership, review, agency
):
    client = client_as(personas[Role.SCRUTINEER])
    practice = make_practice_review(partnership)
    assert client.get(url("rapid_review_detail", partnership, review.pk)).status_code == 200
    assert client.get(url("practice_review_detail", partnership, practice.pk)).status_code == 200
    for name, pk in [
        ("rapid_review_complete", review.pk),
        ("summary_return", summary_of(review, agency).pk),
        ("practice_review_publish", practice.pk),
        ("notification_edit", review.notification.pk),
    ]:
        assert client.post(url(name, partnership, pk), {}).status_code == 403, name
    assert client.post(url("notification_add", partnership), {}).status_code == 403


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.LADO, Role.CDOP])
def test_practitioners_the_lado_and_cdop_have_no_access(
    role, personas, client_as, partnership, review, agency
):
    client = client_as(personas[role])
    assert client.get(url("review_list", partnership)).status_code == 403
    assert client.get(url("rapid_review_detail", partnership, review.pk)).status_code == 403
    # The answer does not depend on whether the record exists.
    assert client.get(url("rapid_review_detail", partnership, 999999)).status_code == 403
    summary = summary_of(review, agency)
    assert client.post(url("summary_return", partnership, summary.pk), RETURN).status_code == 403
    html = client.get(reverse("core:home", args=[partnership.slug])).content.decode()
    assert url("review_list", partnership) not in html


def test_members_of_another_partnership_get_404(outsider, client_as, partnership, review, agency):
    client = client_as(outsider)
    assert client.get(url("review_list", partnership)).status_code == 404
    assert client.get(url("rapid_review_detail", partnership, review.pk)).status_code == 404
    summary = summary_of(review, agency)
    assert client.post(url("summary_return", partnership, summary.pk), RETURN).status_code == 404


def test_a_record_of_another_partnership_is_404_in_your_own(
    business_unit, partnership, other_partnership
):
    theirs = make_notification(other_partnership, "Child X")
    assert business_unit.get(url("notification_detail", partnership, theirs.pk)).status_code == 404
