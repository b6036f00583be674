"""Who gets in: anonymous requests are refused, tokens and sessions work, 2FA roles need it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.urls.converters import IntConverter

from safeguarding.accounts.roles import Role
from safeguarding.api.urls import router
from safeguarding.core.models import Agency
from tests.api.helpers import post_json

NEW_AGENCY = {
    "partnership": "testshire",
    "name": "Testshire Youth Trust",
    "sector": "vcfse",
    "designation": "relevant_agency",
}


def every_endpoint() -> list[tuple[str, str]]:
    """Each (method, URL) the router serves, so every app's endpoints join this sweep."""
    endpoints = [("get", reverse("api-schema"))]
    for pattern in router.urls:
        kwargs = {
            name: 1 if isinstance(converter, IntConverter) else "testshire"
            for name, converter in pattern.pattern.converters.items()
        }
        url = reverse(f"api:{pattern.name}", kwargs=kwargs)
        methods = getattr(pattern.callback, "actions", {"get": "root"})
        endpoints += [(method, url) for method in methods if method != "head"]
    return endpoints


def test_the_sweep_covers_the_endpoints():
    covered = set(every_endpoint())
    assert {("get", "/api/agencies/1/"), ("patch", "/api/agencies/1/")} <= covered
    assert {("post", "/api/agencies/1/retire/"), ("get", "/api/partnerships/testshire/")} <= covered


REVIEW_ENDPOINTS = {
    ("get", "/api/notifications/"),
    ("post", "/api/notifications/"),
    ("patch", "/api/notifications/1/"),
    ("post", "/api/notifications/1/start-review/"),
    ("get", "/api/rapid-reviews/"),
    ("patch", "/api/rapid-reviews/1/"),
    ("post", "/api/rapid-reviews/1/meeting/"),
    ("post", "/api/rapid-reviews/1/complete/"),
    ("post", "/api/rapid-reviews/1/sent/"),
    ("post", "/api/rapid-reviews/1/response/"),
    ("post", "/api/rapid-reviews/1/request-summaries/"),
    ("get", "/api/agency-summaries/1/"),
    ("post", "/api/agency-summaries/1/return/"),
    ("post", "/api/practice-reviews/"),
    ("patch", "/api/practice-reviews/1/"),
    ("post", "/api/practice-reviews/1/sent/"),
    ("post", "/api/practice-reviews/1/publish/"),
    ("post", "/api/learning-reviews/"),
    ("patch", "/api/learning-reviews/1/"),
    ("post", "/api/learning-reviews/1/complete/"),
}


def test_the_sweep_covers_the_reviews_endpoints():
    assert set(every_endpoint()) >= REVIEW_ENDPOINTS
    assert ("delete", "/api/rapid-reviews/1/") not in set(every_endpoint())


def test_anonymous_requests_get_401_on_every_endpoint(client, agency):
    for method, url in every_endpoint():
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code == 401, (method, url)
        assert response.headers["WWW-Authenticate"] == "Token", url
        assert "credentials were not provided" in response.content.decode(), url


def test_anonymous_visitors_to_the_docs_page_are_sent_to_sign_in(client, db):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("accounts:login"))


def test_a_token_signs_in(personas, token_client, agency):
    response = token_client(personas[Role.PRACTITIONER]).get("/api/agencies/")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Testshire Police"]


def test_a_wrong_or_revoked_token_is_refused(personas, token_client, agency):
    user = personas[Role.BUSINESS_UNIT]
    old = token_client(user)
    token_client(user)  # a new token revokes the old one
    assert old.get("/api/agencies/").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Token not-a-token").get("/api/agencies/").status_code == 401


def test_token_writes_need_no_csrf_token(personas, token_client, partnership):
    client = token_client(personas[Role.BUSINESS_UNIT])
    client.handler.enforce_csrf_checks = True
    assert post_json(client, "/api/agencies/", NEW_AGENCY).status_code == 201


def test_session_writes_need_the_csrf_token(personas, partnership):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas[Role.BUSINESS_UNIT])
    refused = post_json(client, "/api/agencies/", NEW_AGENCY)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not Agency.objects.filter(name=NEW_AGENCY["name"]).exists()
    client.get(reverse("api-docs"))  # any page with a form sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        "/api/agencies/", NEW_AGENCY, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 201


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.LADO, Role.CDOP])
def test_two_factor_roles_are_refused_by_session_until_they_pass_it(
    role, personas, client, client_as, agency
):
    client.force_login(personas[role])  # signed in, second factor not passed
    refused = client.get("/api/agencies/")
    assert refused.status_code == 403
    assert "Two-factor" in refused.json()["detail"]
    response = client_as(personas[role]).get("/api/agencies/")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_the_api_speaks_json_only(personas, client_as, partnership):
    client = client_as(personas[Role.BUSINESS_UNIT])
    response = client.post("/api/agencies/", NEW_AGENCY)  # a form post, not JSON
    assert response.status_code == 415
    assert not Agency.objects.filter(name=NEW_AGENCY["name"]).exists()


def test_an_address_under_api_that_names_nothing_is_a_json_404(personas, client_as, agency):
    client = client_as(personas[Role.BUSINESS_UNIT])
    assert client.get("/api/agencies/not-a-number/").json() == {"detail": "Not found."}
    missing_slash = client.get("/api/agencies")
    assert missing_slash.status_code == 404
    assert "end with a slash" in missing_slash.json()["detail"]


def test_options_is_not_offered(personas, client_as, agency):
    client = client_as(personas[Role.BUSINESS_UNIT])
    assert client.options("/api/agencies/").status_code == 405
    assert client.options(f"/api/agencies/{agency.pk}/").status_code == 405


LEARNING_ENDPOINTS = {
    ("get", "/api/actions/"),
    ("post", "/api/actions/"),
    ("get", "/api/actions/1/"),
    ("patch", "/api/actions/1/"),
    ("post", "/api/actions/1/progress/"),
    ("post", "/api/actions/1/evidence/"),
    ("get", "/api/findings/"),
    ("post", "/api/findings/"),
    ("get", "/api/disseminations/"),
    ("post", "/api/disseminations/"),
}


def test_the_sweep_covers_the_learning_endpoints():
    endpoints = set(every_endpoint())
    assert endpoints >= LEARNING_ENDPOINTS
    assert ("delete", "/api/actions/1/") not in endpoints  # actions are never deleted
    assert ("put", "/api/actions/1/") not in endpoints
