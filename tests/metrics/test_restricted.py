"""Figures of a restricted register (the LADO's, the CDOP's): members holding its role read the
true values; every other member reads them only as published, on the dashboard, in its downloads
and in the API. And a partnership may set its own disclosure threshold."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.core.years import ReportingYear
from safeguarding.metrics import dashboard, registry, services
from safeguarding.metrics.dashboard import Panel, registered_panels
from safeguarding.metrics.registry import Metric, Unit
from tests.core.pages import field_errors
from tests.factories import MembershipFactory

LADO_REFERRALS = Metric(
    code="test.lado_referrals",
    label="Referrals to the LADO",
    unit=Unit.COUNT,
    breakdowns=("sector",),
    disclosive=True,
    restricted_to=frozenset({Role.LADO}),
)
PANEL = Panel(
    code="lado", metric="test.lado_referrals", title="Referrals to the LADO", breakdown="sector"
)
YEAR = "?year=2023-24"


@pytest.fixture(autouse=True)
def lado_panel(monkeypatch, partnership):
    monkeypatch.setattr(dashboard, "_panels", {})
    with registry.registered(LADO_REFERRALS), registered_panels(PANEL):
        for sector, value in (("Education", 3), ("Health", 12), ("Sport", 9)):
            services.entered_value_set(
                actor=None,
                partnership=partnership,
                metric="test.lado_referrals",
                period=ReportingYear(2023),
                value=Decimal(value),
                source="LADO annual report",
                breakdown="sector",
                breakdown_value=sector,
            )
        yield


def page_url(partnership):
    return reverse("metrics:dashboard", args=[partnership.slug]) + YEAR


def csv_rows(client, partnership, query=""):
    address = reverse("metrics:dashboard_csv", args=[partnership.slug, "lado"]) + YEAR + query
    response = client.get(address)
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def series_values(client, partnership, **params):
    query = {
        "partnership": partnership.slug,
        "metric": "test.lado_referrals",
        "years": "2023-24",
        "breakdown": "sector",
    }
    body = client.get(reverse("api:metric-series-list"), {**query, **params}).json()
    return body["published"], {row["label"]: row["cells"][0]["value"] for row in body["rows"]}


def test_the_lado_reads_the_true_figures_on_the_dashboard(client_as, personas, partnership):
    page = client_as(personas[Role.LADO]).get(page_url(partnership)).content.decode()
    assert "panel-lado-restricted" not in page
    assert csv_rows(client_as(personas[Role.LADO]), partnership)[1] == [
        "Education",
        "",
        "",
        "",
        "",
        "3",
    ]


def test_a_member_without_the_role_reads_them_only_as_published(client_as, personas, partnership):
    business_unit = client_as(personas[Role.BUSINESS_UNIT])
    page = business_unit.get(page_url(partnership)).content.decode()
    assert "shown as published, with small counts hidden" in page
    rows = csv_rows(business_unit, partnership)  # not asked to publish: published all the same
    assert rows[1] == ["Education", "", "", "", "", "c"]
    assert rows[2][-1] == "12"
    assert AuditEntry.objects.filter(action="metrics.dashboard.lado.published.export").exists()


def test_a_manager_granted_the_lado_role_reads_the_true_figures(client_as, personas, partnership):
    manager = personas[Role.BUSINESS_UNIT]
    MembershipFactory(user=manager, partnership=partnership, role=Role.LADO)
    assert csv_rows(client_as(manager), partnership)[1][-1] == "3"


def test_the_api_publishes_a_restricted_figure_to_members_without_the_role(
    token_client, personas, partnership
):
    published, values = series_values(token_client(personas[Role.EXECUTIVE]), partnership)
    assert published is True
    assert values["Education"] == "c"
    published, values = series_values(token_client(personas[Role.LADO]), partnership)
    assert published is False
    assert values["Education"] == 3


# The partnership's own threshold


def disclosure_url(partnership):
    return reverse("core:disclosure", args=[partnership.slug])


def test_a_partnership_threshold_changes_what_published_outputs_hide(
    client_as, personas, partnership
):
    core_services.partnership_disclosure_set(
        actor=None, partnership=partnership, disclosure_threshold=2
    )
    rows = csv_rows(client_as(personas[Role.BUSINESS_UNIT]), partnership)
    assert rows[1][-1] == "3"


def test_the_business_unit_sets_the_threshold_and_it_is_audited(client_as, personas, partnership):
    response = client_as(personas[Role.BUSINESS_UNIT]).post(
        disclosure_url(partnership), {"disclosure_threshold": "4"}
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.disclosure_threshold == 4
    entry = AuditEntry.objects.get(action="core.partnership.disclosure")
    assert entry.changes == {"disclosure_threshold": [None, 4]}
    page = client_as(personas[Role.PRACTITIONER]).get(disclosure_url(partnership))
    assert "hides counts from 1 to 4" in page.content.decode()


@pytest.mark.parametrize("value", ["0", "21", "five"])
def test_a_bad_threshold_is_a_field_error_and_nothing_changes(
    client_as, personas, partnership, value
):
    response = client_as(personas[Role.BUSINESS_UNIT]).post(
        disclosure_url(partnership), {"disclosure_threshold": value}
    )
    assert response.status_code == 200
    assert field_errors(response, "id_disclosure_threshold")
    partnership.refresh_from_db()
    assert partnership.disclosure_threshold is None


def test_only_managers_change_the_threshold(client_as, personas, partnership):
    executive = client_as(personas[Role.EXECUTIVE])
    assert executive.get(disclosure_url(partnership)).status_code == 200
    assert (
        executive.post(disclosure_url(partnership), {"disclosure_threshold": "2"}).status_code
        == 403
    )
    partnership.refresh_from_db()
    assert partnership.disclosure_threshold is None
