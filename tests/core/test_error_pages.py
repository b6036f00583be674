"""403, 404 and 500 answer in the Hub's own GOV.UK layout."""

import pytest
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.core import errors


def test_a_page_outside_your_scope_is_the_styled_404(outsider, partnership, client_as):
    response = client_as(outsider).get(reverse("core:agency_list", args=[partnership.slug]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "govuk-header" in page
    assert "/static/build/hub.css" in page


def test_a_change_you_may_not_make_is_the_styled_403(personas, partnership, client_as):
    response = client_as(personas[Role.EXECUTIVE]).get(
        reverse("core:agency_add", args=[partnership.slug])
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot do this" in page
    assert "lets you read this, but not change it" in page


def test_the_500_page_renders_without_the_database(rf):
    # No `db` fixture: pytest-django refuses any query, so this proves the page needs none.
    response = errors.server_error(rf.get("/somerset/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert "/static/build/hub.css" in page


@pytest.mark.urls("tests.core.broken_urls")
def test_an_unexpected_error_answers_with_the_500_page(db):
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
