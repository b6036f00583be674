"""The LADO register's figures (`allegations.*` metrics through `allegations.figures`): what each
counts and by what, None before the register begins and 0 after, the duration bands at the edges
of a month, the LADO informed on time past a bank holiday, who reads the true values (the LADO)
and who reads them only as published, and the queries each costs (one a year)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from bench import allegations as bench
from safeguarding.accounts.roles import Role
from safeguarding.allegations import figures
from safeguarding.allegations.models import EmployerSector, Outcome
from safeguarding.core.years import ReportingYear
from safeguarding.metrics import dashboard, registry
from safeguarding.metrics import services as metric_services
from safeguarding.metrics.selectors import Origin, series
from tests.allegations.factories import AllegationFactory

YEAR = ReportingYear(2023)
NOW = dt.datetime(2024, 9, 30, 12, tzinfo=dt.UTC)
CODES = (
    "allegations.notifications",
    "allegations.outcomes",
    "allegations.informed_on_time",
    "allegations.duration",
)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def values(partnership, code, breakdown=None, year=YEAR):
    found = series(code, partnership=partnership, years=[year], breakdown=breakdown)
    return {row.key: row.cells[0].value for row in found.rows}


@pytest.fixture
def register(partnership):
    """2023-24: four referrals (two meeting the criteria: one concluded substantiated, one
    ongoing; two not: one closed, one still open), three requests for advice (two not meeting
    the criteria, one not yet decided); one referral of 2022-23 concluded in 2023-24."""
    on = dt.date(2023, 6, 5)
    AllegationFactory(partnership=partnership, received_on=on, concluded=True)
    AllegationFactory(
        partnership=partnership,
        received_on=on,
        employer_sector=EmployerSector.FOSTER_CARE,
        category="sexual",
    )
    AllegationFactory(partnership=partnership, received_on=on, not_met=True)
    AllegationFactory(
        partnership=partnership,
        received_on=on,
        criteria_met=False,
        harmed_child=False,
        employer_sector=EmployerSector.SPORT,
    )
    for sector in (EmployerSector.EDUCATION, EmployerSector.SPORT):
        AllegationFactory(
            partnership=partnership,
            received_on=on,
            advice=True,
            criteria_met=False,
            employer_sector=sector,
        )
    AllegationFactory(partnership=partnership, received_on=dt.date(2024, 3, 25), advice=True)
    AllegationFactory(
        partnership=partnership,
        received_on=dt.date(2023, 3, 1),
        outcome=Outcome.UNFOUNDED,
        concluded_on=dt.date(2023, 5, 10),
    )


def test_every_metric_is_restricted_to_the_lado():
    for code in CODES:
        assert registry.get(code).restricted_to == frozenset({Role.LADO}), code
    disclosive = {code for code in CODES if registry.get(code).disclosive}
    assert disclosive == set(CODES) - {"allegations.informed_on_time"}


def test_notifications_received_in_the_year_by_each_breakdown(partnership, register):
    code = "allegations.notifications"
    assert values(partnership, code) == {"": 7}
    assert values(partnership, code, "contact_type") == {
        "Referral": 4,
        "Advice or consultation": 3,
        "": 7,
    }
    assert values(partnership, code, "criteria") == {
        "Met": 2,
        "Not met": 4,
        "Not yet decided": 1,
        "": 7,
    }
    assert values(partnership, code, "sector") == {
        "Education": 4,
        "Foster care": 1,
        "Sport and leisure": 2,
        "": 7,
    }
    assert values(partnership, code, "category") == {
        "Physical": 3,
        "Sexual": 1,
        "Not categorised": 3,
        "": 7,
    }


def test_outcomes_and_duration_count_the_conclusions_of_the_year(partnership, register):
    assert values(partnership, "allegations.outcomes", "outcome") == {
        "Substantiated": 1,
        "Closed: the criteria were not met": 1,
        "Unfounded": 1,  # received in 2022-23, concluded in 2023-24
        "": 3,
    }
    assert values(partnership, "allegations.duration", "period") == {
        "Within 1 month": 2,  # 28 days, 7 days
        "1 to 3 months": 1,  # 1 March to 10 May
        "": 3,
    }
    assert values(partnership, "allegations.outcomes", year=YEAR.previous()) == {"": 0}


def test_a_year_before_the_first_allegation_has_no_figure_and_one_after_has_zero(partnership):
    AllegationFactory(partnership=partnership, received_on=dt.date(2023, 6, 5))
    before, after = YEAR.previous(), ReportingYear(2024)
    for code in ("allegations.notifications", "allegations.outcomes", "allegations.duration"):
        assert values(partnership, code, year=before) == {}, code
        assert values(partnership, code, year=after) == {"": 0}, code
    assert values(partnership, "allegations.notifications", "sector", after) == {"": 0}
    assert values(partnership, "allegations.duration", "period", after) == {"": 0}
    assert values(partnership, "allegations.informed_on_time", year=after) == {}


def test_entered_values_fill_the_years_before_the_hub(partnership):
    many(partnership, 7)
    metric_services.entered_value_set(
        actor=None,
        partnership=partnership,
        metric="allegations.notifications",
        period=YEAR.previous(),
        value=747,
        source="Last year's LADO annual report",
    )
    found = series(
        "allegations.notifications", partnership=partnership, years=[YEAR.previous(), YEAR]
    )
    assert [found.value(year) for year in found.years] == [747, 7]
    assert [found.cell(year).origin for year in found.years] == [Origin.ENTERED, Origin.COMPUTED]


@pytest.mark.parametrize(
    ("received", "concluded", "band"),
    [
        (dt.date(2024, 1, 31), dt.date(2024, 2, 29), "Within 1 month"),  # the month's end
        (dt.date(2024, 1, 31), dt.date(2024, 3, 1), "1 to 3 months"),
        (dt.date(2023, 6, 15), dt.date(2023, 7, 15), "Within 1 month"),  # a month to the day
        (dt.date(2023, 6, 15), dt.date(2023, 7, 16), "1 to 3 months"),
        (dt.date(2023, 6, 15), dt.date(2023, 9, 15), "1 to 3 months"),
        (dt.date(2023, 6, 15), dt.date(2023, 9, 16), "3 to 12 months"),
        (dt.date(2023, 5, 31), dt.date(2023, 8, 31), "1 to 3 months"),
        (dt.date(2022, 12, 1), dt.date(2023, 12, 1), "3 to 12 months"),  # a year to the day
        (dt.date(2022, 12, 1), dt.date(2023, 12, 2), "Over 12 months"),
        (dt.date(2023, 4, 3), dt.date(2023, 4, 3), "Within 1 month"),  # the same day
    ],
)
def test_the_time_taken_is_counted_in_calendar_months(partnership, received, concluded, band):
    AllegationFactory(
        partnership=partnership, received_on=received, concluded=True, concluded_on=concluded
    )
    year = ReportingYear.containing(concluded)
    assert figures.duration(partnership=partnership, year=year, by_period=True) == {
        band: 1,
        "": 1,
    }


def test_the_lado_informed_on_time_counts_working_days(partnership):
    """Received on Thursday 28 March 2024: due on Tuesday 2 April, past Good Friday and Easter
    Monday. Informed then: on time; on the Wednesday: late; no date: left out."""
    easter = dt.date(2024, 3, 28)
    AllegationFactory(partnership=partnership, received_on=easter, lado_informed_on=easter)
    AllegationFactory(
        partnership=partnership, received_on=easter, lado_informed_on=dt.date(2024, 4, 2)
    )
    AllegationFactory(
        partnership=partnership, received_on=easter, lado_informed_on=dt.date(2024, 4, 3)
    )
    AllegationFactory(partnership=partnership, received_on=easter, lado_informed_on=None)
    assert values(partnership, "allegations.informed_on_time") == {"": Decimal("66.7")}


# Who reads what


def many(partnership, count, **fields):
    for _ in range(count):
        AllegationFactory(partnership=partnership, **fields)


@pytest.fixture
def small_counts(partnership):
    """2023-24: 3 referrals and 12 requests for advice; the 3 are a small count."""
    many(partnership, 3)
    many(partnership, 12, advice=True)


def test_the_lado_reads_true_values_and_everyone_else_only_as_published(partnership, small_counts):
    lado, business_unit = frozenset({Role.LADO}), frozenset({Role.BUSINESS_UNIT})
    panel = dashboard.get_panel("allegations-notifications")
    assert not dashboard.published_for(panel, lado)
    assert dashboard.published_for(panel, business_unit)
    shown = dashboard.panel_data(panel, partnership=partnership, year=YEAR, published=True)
    assert shown.shown.shown("Referral", YEAR.label) == "c"
    true = dashboard.panel_data(panel, partnership=partnership, year=YEAR)
    assert true.shown.shown("Referral", YEAR.label) == 3


def test_the_dashboard_page_shows_the_lado_the_small_count_and_others_c(
    partnership, personas, client_as, small_counts
):
    address = reverse("metrics:dashboard", args=[partnership.slug]) + "?year=2023-24"
    business_unit = client_as(personas[Role.BUSINESS_UNIT]).get(address).content.decode()
    assert "Notifications of allegations to the LADO, by contact type" in business_unit
    assert _row(business_unit, "Referral").endswith(">c</td>")
    lado = client_as(personas[Role.LADO]).get(address).content.decode()
    assert _row(lado, "Referral").endswith(">3</td>")


def _row(html: str, label: str) -> str:
    """The panel's table row for `label`, up to the year's cell (the first table with it)."""
    start = html.index(f">{label}</th>")
    return html[start : html.index("</tr>", start)].rstrip()


def test_the_api_gives_the_lado_true_values_and_others_them_published(
    partnership, personas, token_client, small_counts
):
    address = (
        f"/api/metrics/series/?partnership={partnership.slug}"
        "&metric=allegations.notifications&years=2023-24&breakdown=contact_type"
    )

    def referrals(role):
        rows = token_client(personas[role]).get(address).json()["rows"]
        return next(row["cells"][0]["value"] for row in rows if row["key"] == "Referral")

    assert referrals(Role.LADO) == 3
    assert referrals(Role.BUSINESS_UNIT) == "c"


# Queries


@pytest.mark.parametrize(
    ("code", "breakdown"),
    [(code, None) for code in CODES]
    + [("allegations.notifications", b) for b in ("contact_type", "criteria", "sector")]
    + [("allegations.notifications", "category")]
    + [("allegations.outcomes", "outcome"), ("allegations.duration", "period")],
)
def test_each_figure_is_one_query_a_year(
    partnership, register, code, breakdown, django_assert_num_queries
):
    metric = registry.get(code)
    assert metric.compute is not None
    with django_assert_num_queries(1):
        assert metric.compute(partnership, YEAR, breakdown)


def test_a_year_without_any_asks_once_more_whether_the_register_had_begun(
    partnership, register, django_assert_num_queries
):
    compute = registry.get("allegations.duration").compute
    assert compute is not None
    with django_assert_num_queries(2):
        assert compute(partnership, ReportingYear(2024), "period") == {"": 0}
    with django_assert_num_queries(2):
        assert compute(partnership, ReportingYear(2021), "period") is None


def test_the_benchmarks_figures_cost_the_same_queries_however_many_allegations(
    partnership, django_assert_num_queries
):
    """bench/allegations.py's ten years of every metric and breakdown, at small scale: for each
    of the ten series, its entered values and one query a year."""
    bench.add_allegations(partnership, 200)
    years = bench.years()
    queries = len([b for _, breakdowns in bench.SERIES for b in breakdowns]) * (1 + len(years))
    with django_assert_num_queries(queries):
        small = bench.every_series(partnership, years)
    bench.add_allegations(partnership, 2_000, seed=1)
    with django_assert_num_queries(queries):
        large = bench.every_series(partnership, years)
    code = "allegations.notifications by total"
    assert sum(large[code].value(y) for y in years) == 2_200
    assert sum(small[code].value(y) for y in years) == 200
