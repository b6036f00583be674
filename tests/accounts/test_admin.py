"""The Django admin: a read-only data browser for administrators who passed two-factor."""

from __future__ import annotations

from django.urls import reverse

from safeguarding.accounts.models import Membership
from safeguarding.accounts.roles import Role
from tests.accounts.helpers import sign_in_with_password


def test_a_verified_administrator_sees_the_admin_index(client_as, personas):
    response = client_as(personas[Role.ADMINISTRATOR]).get("/admin/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Records (read only" in page
    assert "/add/" not in page


def test_an_administrator_who_has_not_passed_two_factor_is_sent_there(client, personas):
    sign_in_with_password(client, personas[Role.ADMINISTRATOR].email)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))


def test_other_roles_are_sent_to_the_admin_sign_in(client_as, personas):
    for role in (Role.BUSINESS_UNIT, Role.EXECUTIVE, Role.PRACTITIONER):
        response = client_as(personas[role]).get("/admin/")
        assert response.status_code == 302, role
        assert response["Location"].startswith("/admin/login/")
        page = client_as(personas[role]).get("/admin/accounts/user/")
        assert page.status_code == 302


def test_admin_pages_offer_no_add_change_or_delete(client_as, personas):
    client = client_as(personas[Role.ADMINISTRATOR])
    person = personas[Role.PRACTITIONER]
    membership = Membership.objects.get(user=person)
    changelist = client.get("/admin/accounts/user/")
    assert changelist.status_code == 200
    assert person.email in changelist.content.decode()
    assert "/admin/accounts/user/add/" not in changelist.content.decode()
    assert client.get("/admin/accounts/user/add/").status_code == 403
    view = client.get(f"/admin/accounts/user/{person.pk}/change/")
    assert view.status_code == 200
    assert 'name="_save"' not in view.content.decode()
    assert client.post(f"/admin/accounts/user/{person.pk}/change/", {}).status_code == 403
    assert client.get(f"/admin/accounts/user/{person.pk}/delete/").status_code == 403
    assert client.get(f"/admin/accounts/membership/{membership.pk}/delete/").status_code == 403
    assert client.post(
        "/admin/accounts/membership/",
        {"action": "delete_selected", "_selected_action": [membership.pk], "post": "yes"},
    ).status_code in {200, 302}
    assert Membership.objects.filter(pk=membership.pk).exists()
