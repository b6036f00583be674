from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from safeguarding.core import services as core_services
from safeguarding.core.years import ReportingYear
from safeguarding.metrics import services
from safeguarding.metrics.selectors import Origin, series

YEARS = [ReportingYear(start) for start in range(2019, 2024)]
Y2019, Y2023 = YEARS[0], YEARS[-1]


def enter(partnership, metric, year, value, breakdown="", key="", source="Old report"):
    return services.entered_value_set(
        actor=None,
        partnership=partnership,
        metric=metric,
        period=year,
        value=Decimal(value),
        source=source,
        breakdown=breakdown,
        breakdown_value=key,
    )


def retire(partnership, name, sector, day):
    agency = core_services.agency_create(
        actor=None, partnership=partnership, name=name, sector=sector, designation="relevant_agency"
    )
    core_services.agency_retire(actor=None, partnership=partnership, agency=agency, retired_on=day)


def test_entered_values_fill_the_years_before_the_hub(test_metrics, partnership):
    for year, value in zip(YEARS, [7, 9, 12, 15, 21], strict=True):
        enter(partnership, "test.referrals", year, value)
    result = series("test.referrals", partnership=partnership, years=YEARS)
    assert [result.total_for(year) for year in YEARS] == [7, 9, 12, 15, 21]
    assert result.cell(Y2019).origin == Origin.ENTERED
    assert result.cell(Y2019).source == "Old report"


def test_a_year_with_no_figure_is_empty(test_metrics, partnership):
    enter(partnership, "test.referrals", Y2019, 7)
    result = series("test.referrals", partnership=partnership, years=YEARS)
    assert result.total_for(Y2023) is None
    assert [cell.value for cell in result.rows[0].cells] == [7, None, None, None, None]


def test_money_keeps_its_pence(test_metrics, partnership):
    enter(partnership, "test.budget", Y2019, "195500")
    enter(partnership, "test.budget", Y2023, "47300.50")
    result = series("test.budget", partnership=partnership, years=[Y2019, Y2023])
    assert str(result.total_for(Y2019)) == "195500"
    assert result.total_for(Y2023) == Decimal("47300.5")


def test_a_computed_value_wins_and_a_differing_entered_value_is_a_conflict(
    test_metrics, partnership
):
    retire(partnership, "Old Trust", "health", dt.date(2023, 6, 1))
    enter(partnership, "test.retired_agencies", Y2023, 3, source="Spreadsheet")
    enter(partnership, "test.retired_agencies", Y2019, 2)
    result = series("test.retired_agencies", partnership=partnership, years=YEARS)
    cell = result.cell(Y2023)
    assert (cell.value, cell.origin) == (1, Origin.COMPUTED)
    assert cell.conflict is not None
    assert (cell.conflict.computed, cell.conflict.entered) == (1, 3)
    assert cell.conflict.source == "Spreadsheet"
    assert result.cell(Y2019).origin == Origin.ENTERED
    assert result.conflicts == [cell]


def test_an_entered_value_equal_to_the_computed_one_is_no_conflict(test_metrics, partnership):
    retire(partnership, "Old Trust", "health", dt.date(2023, 6, 1))
    enter(partnership, "test.retired_agencies", Y2023, 1)
    assert series("test.retired_agencies", partnership=partnership, years=YEARS).conflicts == []


def test_a_breakdown_gives_a_row_per_value_and_the_total(test_metrics, partnership):
    retire(partnership, "Old Trust", "health", dt.date(2023, 6, 1))
    retire(partnership, "Old Clinic", "health", dt.date(2024, 1, 9))
    retire(partnership, "Old Force", "police", dt.date(2023, 5, 1))
    enter(partnership, "test.retired_agencies", Y2019, 4, breakdown="sector", key="health")
    enter(partnership, "test.retired_agencies", Y2019, 6)
    result = series(
        "test.retired_agencies", partnership=partnership, years=YEARS, breakdown="sector"
    )
    assert [row.label for row in result.rows] == ["health", "police", "Total"]
    assert result.value(Y2023, "health") == 2
    assert result.value(Y2023, "police") == 1
    assert result.total_for(Y2023) == 3  # the sum of the parts: compute gave no total
    assert result.total_for(Y2019) == 6  # the entered total


def test_figures_of_another_partnership_are_not_used(test_metrics, partnership, other_partnership):
    enter(other_partnership, "test.referrals", Y2019, 99)
    assert series("test.referrals", partnership=partnership, years=YEARS).total_for(Y2019) is None


def test_a_breakdown_the_metric_lacks_is_refused(test_metrics, partnership):
    with pytest.raises(ValueError, match="cannot be broken down"):
        series("test.budget", partnership=partnership, years=YEARS, breakdown="agency")


def test_entered_values_cost_one_query_for_any_number_of_years(
    test_metrics, partnership, django_assert_num_queries
):
    for year in YEARS:
        enter(partnership, "test.referrals", year, 10, breakdown="agency", key="Police")
        enter(partnership, "test.referrals", year, 12)
    with django_assert_num_queries(1):
        series("test.referrals", partnership=partnership, years=YEARS, breakdown="agency")


def test_a_computed_series_costs_one_query_plus_one_per_year_for_compute(
    test_metrics, partnership, django_assert_num_queries
):
    for year in YEARS:
        enter(partnership, "test.retired_agencies", year, 2)
    retire(partnership, "Old Trust", "health", dt.date(2023, 6, 1))
    with django_assert_num_queries(1 + len(YEARS)):
        series("test.retired_agencies", partnership=partnership, years=YEARS)
