"""A series as a published report shows it (`presenting.as_published`): small counts of a
disclosive metric hidden, with the cells that would give them away; other figures as they are."""

from __future__ import annotations

from decimal import Decimal

import pytest

from safeguarding.core.charts import bar_chart_svg
from safeguarding.core.years import ReportingYear
from safeguarding.metrics import registry, services
from safeguarding.metrics.presenting import as_published
from safeguarding.metrics.registry import Metric, Unit
from safeguarding.metrics.selectors import series

Y2022, Y2023 = ReportingYear(2022), ReportingYear(2023)
YEARS = [ReportingYear(start) for start in range(2020, 2024)]


def enter(partnership, metric, year, value, key="", breakdown="agency"):
    services.entered_value_set(
        actor=None,
        partnership=partnership,
        metric=metric,
        period=year,
        value=Decimal(value),
        source="Old report",
        breakdown=breakdown if key else "",
        breakdown_value=key,
    )


def published(partnership, metric="test.referrals", years=YEARS, breakdown=None):
    return as_published(series(metric, partnership=partnership, years=years, breakdown=breakdown))


@pytest.fixture
def by_agency(partnership, test_metrics):
    """Referrals by agency: 2022-23 has a small count beside a total; 2023-24 has none."""
    for year, police, health, schools in [(Y2022, 3, 8, 10), (Y2023, 12, 0, 9)]:
        enter(partnership, "test.referrals", year, police, key="Police")
        enter(partnership, "test.referrals", year, health, key="Health")
        enter(partnership, "test.referrals", year, schools, key="Schools")
    return published(partnership, years=[Y2022, Y2023], breakdown="agency")


def test_zero_is_shown_one_to_five_are_c_and_six_is_shown(partnership, test_metrics):
    for year, value in zip(YEARS, [0, 1, 5, 6], strict=True):
        enter(partnership, "test.referrals", year, value)
    shown = published(partnership)
    assert shown.table("Referrals")["rows"] == [
        ["2020-21", "0"],
        ["2021-22", "c"],
        ["2022-23", "c"],
        ["2023-24", "6"],
    ]
    assert shown.chart("Referrals")["points"] == [
        ["2020-21", 0],
        ["2021-22", "c"],
        ["2022-23", "c"],
        ["2023-24", 6],
    ]
    assert shown.totals() == [("2020-21", 0), ("2021-22", "c"), ("2022-23", "c"), ("2023-24", 6)]


def test_a_small_count_beside_a_total_hides_the_next_smallest_too(by_agency):
    table = by_agency.table("Referrals by agency")
    assert table["columns"] == ["Agency", "2022-23", "2023-24"]
    assert table["rows"] == [
        ["Health", "c", "0"],  # 8 is hidden: else 21 - 10 - 8 gives Police's 3 away
        ["Police", "c", "12"],
        ["Schools", "10", "9"],
        ["Total", "21", "21"],
    ]


def test_rows_can_follow_a_choices_order_and_leave_out_zeros(by_agency):
    ordered = by_agency.in_order(["Schools", "Police", "Health"])
    assert [row[0] for row in ordered.table("Referrals")["rows"]] == [
        "Schools",
        "Police",
        "Health",
        "Total",
    ]
    counted = by_agency.in_order(["Schools", "Police", "Health"], zeros=False)
    assert [row[0] for row in counted.table("Referrals")["rows"]] == ["Schools", "Police", "Total"]


def test_a_percentage_of_a_hidden_count_is_hidden(by_agency):
    table = by_agency.table("Referrals by agency, 2022-23", year=Y2022, shares=True)
    assert table["columns"] == ["Agency", "2022-23", "% of total"]
    assert table["rows"] == [
        ["Health", "c", "c"],
        ["Police", "c", "c"],
        ["Schools", "10", "48%"],
        ["Total", "21", "100%"],
    ]
    assert by_agency.percentage(Y2022, "Police") == "c"


def test_a_breakdown_chart_draws_no_bar_for_a_hidden_count(by_agency):
    chart = by_agency.chart("Referrals by agency, 2022-23", year=Y2022)
    assert chart["points"] == [["Health", "c"], ["Police", "c"], ["Schools", 10]]
    svg = bar_chart_svg(chart["title"], chart["points"])
    assert "Health: c; Police: c; Schools: 10." in svg
    assert "Police: 3" not in svg


def test_a_total_the_breakdown_falls_short_of_protects_its_small_count(partnership, test_metrics):
    enter(partnership, "test.referrals", Y2023, 40)
    enter(partnership, "test.referrals", Y2023, 4, key="Police")
    rows = published(partnership, years=[Y2023], breakdown="agency").table("Referrals")["rows"]
    assert rows == [["Police", "c"], ["Not broken down", "c"], ["Total", "40"]]


def test_a_restricted_metric_is_never_suppressed(partnership, test_metrics):
    enter(partnership, "test.meetings", Y2023, 3, key="Finance subgroup", breakdown="group")
    enter(partnership, "test.meetings", Y2023, 12, key="Learning subgroup", breakdown="group")
    shown = published(partnership, metric="test.meetings", years=[Y2023], breakdown="group")
    assert shown.table("Meetings held")["rows"] == [
        ["Finance subgroup", "3"],
        ["Learning subgroup", "12"],
        ["Total", "15"],
    ]
    assert shown.totals() == [("2023-24", 15)]


def test_shares_need_a_breakdown_and_one_year(by_agency, partnership):
    with pytest.raises(ValueError, match="one year"):
        by_agency.table("Referrals", shares=True)


def test_governance_figures_are_never_suppressed(partnership):
    governance = [m for m in registry.all_metrics() if m.code.startswith("governance.")]
    assert governance
    assert not any(metric.disclosive for metric in governance)
    enter(partnership, "governance.meetings", Y2023, 3)
    shown = published(partnership, metric="governance.meetings", years=[Y2023])
    assert shown.table("Meetings")["rows"] == [["2023-24", "3"]]
    assert shown.totals() == [("2023-24", 3)]


def test_only_a_count_can_be_disclosive():
    with pytest.raises(ValueError, match="Only a count"):
        Metric(code="test.rate", label="Rate", unit=Unit.PERCENT, disclosive=True)
