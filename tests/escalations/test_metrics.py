"""The professional differences metrics read through the registry (`metrics.selectors.series`):
entered values fill the years before the Hub, counts are disclosive, and the dashboard shows the
escalations panels with a pinned number of queries."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.core.years import ReportingYear
from safeguarding.metrics import dashboard, registry
from safeguarding.metrics import services as metric_services
from safeguarding.metrics.presenting import as_published, series_as_json
from safeguarding.metrics.selectors import Origin, series
from tests.escalations.factories import EscalationFactory, SurveyResponseFactory, serving_agency

YEAR = ReportingYear(2023)
YEARS = [ReportingYear(start) for start in range(2019, 2024)]
NOW = dt.datetime(2024, 9, 30, 12, tzinfo=dt.UTC)
ENTERED = {2019: 23, 2020: 13, 2021: 6, 2022: 7}
#: The step 3 panel's row: the entered years marked.
ENTERED_ROW = (
    r"Number of RPDs 23 \* \(entered\) 13 \* \(entered\) 6 \* \(entered\) 7 \* \(entered\)"
)
PANELS = (
    "escalations-step-3",
    "escalations-by-step",
    "escalations-by-sector",
    "escalations-by-theme",
    "escalation-steps-on-time",
)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def entered(partnership):
    for start, value in ENTERED.items():
        metric_services.entered_value_set(
            actor=None,
            partnership=partnership,
            metric="escalations.step_3",
            period=ReportingYear(start),
            value=Decimal(value),
            source="Yearly report, Resolving Professional Differences table",
        )


@pytest.fixture
def differences(partnership, health, charity, council):
    """2023-24: eight raised by health reaching step 3, three by the charity (one reaching
    step 4), two by the council resolved at step 1."""
    for _ in range(8):
        EscalationFactory(partnership=partnership, raising_agency=health, steps=3)
    for steps in (4, 2, 1):
        EscalationFactory(partnership=partnership, raising_agency=charity, steps=steps)
    for _ in range(2):
        EscalationFactory(partnership=partnership, raising_agency=council, closed=True)


def test_the_four_metrics_are_registered():
    codes = {
        "escalations.raised": ("step", "agency", "sector", "theme", "issue_type"),
        "escalations.step_3": ("agency", "sector", "theme"),
        "escalations.steps_on_time": ("step",),
        "escalations.survey_positive": (),
    }
    for code, breakdowns in codes.items():
        assert registry.get(code).breakdowns == breakdowns
    assert registry.get("escalations.raised").disclosive
    assert registry.get("escalations.step_3").disclosive
    assert not registry.get("escalations.steps_on_time").disclosive
    assert registry.get("escalations.step_3").label == "Number of RPDs"


def test_entered_values_fill_the_years_before_the_first_difference(
    partnership, entered, differences
):
    found = series("escalations.step_3", partnership=partnership, years=YEARS)
    assert [found.value(year) for year in YEARS] == [23, 13, 6, 7, 9]
    origins = [found.cell(year).origin for year in YEARS]
    assert origins == [Origin.ENTERED] * 4 + [Origin.COMPUTED]
    assert found.conflicts == []


def test_a_count_once_the_register_began_wins_over_an_entered_value(partnership, entered):
    """A difference raised in 2022-23: that year is counted (0 reached step 3), not entered."""
    EscalationFactory(partnership=partnership, raised_on=dt.date(2023, 3, 1), steps=2)
    found = series("escalations.step_3", partnership=partnership, years=YEARS)
    assert [found.value(year) for year in YEARS] == [23, 13, 6, 0, 0]
    assert found.cell(YEARS[3]).conflict.entered == 7


def test_the_counts_are_hidden_when_published(partnership, differences):
    found = series("escalations.raised", partnership=partnership, years=[YEAR], breakdown="sector")
    assert {row.key: row.cells[0].value for row in found.rows} == {
        "Health": 8,
        "Voluntary, community, faith and social enterprise": 3,
        "Local authority": 2,
        "": 13,
    }
    published = series_as_json(found, published=True)
    shown = {row["label"]: row["cells"][0]["value"] for row in published["rows"]}
    assert shown == {
        "Health": 8,
        "Voluntary, community, faith and social enterprise": "c",
        "Local authority": "c",
        "Total": 13,
    }
    table = as_published(found).table("By sector", year=YEAR, shares=True)
    assert table["rows"][0] == ["Health", "8", "62%"]
    assert table["rows"][1][1:] == ["c", "c"]


def test_the_percentages_of_steps_on_time_and_of_positive_answers(partnership, health):
    EscalationFactory(partnership=partnership, raising_agency=health, steps=3)  # 2 of 2 on time
    EscalationFactory(partnership=partnership, raising_agency=health, steps=2, closed=True)
    for answer in ("yes", "yes", "no"):
        SurveyResponseFactory(partnership=partnership, positive_outcome=answer)
    on_time = series(
        "escalations.steps_on_time", partnership=partnership, years=[YEAR], breakdown="step"
    )
    # Step 1 twice on time; step 2 once on time, once completed when closed 30 days on: late.
    assert {row.key: row.cells[0].value for row in on_time.rows} == {
        "Step 1": Decimal(100),
        "Step 2": Decimal(50),
        "": Decimal(75),
    }
    positive = series("escalations.survey_positive", partnership=partnership, years=[YEAR])
    assert positive.value(YEAR) == Decimal("66.7")


def flat(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def test_the_dashboard_shows_the_escalations_panels(
    partnership, personas, client_as, entered, differences
):
    client = client_as(personas[Role.EXECUTIVE])
    page = client.get(reverse("metrics:dashboard", args=[partnership.slug]) + "?year=2023-24")
    text = flat(page.content.decode())
    for title in (
        "Professional differences that reached step 3 or 4",
        "Professional differences raised, by the highest step reached",
        "Professional differences raised, by the raising agency's sector",
        "Professional differences raised, by theme",
        "Escalation steps completed on time, by step (%)",
    ):
        assert title in text
    # The members' dashboard shows true values, small ones included.
    assert re.search(ENTERED_ROW + " 9", text)
    assert re.search(r"Local authority – – 2", text)


def test_the_escalations_panels_queries_do_not_grow_with_the_differences(
    partnership, personas, client_as, entered, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(dashboard, "_panels", {code: dashboard._panels[code] for code in PANELS})
    client = client_as(personas[Role.BUSINESS_UNIT])
    url = reverse("metrics:dashboard", args=[partnership.slug]) + "?year=2023-24"

    def add(count):
        for n in range(count):
            agency = serving_agency(partnership, "health")
            EscalationFactory(partnership=partnership, raising_agency=agency, steps=1 + n % 4)

    add(3)
    client.get(url)
    # The shell (9); each panel's entered values (5); one query a year: step 3 over five years,
    # the other four panels over three.
    queries = 9 + 5 + 5 + 4 * 3
    with django_assert_num_queries(queries):
        client.get(url)
    add(30)
    with django_assert_num_queries(queries):
        page = client.get(url)
    # 1 + 14 of the differences added reached step 3 or 4.
    assert re.search(ENTERED_ROW + " 15", flat(page.content.decode()))
