"""The governance metrics: the demo year's figures, and entered values for years before the Hub."""

from __future__ import annotations

from decimal import Decimal

import pytest

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.demo import loader
from safeguarding.metrics import dashboard
from safeguarding.metrics import services as metric_services
from safeguarding.metrics.selectors import Origin, series

YEAR = ReportingYear(2023)
EARLIER = ReportingYear(2022)


@pytest.fixture
def somerset(db) -> Partnership:
    loader.load(password="demo-password-for-tests")
    return Partnership.objects.get(slug="somerset")


def values(somerset, code, breakdown=None, year=YEAR):
    figures = series(code, partnership=somerset, years=[year], breakdown=breakdown)
    return {row.key: row.cells[0].value for row in figures.rows}


def test_attendance_rates_by_agency_are_the_seed_reports(somerset):
    assert values(somerset, "governance.attendance_rate", "agency") == {
        "Avon and Somerset Constabulary": 93,
        "Children's Social Care (Somerset Council)": 93,
        "Education Services (Somerset Council)": 67,
        "Public Health Nursing": 80,
        "Somerset Integrated Care Board": 93,
        "Somerset NHS Foundation Trust": 100,
        "": 88,  # 79 of 90 invitations
    }


def test_meetings_and_the_budget_totals(somerset):
    assert values(somerset, "governance.meetings") == {"": 15}
    assert values(somerset, "governance.budget_total") == {"": Decimal("195500")}
    assert values(somerset, "governance.grant_total") == {"": Decimal("47300")}
    assert values(somerset, "governance.attendance_rate") == {"": 88}


def test_contributions_and_expenditure_by_their_breakdowns(somerset):
    assert values(somerset, "governance.contribution", "agency") == {
        "Avon and Somerset Constabulary": Decimal("19550"),
        "Probation Service": Decimal("1955"),
        "Somerset Council": Decimal("144670"),
        "Somerset Integrated Care Board": Decimal("29325"),
        "": Decimal("195500"),
    }
    spent = values(somerset, "governance.expenditure", "category")
    assert spent["Salaries"] == Decimal("160310")
    assert spent["Independent Scrutiny"] == Decimal("9775")
    assert spent[""] == Decimal("195500")
    assert values(somerset, "governance.expenditure") == {"": Decimal("195500")}


@pytest.mark.parametrize(
    "code",
    [
        "governance.attendance_rate",
        "governance.meetings",
        "governance.budget_total",
        "governance.contribution",
        "governance.grant_total",
        "governance.expenditure",
    ],
)
def test_a_year_without_records_has_no_computed_value(somerset, code):
    assert values(somerset, code, year=EARLIER) == {}


def enter(somerset, metric, value, **cell):
    metric_services.entered_value_set(
        actor=None,
        partnership=somerset,
        metric=metric,
        period=EARLIER,
        value=Decimal(value),
        source="SSCP annual report 2022-23",
        **cell,
    )


def test_entered_values_fill_a_year_without_records_and_records_win(somerset):
    enter(somerset, "governance.meetings", "12")
    enter(somerset, "governance.budget_total", "180000")
    enter(
        somerset,
        "governance.attendance_rate",
        "55",
        breakdown="agency",
        breakdown_value="Education Services (Somerset Council)",
    )
    years = [EARLIER, YEAR]
    meetings = series("governance.meetings", partnership=somerset, years=years)
    assert [meetings.value(y) for y in years] == [12, 15]
    assert [meetings.cell(y).origin for y in years] == [Origin.ENTERED, Origin.COMPUTED]
    budget = series("governance.budget_total", partnership=somerset, years=years)
    assert [budget.value(y) for y in years] == [Decimal("180000"), Decimal("195500")]
    rates = series(
        "governance.attendance_rate", partnership=somerset, years=years, breakdown="agency"
    )
    education = "Education Services (Somerset Council)"
    assert [rates.value(y, education) for y in years] == [Decimal("55"), 67]


def test_a_differing_entered_value_for_a_recorded_year_is_a_conflict(somerset):
    metric_services.entered_value_set(
        actor=None,
        partnership=somerset,
        metric="governance.meetings",
        period=YEAR,
        value=Decimal(14),
        source="Draft figures",
    )
    meetings = series("governance.meetings", partnership=somerset, years=[YEAR])
    assert meetings.value(YEAR) == 15
    assert meetings.cell(YEAR).conflict.entered == 14


def test_the_dashboard_panels_chart_the_years_breakdown(somerset):
    found = dashboard.dashboard_for(somerset, YEAR, frozenset())
    panels = {data.panel.code: data for data in found}
    assert {"attendance", "budget-contributions", "expenditure"} <= set(panels)
    assert dict(panels["attendance"].chart["points"])["Education Services (Somerset Council)"] == 67
    given = dict(panels["budget-contributions"].chart["points"])
    assert given["Somerset Council"] == Decimal("144670")
    spent = panels["expenditure"]
    assert [row.label for row in spent.rows][-1] == "Total"
    assert spent.rows[-1].cells[-1].value == Decimal("195500")
    assert [year.label for year in spent.years] == [
        "2019-20",
        "2020-21",
        "2021-22",
        "2022-23",
        YEAR.label,
    ]
