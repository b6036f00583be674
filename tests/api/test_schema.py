"""The OpenAPI schema validates, and its documentation page is served from our own static files."""

from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse

from safeguarding.accounts.roles import Role

ENDPOINTS = [
    "/api/partnerships/:",
    "/api/partnerships/{slug}/:",
    "/api/agencies/:",
    "/api/agencies/{id}/:",
    "/api/agencies/{id}/retire/:",
    "/api/agencies/link/:",
    "/api/metrics/series/:",
    "/api/actions/{id}/progress/:",
    "/api/actions/{id}/evidence/:",
    "/api/findings/:",
    "/api/disseminations/:",
    "/api/notifications/{id}/start-review/:",
    "/api/rapid-reviews/{id}/request-summaries/:",
    "/api/agency-summaries/{id}/return/:",
    "/api/practice-reviews/{id}/publish/:",
    "/api/learning-reviews/{id}/complete/:",
]


def test_the_schema_validates_without_warnings(db, tmp_path):
    schema = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema))
    text = schema.read_text()
    for endpoint in ENDPOINTS:
        assert endpoint in text
    assert "delete:" not in text  # agencies are retired, never deleted


def test_a_signed_in_user_reads_the_schema(personas, client_as):
    response = client_as(personas[Role.PRACTITIONER]).get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    assert set(response.json()["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}


def test_the_docs_page_uses_local_static_files(personas, client_as):
    response = client_as(personas[Role.PRACTITIONER]).get(reverse("api-docs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert reverse("api-schema") in page
    for cdn in ("cdn.jsdelivr.net", "unpkg.com", "cdnjs"):
        assert cdn not in page
