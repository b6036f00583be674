"""Administrators' people pages: list, add a person (and invite them), add and end roles."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from safeguarding.accounts.models import Membership, User
from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from tests.accounts.helpers import error_summary, link_in_last_email, sign_in_with_password
from tests.factories import MembershipFactory, UserFactory

TODAY = dt.date(2025, 6, 2)
NEW_PASSWORD = "a-long-and-unusual-passphrase"
#: Session, user, OTP device, partnership, scope, switcher, count, page, roles; session save (3).
QUERIES = 12


@pytest.fixture
def admin(personas):
    return personas[Role.ADMINISTRATOR]


@pytest.fixture
def as_admin(client_as, admin):
    return client_as(admin)


def _url(name, partnership, *args):
    return reverse(f"accounts:{name}", args=[partnership.slug, *args])


def _person_data(**overrides):
    data = {
        "email": "Sam.Jones@Testshire.example",
        "full_name": "Sam Jones",
        "job_title": "Designated nurse",
        "role": Role.BUSINESS_UNIT.value,
        "agency": "",
    }
    return {**data, **overrides}


def _counts():
    return User.objects.count(), Membership.objects.count(), AuditEntry.objects.count()


# The list


def test_the_list_shows_each_member_with_roles_and_agency(as_admin, personas, partnership):
    response = as_admin.get(_url("member_list", partnership))
    page = response.content.decode()
    assert response.status_code == 200
    assert "8 people" in page
    assert "Practitioner (Testshire Police)" in page
    for user in personas.values():
        assert user.email in page


def test_the_list_leaves_out_ended_roles_and_other_partnerships(
    as_admin, personas, partnership, outsider
):
    Membership.objects.filter(user=personas[Role.SCRUTINEER]).update(ended_on=dt.date(2020, 1, 1))
    page = as_admin.get(_url("member_list", partnership)).content.decode()
    assert "7 people" in page
    assert personas[Role.SCRUTINEER].email not in page
    assert outsider.email not in page


def test_search_finds_people_by_name_or_email(as_admin, personas, partnership):
    page = as_admin.get(_url("member_list", partnership), {"q": "scrutineer"}).content.decode()
    assert "1 person" in page
    assert personas[Role.SCRUTINEER].email in page
    page = as_admin.get(_url("member_list", partnership), {"q": "CDOP coord"}).content.decode()
    assert "1 person" in page
    assert personas[Role.CDOP].email in page


def _add_members(partnership, agency, numbers):
    """Members holding two roles each, so a per-row or per-role query would show."""
    for n in numbers:
        user = UserFactory(email=f"member{n}@many.example")
        MembershipFactory(user=user, partnership=partnership, role=Role.PRACTITIONER, agency=agency)
        MembershipFactory(user=user, partnership=partnership, role=Role.AGENCY_LEAD, agency=agency)


def test_the_list_query_count_does_not_grow_with_members(
    as_admin, personas, partnership, agency, django_assert_num_queries
):
    url = _url("member_list", partnership)
    _add_members(partnership, agency, range(5))
    with django_assert_num_queries(QUERIES):
        assert "13 people" in as_admin.get(url).content.decode()
    _add_members(partnership, agency, range(5, 40))
    with django_assert_num_queries(QUERIES):
        assert "48 people" in as_admin.get(url).content.decode()


def test_the_list_shows_fifty_people_a_page(as_admin, personas, partnership, agency):
    _add_members(partnership, agency, range(50))
    first = as_admin.get(_url("member_list", partnership)).content.decode()
    second = as_admin.get(_url("member_list", partnership), {"page": 2}).content.decode()
    assert "58 people" in first
    assert first.count('class="govuk-table__row"') - 1 == 50
    assert second.count('class="govuk-table__row"') - 1 == 8
    assert "2 of 2" in second


# Adding a person


def test_adding_a_new_person_invites_them_and_they_set_a_password_to_sign_in(
    client, as_admin, admin, partnership, agency
):
    response = as_admin.post(
        _url("member_add", partnership),
        _person_data(role=Role.PRACTITIONER.value, agency=agency.pk),
    )
    person = User.objects.get(email="sam.jones@testshire.example")
    assert response["Location"] == _url("member_detail", partnership, person.pk)
    assert person.full_name == "Sam Jones"
    assert person.job_title == "Designated nurse"
    assert not person.has_usable_password()
    membership = Membership.objects.get(user=person)
    assert membership.agency == agency
    assert AuditEntry.objects.get(action="accounts.user.create", actor=admin, target_id=person.pk)
    assert AuditEntry.objects.get(
        action="accounts.membership.create", actor=admin, target_id=membership.pk
    )
    [email] = mail.outbox
    assert email.to == ["sam.jones@testshire.example"]
    assert partnership.name in email.subject
    assert partnership.name in email.body

    # They cannot sign in yet; the link in the email lets them choose a password.
    as_admin.post(reverse("accounts:logout"))
    assert sign_in_with_password(client, person.email, NEW_PASSWORD).status_code == 200
    form = client.get(link_in_last_email(), follow=True)
    assert "Choose your password" in form.content.decode()
    client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    response = sign_in_with_password(client, person.email, NEW_PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("core:home", args=[partnership.slug])).status_code == 200


def test_the_new_person_shows_on_their_page_as_invited(as_admin, partnership):
    response = as_admin.post(_url("member_add", partnership), _person_data(), follow=True)
    page = response.content.decode()
    assert "Sam Jones was added as Business unit and sent an invitation email." in page
    assert "Invited: has not set a password yet" in page
    assert "Send the invitation again" in page


def test_adding_someone_who_has_an_account_just_adds_the_role(
    as_admin, outsider, partnership, other_partnership
):
    before = User.objects.count()
    response = as_admin.post(
        _url("member_add", partnership),
        _person_data(email="OUTSIDER@elsewhere.example", full_name="Ignored", role="scrutineer"),
    )
    assert response["Location"] == _url("member_detail", partnership, outsider.pk)
    assert User.objects.count() == before
    outsider.refresh_from_db()
    assert outsider.full_name == "Out Sider"
    assert set(outsider.memberships.values_list("partnership__slug", "role")) == {
        (other_partnership.slug, "business_unit"),
        (partnership.slug, "scrutineer"),
    }
    assert mail.outbox == []


def test_adding_a_role_the_person_already_has_is_refused_on_the_role(
    as_admin, personas, partnership
):
    before = _counts()
    response = as_admin.post(
        _url("member_add", partnership),
        _person_data(email=personas[Role.EXECUTIVE].email, role=Role.EXECUTIVE.value),
    )
    assert response.status_code == 200
    [message] = error_summary(response)
    assert "role" in message.lower()
    assert "already has this role" in message
    assert _counts() == before


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"email": ""}, ["Enter email address"]),
        ({"email": "not-an-email"}, ["Enter a valid email address."]),
        ({"role": ""}, ["Select role"]),
        (
            {"role": "king"},
            ["Role: Select a valid choice. king is not one of the available choices."],
        ),
        ({"full_name": ""}, ["Enter full name"]),
        (
            {"role": Role.AGENCY_LEAD.value},
            ["Choose the agency this person works for."],
        ),
        (
            {"email": "", "full_name": "", "role": ""},
            [
                "Enter email address",
                "Enter full name",
                "Select role",
            ],
        ),
    ],
)
def test_bad_input_names_each_field_and_saves_nothing(
    as_admin, personas, partnership, overrides, expected
):
    before = _counts()
    response = as_admin.post(_url("member_add", partnership), _person_data(**overrides))
    assert response.status_code == 200
    assert error_summary(response) == expected
    assert "Error: Add a person" in response.content.decode()
    assert _counts() == before
    assert mail.outbox == []


def test_an_agency_that_does_not_serve_the_partnership_is_refused(
    as_admin, personas, partnership, other_agency
):
    before = _counts()
    response = as_admin.post(
        _url("member_add", partnership),
        _person_data(role=Role.PRACTITIONER.value, agency=other_agency.pk),
    )
    assert error_summary(response) == ["Choose an agency that serves this partnership."]
    assert _counts() == before


def test_the_agency_list_offers_only_agencies_serving_the_partnership(
    as_admin, partnership, agency, other_agency
):
    page = as_admin.get(_url("member_add", partnership)).content.decode()
    assert agency.name in page
    assert other_agency.name not in page


# One person's roles


def test_the_person_page_lists_their_roles_here(as_admin, personas, partnership):
    person = personas[Role.AGENCY_LEAD]
    page = as_admin.get(_url("member_detail", partnership, person.pk)).content.decode()
    assert "Agency safeguarding lead" in page
    assert "Testshire Police" in page
    assert "End this role" in page
    assert "Password set" in page


def test_an_administrator_adds_a_role_to_an_existing_person(as_admin, admin, personas, partnership):
    person = personas[Role.SCRUTINEER]
    response = as_admin.post(
        _url("member_role_add", partnership, person.pk), {"role": Role.EXECUTIVE.value}
    )
    assert response["Location"] == _url("member_detail", partnership, person.pk)
    membership = Membership.objects.get(user=person, role=Role.EXECUTIVE)
    assert AuditEntry.objects.get(
        action="accounts.membership.create", actor=admin, target_id=membership.pk
    )


def test_adding_a_role_with_bad_input_names_the_fields(as_admin, personas, partnership):
    person = personas[Role.SCRUTINEER]
    url = _url("member_role_add", partnership, person.pk)
    before = _counts()
    assert error_summary(as_admin.post(url, {})) == ["Select role"]
    assert error_summary(as_admin.post(url, {"role": Role.PRACTITIONER.value})) == [
        "Choose the agency this person works for."
    ]
    [message] = error_summary(as_admin.post(url, {"role": Role.SCRUTINEER.value}))
    assert "role" in message.lower()
    assert _counts() == before


@time_machine.travel(dt.datetime(2025, 6, 2, 10, tzinfo=dt.UTC), tick=False)
def test_an_administrator_ends_a_role(as_admin, admin, personas, partnership):
    person = personas[Role.EXECUTIVE]
    Membership.objects.filter(user=person).update(started_on=dt.date(2024, 4, 1))
    membership = Membership.objects.get(user=person)
    url = _url("member_role_end", partnership, person.pk, membership.pk)
    form = as_admin.get(url).content.decode()
    for part, value in (("day", "2"), ("month", "6"), ("year", "2025")):  # today, to start with
        assert f'name="ended_on_{part}" type="text" inputmode="numeric" value="{value}"' in form
    response = as_admin.post(
        url, {"ended_on_day": "2", "ended_on_month": "6", "ended_on_year": "2025"}
    )
    assert response["Location"] == _url("member_detail", partnership, person.pk)
    membership.refresh_from_db()
    assert membership.ended_on == TODAY
    assert AuditEntry.objects.get(action="accounts.membership.end", target_id=membership.pk)
    assert person.email not in as_admin.get(_url("member_list", partnership)).content.decode()
    page = as_admin.get(_url("member_detail", partnership, person.pk)).content.decode()
    assert "Ended 2 Jun 2025" in page
    # Their partnership is now closed to them.
    as_admin.post(reverse("accounts:logout"))
    sign_in_with_password(as_admin, person.email)
    assert as_admin.get(reverse("core:home", args=[partnership.slug])).status_code == 404


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, ["Enter date the role ends"]),
        (
            {"ended_on_day": "31", "ended_on_month": "2", "ended_on_year": "2025"},
            ["Date the role ends: The date must be a real date, like 27 3 2024."],
        ),
        (
            {"ended_on_day": "1", "ended_on_month": "1", "ended_on_year": "1999"},
            ["Date the role ends: The end date must be on or after the start."],
        ),
    ],
)
def test_ending_a_role_with_a_bad_date_names_the_field(
    as_admin, personas, partnership, data, expected
):
    membership = Membership.objects.get(user=personas[Role.EXECUTIVE])
    url = _url("member_role_end", partnership, membership.user_id, membership.pk)
    before = _counts()
    assert error_summary(as_admin.post(url, data)) == expected
    assert _counts() == before
    membership.refresh_from_db()
    assert membership.ended_on is None


def test_the_last_administrator_cannot_end_their_role(as_admin, admin, partnership):
    membership = Membership.objects.get(user=admin)
    url = _url("member_role_end", partnership, admin.pk, membership.pk)
    response = as_admin.post(
        url, {"ended_on_day": "1", "ended_on_month": "1", "ended_on_year": "2099"}
    )
    assert error_summary(response) == [
        "Date the role ends: This is the partnership's last administrator: add another one first."
    ]
    membership.refresh_from_db()
    assert membership.ended_on is None


def test_an_ended_role_can_be_given_again(as_admin, personas, partnership):
    person = personas[Role.EXECUTIVE]
    Membership.objects.filter(user=person).update(ended_on=dt.date(2024, 1, 1))
    as_admin.post(_url("member_role_add", partnership, person.pk), {"role": Role.EXECUTIVE.value})
    membership = Membership.objects.get(user=person)
    assert membership.ended_on is None
    assert person.email in as_admin.get(_url("member_list", partnership)).content.decode()


def test_the_invitation_can_be_sent_again_until_a_password_is_set(
    as_admin, admin, personas, partnership
):
    as_admin.post(_url("member_add", partnership), _person_data())
    person = User.objects.get(email="sam.jones@testshire.example")
    as_admin.post(_url("member_reinvite", partnership, person.pk))
    assert len(mail.outbox) == 2
    assert AuditEntry.objects.filter(action="accounts.user.reinvite", target_id=person.pk)
    response = as_admin.post(
        _url("member_reinvite", partnership, personas[Role.CDOP].pk), follow=True
    )
    assert "has already set a password" in response.content.decode()
    assert len(mail.outbox) == 2


# Who may use these pages


def _people_pages(partnership, personas):
    person = personas[Role.EXECUTIVE]
    membership = Membership.objects.get(user=person)
    return [
        ("get", _url("member_list", partnership)),
        ("get", _url("member_add", partnership)),
        ("post", _url("member_add", partnership)),
        ("get", _url("member_detail", partnership, person.pk)),
        ("get", _url("member_role_add", partnership, person.pk)),
        ("post", _url("member_role_add", partnership, person.pk)),
        ("get", _url("member_role_end", partnership, person.pk, membership.pk)),
        ("post", _url("member_role_end", partnership, person.pk, membership.pk)),
        ("post", _url("member_reinvite", partnership, person.pk)),
    ]


@pytest.mark.parametrize("role", [role for role in Role if role != Role.ADMINISTRATOR])
def test_members_without_the_administrator_role_get_403(client_as, personas, partnership, role):
    client = client_as(personas[role])
    before = _counts()
    for method, url in _people_pages(partnership, personas):
        assert getattr(client, method)(url, _person_data()).status_code == 403, (method, url)
    assert _counts()[:2] == before[:2]


def test_people_outside_the_partnership_get_404(client_as, personas, partnership, outsider):
    client = client_as(outsider)
    for method, url in _people_pages(partnership, personas):
        assert getattr(client, method)(url).status_code == 404, (method, url)


def test_signed_out_visitors_are_sent_to_sign_in(client, personas, partnership):
    for method, url in _people_pages(partnership, personas):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_an_administrator_cannot_reach_people_of_another_partnership(
    as_admin, personas, partnership, outsider
):
    assert as_admin.get(_url("member_detail", partnership, outsider.pk)).status_code == 404
    membership = Membership.objects.get(user=outsider)
    url = _url("member_role_end", partnership, outsider.pk, membership.pk)
    assert as_admin.post(url, {"ended_on_day": "1"}).status_code == 404
    # Nor end one person's role through another person's address.
    other = Membership.objects.get(user=personas[Role.EXECUTIVE])
    url = _url("member_role_end", partnership, personas[Role.LADO].pk, other.pk)
    assert as_admin.get(url).status_code == 404


def test_only_administrators_see_people_in_the_navigation(client_as, personas, partnership):
    home = reverse("core:home", args=[partnership.slug])
    people = f'href="{_url("member_list", partnership)}"'
    assert people in client_as(personas[Role.ADMINISTRATOR]).get(home).content.decode()
    assert people not in client_as(personas[Role.BUSINESS_UNIT]).get(home).content.decode()


def test_sending_the_invitation_again_takes_a_post(as_admin, personas, partnership):
    url = _url("member_reinvite", partnership, personas[Role.EXECUTIVE].pk)
    assert as_admin.get(url).status_code == 405
    assert mail.outbox == []
