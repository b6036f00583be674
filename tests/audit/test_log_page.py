"""The audit log page: administrators only, scoped to the partnership, filtered and paged."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.audit.services import audit_record
from safeguarding.core import services
from tests.allegations.factories import AllegationFactory
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory

LONDON = dt.timezone(dt.timedelta(hours=1))  # British Summer Time, for June dates


@pytest.fixture
def admin_client(personas, client_as):
    return client_as(personas[Role.ADMINISTRATOR])


@pytest.fixture
def url(partnership):
    return reverse("audit:log", args=[partnership.slug])


def _actions(response) -> set[str]:
    return {entry.action for entry in response.context["page"].object_list}


def test_an_administrator_sees_the_partnerships_entries_with_their_changes(
    personas, partnership, agency, admin_client, url
):
    services.agency_update(
        actor=personas[Role.BUSINESS_UNIT],
        partnership=partnership,
        agency=agency,
        data={"name": "Testshire Constabulary"},
    )
    response = admin_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    entry = AuditEntry.objects.get(action="core.agency.update")
    assert f'id="entry-{entry.seq}"' in page
    assert "name: Testshire Police → Testshire Constabulary" in page
    assert "business_unit@testshire.example" in page
    assert entry.request_id in page
    assert {"core.partnership.create", "core.agency.create", "core.agency.update"} <= _actions(
        response
    )


def test_other_partnerships_entries_are_not_shown(
    other_partnership, other_agency, admin_client, url
):
    assert AuditEntry.objects.filter(partnership=other_partnership).count() > 1
    response = admin_client.get(url)
    assert "Elsewhere" not in response.content.decode()
    shown = response.context["page"].object_list
    assert all(e.partnership_id != other_partnership.pk for e in shown)


def test_sign_ins_of_members_are_shown_and_of_others_are_not(
    personas, outsider, client, client_as, url
):
    member = personas[Role.PRACTITIONER]
    client.post("/accounts/login/", {"username": member.email, "password": "wrong-password"})
    client.post("/accounts/login/", {"username": outsider.email, "password": "wrong-password"})
    client.post("/accounts/login/", {"username": member.email.upper(), "password": "wrong-pass"})
    client.post("/accounts/login/", {"username": member.email, "password": PASSWORD})
    response = client_as(personas[Role.ADMINISTRATOR]).get(url, {"what": "accounts"})
    shown = [(e.action, e.actor_label) for e in response.context["page"].object_list]
    assert ("accounts.sign_in_failed", member.email) in shown
    assert ("accounts.sign_in_failed", member.email.upper()) in shown
    assert ("accounts.sign_in", member.email) in shown
    assert all(label != outsider.email for _, label in shown)


def test_who_narrows_to_people_whose_email_contains_the_text(
    personas, partnership, agency, admin_client, url
):
    audit_record(
        actor=personas[Role.BUSINESS_UNIT], action="test.thing.one", partnership=partnership
    )
    audit_record(actor=personas[Role.SCRUTINEER], action="test.thing.two", partnership=partnership)
    response = admin_client.get(url, {"who": "BUSINESS_unit@"})
    assert _actions(response) == {"test.thing.one"}


def test_what_narrows_by_action_prefix_without_matching_longer_names(
    personas, partnership, admin_client, url
):
    audit_record(actor=None, action="test.sign_in", partnership=partnership)
    audit_record(actor=None, action="test.sign_in_failed", partnership=partnership)
    response = admin_client.get(url, {"what": "test.sign_in"})
    assert _actions(response) == {"test.sign_in"}
    response = admin_client.get(url, {"what": "core.theme"})
    assert _actions(response) == {"core.theme.create"}
    options = response.context["form"].fields["what"].choices
    assert ("core", "core") in options
    assert ("core.agency.create", "core.agency.create") in options


def test_when_narrows_by_uk_dates_inclusive(partnership, admin_client, url):
    for moment, action in [
        (dt.datetime(2025, 6, 9, 23, 30, tzinfo=LONDON), "test.before"),
        (dt.datetime(2025, 6, 10, 0, 30, tzinfo=LONDON), "test.first_day"),
        (dt.datetime(2025, 6, 11, 23, 59, tzinfo=LONDON), "test.last_day"),
        (dt.datetime(2025, 6, 12, 0, 30, tzinfo=LONDON), "test.after"),
    ]:
        with time_machine.travel(moment, tick=False):
            audit_record(actor=None, action=action, partnership=partnership)
    response = admin_client.get(
        url,
        {
            "what": "test",
            **{"date_from_day": "10", "date_from_month": "6", "date_from_year": "2025"},
            **{"date_to_day": "11", "date_to_month": "6", "date_to_year": "2025"},
        },
    )
    assert _actions(response) == {"test.first_day", "test.last_day"}
    only_from = admin_client.get(
        url,
        {"what": "test", "date_from_day": "12", "date_from_month": "6", "date_from_year": "2025"},
    )
    assert _actions(only_from) == {"test.after"}


def test_record_narrows_by_type_and_id(personas, partnership, agency, admin_client, url):
    second = services.agency_create(
        actor=None,
        partnership=partnership,
        name="Testshire Council",
        sector="local_authority",
        designation="statutory_partner",
    )
    response = admin_client.get(url, {"target_type": "core.agency", "target_id": str(second.pk)})
    rows = response.context["page"].object_list
    assert {e.action for e in rows} == {"core.agency.create", "core.agency.link"}
    assert {e.target_label for e in rows} == {"Testshire Council"}
    assert 'value="core.agency"' in response.content.decode()
    every_agency = admin_client.get(url, {"target_type": "core.agency"})
    assert {e.target_id for e in every_agency.context["page"].object_list} == {
        str(agency.pk),
        str(second.pk),
    }


@pytest.mark.parametrize(
    ("query", "message", "anchor"),
    [
        (
            {
                "date_from_day": "12",
                "date_from_month": "6",
                "date_from_year": "2025",
                "date_to_day": "10",
                "date_to_month": "6",
                "date_to_year": "2025",
            },
            "The ‘to’ date must be the same as or after the ‘from’ date.",
            "#id_date_to_day",
        ),
        (
            {"date_from_day": "31", "date_from_month": "2", "date_from_year": "2025"},
            "From: The date must be a real date, like 27 3 2024.",
            "#id_date_from_day",
        ),
        (
            {"date_to_day": "3", "date_to_year": "2025"},
            "To: The date must include a month.",
            "#id_date_to_day",
        ),
        ({"what": "nonsense"}, "What: Select a valid choice.", "#id_what"),
    ],
)
def test_bad_filters_show_an_error_summary_naming_the_field(
    admin_client, url, query, message, anchor
):
    response = admin_client.get(url, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'<a href="{anchor}">{message}' in page
    assert "<title>Error: Audit log" in page
    assert response.context["page"] is None
    assert 'id="audit-entries"' not in page


def test_entries_are_paged_fifty_at_a_time_keeping_the_filters(partnership, admin_client, url):
    for n in range(55):
        audit_record(actor=None, action=f"test.bulk.n{n}", partnership=partnership)
    first = admin_client.get(url, {"what": "test.bulk"})
    assert len(first.context["page"].object_list) == 50
    assert "what=test.bulk&amp;page=2" in first.content.decode()
    second = admin_client.get(url, {"what": "test.bulk", "page": "2"})
    assert len(second.context["page"].object_list) == 5
    assert list(second.context["page"].object_list)[-1].action == "test.bulk.n0"


#: Session, user, TOTP device, partnership, roles, filter choices, count, switcher, page,
#: and the session save (savepoint, update, release).
QUERIES = 12


def test_the_query_count_does_not_grow_with_the_entries(
    personas, partnership, admin_client, url, django_assert_num_queries
):
    def add(count: int) -> None:
        for n in range(count):
            audit_record(
                actor=personas[Role.BUSINESS_UNIT],
                action=f"test.thing.n{n}",
                partnership=partnership,
                changes={"name": [None, f"Thing {n}"]},
            )

    add(10)
    with django_assert_num_queries(QUERIES):
        assert admin_client.get(url).status_code == 200
    add(50)
    with django_assert_num_queries(QUERIES):
        assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_other_roles_are_refused(personas, client_as, url, role):
    assert client_as(personas[role]).get(url).status_code == 403


def test_people_outside_the_partnership_get_not_found(outsider, client_as, url):
    assert client_as(outsider).get(url).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_only_administrators_have_the_audit_log_in_their_navigation(
    personas, partnership, client, client_as, url
):
    home = reverse("core:home", args=[partnership.slug])
    assert f'href="{url}"' in client_as(personas[Role.ADMINISTRATOR]).get(home).content.decode()
    client.logout()
    assert f'href="{url}"' not in client_as(personas[Role.BUSINESS_UNIT]).get(home).content.decode()


def test_viewing_the_log_writes_no_entry(admin_client, url):
    admin_client.get(url)
    before = AuditEntry.objects.count()
    admin_client.get(url)
    assert AuditEntry.objects.count() == before


def test_a_restricted_registers_details_are_shown_only_to_its_role(
    personas, partnership, admin_client, url
):
    """An administrator sees that the LADO changed an allegation, not what it said; an
    administrator who also holds the LADO role sees it all."""
    allegation = AllegationFactory(partnership=partnership)
    audit_record(
        actor=personas[Role.LADO],
        action="allegations.allegation.update",
        target=allegation,
        partnership=partnership,
        changes={"person_role": ["Teacher", "Sports coach"]},
    )
    page = admin_client.get(url).content.decode()
    assert "allegations.allegation.update" in page
    assert "Sports coach" not in page
    assert "Details withheld: a restricted register" in page

    MembershipFactory(user=personas[Role.ADMINISTRATOR], partnership=partnership, role=Role.LADO)
    page = admin_client.get(url).content.decode()
    assert "person_role: Teacher → Sports coach" in page
