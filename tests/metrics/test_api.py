from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.core.years import ReportingYear
from safeguarding.metrics import services


def endpoint() -> str:
    return reverse("api:metric-series-list")


def enter(partnership, start, value, key="", metric="test.referrals"):
    services.entered_value_set(
        actor=None,
        partnership=partnership,
        metric=metric,
        period=ReportingYear(start),
        value=Decimal(value),
        source=f"Report {start}",
        breakdown="agency" if key else "",
        breakdown_value=key,
    )


@pytest.fixture
def reader(token_client, personas, test_metrics):
    return token_client(personas[Role.PRACTITIONER])


@pytest.fixture
def referrals(partnership, test_metrics):
    enter(partnership, 2022, 3, key="Police")
    enter(partnership, 2022, 8, key="Health")
    enter(partnership, 2022, 10, key="Schools")
    enter(partnership, 2022, 21)
    enter(partnership, 2023, 12, key="Police")
    enter(partnership, 2023, 12)


def get(client, **params):
    query = {"partnership": "testshire", "metric": "test.referrals", "years": "2022-23,2023-24"}
    return client.get(endpoint(), {**query, **params})


def test_the_series_has_a_row_per_breakdown_value_and_the_total(reader, referrals):
    body = get(reader, breakdown="agency").json()
    assert body["years"] == ["2022-23", "2023-24"]
    assert [row["label"] for row in body["rows"]] == ["Health", "Police", "Schools", "Total"]
    police = body["rows"][1]["cells"]
    assert police[0] == {
        "year": "2022-23",
        "value": 3,
        "origin": "entered",
        "source": "Report 2022",
    }


def test_published_figures_pass_through_disclosure_control(reader, referrals):
    body = get(reader, breakdown="agency", published="true").json()
    values = {row["label"]: [cell["value"] for cell in row["cells"]] for row in body["rows"]}
    assert values == {
        "Health": ["c", None],
        "Police": ["c", 12],
        "Schools": [10, None],
        "Total": [21, 12],
    }


def test_published_counts_that_are_not_disclosive_are_shown(reader, partnership):
    enter(partnership, 2023, 3, metric="governance.meetings")
    body = get(reader, metric="governance.meetings", years="2023-24", published="true").json()
    assert body["rows"][0]["cells"][0]["value"] == 3


def test_money_is_sent_as_a_decimal_string(reader, partnership):
    enter(partnership, 2023, "47300.50", metric="test.budget")
    body = get(reader, metric="test.budget", years="2023-24").json()
    assert body["rows"][0]["cells"][0]["value"] == "47300.5"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"metric": "test.nothing"}, "metric"),
        ({"years": "2019/20"}, "years"),
        ({"breakdown": "sector"}, "breakdown"),
        ({"partnership": ""}, "partnership"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(reader, referrals, params, field):
    response = get(reader, **params)
    assert response.status_code == 400
    assert field in response.json()


def test_another_partnership_is_not_found(token_client, outsider, referrals):
    assert get(token_client(outsider)).status_code == 404


def test_anonymous_requests_are_refused(client, referrals):
    assert get(client).status_code == 401


def test_the_series_costs_a_fixed_number_of_queries(reader, referrals, django_assert_num_queries):
    with django_assert_num_queries(4):  # token, partnership, roles, entered values
        get(reader, breakdown="agency", published="true")


def test_the_endpoint_is_in_a_schema_without_warnings(db, tmp_path):
    schema = tmp_path / "schema.yaml"
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(schema),
    )
    text = schema.read_text()
    assert "/api/metrics/series/:" in text
    assert "published" in text
