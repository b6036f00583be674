"""The child death figures through the metric registry (deaths notified by age band, under 1,
expected or not and joint agency response; reviews completed, by category and by modifiable
factors), the panels behind them, and the CDOP's dashboard panels: true values for the CDOP
role, published (small counts hidden) for every other member."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.child_deaths import figures
from safeguarding.child_deaths.metrics import PANELS
from safeguarding.child_deaths.models import AgeBand, Category, Expectation, ModifiableFactors
from safeguarding.core.years import ReportingYear
from safeguarding.metrics import dashboard, registry
from safeguarding.metrics.selectors import Origin, series
from tests.child_deaths.factories import ChildDeathFactory, PanelFactory

NOW = dt.datetime(2024, 9, 30, 12, tzinfo=dt.UTC)
YEAR = ReportingYear(2023)
NEXT = ReportingYear(2024)
CODES = (
    "child_deaths.notifications",
    "child_deaths.reviews_completed",
    "child_deaths.categories",
    "child_deaths.modifiable_factors",
)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def death(partnership, panel, age_band=AgeBand.AGE_1_4, died_on=dt.date(2023, 6, 1), **fields):
    return ChildDeathFactory(
        partnership=partnership, panel=panel, age_band=age_band, died_on=died_on, **fields
    )


def reviewed(category, factors, on=dt.date(2024, 1, 15)):
    """The fields of a review the panel completed on `on`."""
    return {
        "review_meeting_on": on - dt.timedelta(days=30),
        "review_completed_on": on,
        "category": category,
        "modifiable_factors": factors,
    }


@pytest.fixture
def deaths(partnership, other_partnership, panel):
    """Eight deaths of Testshire's children notified in 2023-24 (three reviewed that year), one
    notified in 2024-25 and one of an Elsewhere child in the same panel."""
    unexpected = {"expectation": Expectation.UNEXPECTED, "joint_agency_response": True}
    death(partnership, panel, AgeBand.NEONATAL, **unexpected)
    death(partnership, panel, AgeBand.NEONATAL, **reviewed(Category.PERINATAL, "yes"))
    death(partnership, panel, AgeBand.NEONATAL, **reviewed(Category.PERINATAL, "no"))
    death(partnership, panel, AgeBand.POST_NEONATAL, **unexpected)
    death(partnership, panel, AgeBand.POST_NEONATAL)
    death(partnership, panel, AgeBand.AGE_1_4, **reviewed(Category.SUDDEN, "insufficient"))
    death(partnership, panel, AgeBand.AGE_15_17, died_on=dt.date(2024, 3, 29), **unexpected)
    death(partnership, panel, AgeBand.AGE_15_17, died_on=dt.date(2024, 3, 29))
    death(
        partnership,
        panel,
        died_on=dt.date(2024, 4, 2),
        **reviewed(Category.CHRONIC, "no", on=dt.date(2024, 6, 3)),
    )
    death(other_partnership, panel, AgeBand.NEONATAL, **reviewed(Category.PERINATAL, "yes"))


def values(partnership, code, breakdown=None, year=YEAR):
    found = series(code, partnership=partnership, years=[year], breakdown=breakdown)
    return {row.key: row.cells[0].value for row in found.rows}


def test_every_child_death_figure_is_restricted_to_the_cdop():
    for code in CODES:
        assert registry.get(code).restricted_to == frozenset({Role.CDOP})
        assert registry.get(code).true_values_for(frozenset({Role.CDOP}))
        assert not registry.get(code).true_values_for(frozenset({Role.BUSINESS_UNIT}))
    disclosive = {code for code in CODES if registry.get(code).disclosive}
    assert disclosive == set(CODES) - {"child_deaths.reviews_completed"}
    assert registry.get("child_deaths.notifications").breakdowns == (
        "age_band",
        "under_one",
        "expectation",
        "joint_agency_response",
    )


def test_deaths_notified_in_the_year_by_age_band(partnership, deaths):
    assert values(partnership, "child_deaths.notifications") == {"": 8}
    assert values(partnership, "child_deaths.notifications", "age_band") == {
        "0 to 27 days": 3,
        "28 to 364 days": 2,
        "1 to 4 years": 1,
        "5 to 9 years": 0,
        "10 to 14 years": 0,
        "15 to 17 years": 2,
        "": 8,
    }
    assert tuple(str(label) for _, label in AgeBand.choices) == figures.AGE_BANDS


def test_deaths_notified_under_one_expected_and_with_a_joint_agency_response(partnership, deaths):
    code = "child_deaths.notifications"
    assert values(partnership, code, "under_one") == {"Under 1": 5, "1 to 17": 3, "": 8}
    assert values(partnership, code, "expectation") == {"Expected": 5, "Unexpected": 3, "": 8}
    assert values(partnership, code, "joint_agency_response") == {
        "Joint agency response": 3,
        "No joint agency response": 5,
        "": 8,
    }


def test_a_death_counts_where_the_child_lived_in_the_year_it_was_notified(
    partnership, other_partnership, deaths
):
    # Died on 29 March 2024 and notified on 31 March: 2023-24; notified on 4 April: 2024-25.
    assert values(partnership, "child_deaths.notifications", year=NEXT) == {"": 1}
    assert values(other_partnership, "child_deaths.notifications") == {"": 1}
    assert values(other_partnership, "child_deaths.reviews_completed") == {"": 1}


def test_no_figure_before_the_first_notification_then_zero(partnership, panel):
    death(partnership, panel, died_on=dt.date(2022, 5, 3))
    assert values(partnership, "child_deaths.notifications", year=ReportingYear(2021)) == {}
    assert values(partnership, "child_deaths.reviews_completed", year=ReportingYear(2021)) == {}
    assert values(partnership, "child_deaths.notifications", year=ReportingYear(2022)) == {"": 1}
    assert values(partnership, "child_deaths.notifications", "age_band") == {
        **dict.fromkeys(figures.AGE_BANDS, 0),
        "": 0,
    }
    assert values(partnership, "child_deaths.reviews_completed") == {"": 0}


def test_entered_values_fill_the_years_before_the_hub(partnership, deaths, entered):
    years = [YEAR.previous(n) for n in range(4, 0, -1)] + [YEAR]
    found = series("child_deaths.notifications", partnership=partnership, years=years)
    assert [found.value(year) for year in years] == [34, 36, 27, 25, 8]
    assert [found.cell(year).origin for year in years] == [Origin.ENTERED] * 4 + [Origin.COMPUTED]


def test_reviews_completed_by_category_and_modifiable_factors(partnership, deaths):
    assert values(partnership, "child_deaths.reviews_completed") == {"": 3}
    by_category = values(partnership, "child_deaths.categories", "category")
    assert {key: n for key, n in by_category.items() if n} == {
        Category.PERINATAL.label: 2,
        Category.SUDDEN.label: 1,
        "": 3,
    }
    assert len(by_category) == 11  # the ten categories and the total
    assert values(partnership, "child_deaths.modifiable_factors", "modifiable_factors") == {
        ModifiableFactors.YES.label: 1,
        ModifiableFactors.NO.label: 1,
        ModifiableFactors.INSUFFICIENT.label: 1,
        "": 3,
    }
    assert values(partnership, "child_deaths.categories", year=NEXT) == {"": 1}


def add_deaths(partnership, panel, count):
    for n in range(count):
        death(partnership, panel, list(AgeBand)[n % 6], **reviewed(1 + n % 10, "yes"))


@pytest.mark.parametrize(
    ("code", "breakdown"),
    [(code, None) for code in CODES[:2]]
    + [
        ("child_deaths.notifications", "age_band"),
        ("child_deaths.categories", "category"),
    ],
)
def test_a_series_makes_one_query_a_year_however_many_deaths(
    partnership, panel, code, breakdown, django_assert_num_queries
):
    years = [YEAR.previous(n) for n in range(4, -1, -1)]
    add_deaths(partnership, panel, 3)
    with django_assert_num_queries(1 + len(years)):  # the entered values, then one a year
        series(code, partnership=partnership, years=years, breakdown=breakdown)
    add_deaths(partnership, panel, 40)
    with django_assert_num_queries(1 + len(years)):
        found = series(code, partnership=partnership, years=years, breakdown=breakdown)
    assert found.total_for(YEAR) == 43


# The panels


def test_the_panel_is_the_one_the_years_deaths_name(partnership, other_partnership, panel, deaths):
    own = PanelFactory(name="Testshire Old Panel", slug="old", partnerships=[partnership])
    death(partnership, own, died_on=dt.date(2021, 5, 3))
    (found,) = figures.panels_of(partnership, YEAR)
    assert found == panel
    assert [p.slug for p in found.partnerships.all()] == ["elsewhere", "testshire"]
    assert figures.panels_of(partnership, ReportingYear(2021)) == [own]
    assert figures.panels_of(partnership, ReportingYear(2018)) == [panel]  # its latest


def test_a_partnership_without_deaths_has_no_panel(partnership, panel):
    assert figures.panels_of(partnership, YEAR) == []


def test_the_panels_figures_across_its_footprint(panel, deaths, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = figures.panel_figures(panel, YEAR)
    assert [
        (row.partnership.slug, row.notified, row.under_one, row.unexpected, row.reviews_completed)
        for row in rows
    ] == [("elsewhere", 1, 1, 0, 1), ("testshire", 8, 5, 3, 3)]


def test_a_place_is_the_partnerships_first_area(partnership, other_partnership):
    assert figures.place(partnership) == "Testshire"
    other_partnership.local_authority_areas = []
    assert figures.place(other_partnership) == "Elsewhere Safeguarding Children Partnership"


# The dashboard


def flat(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def only_cdop_panels(monkeypatch):
    monkeypatch.setattr(dashboard, "_panels", {panel.code: panel for panel in PANELS})


def dashboard_text(client, partnership):
    url = reverse("metrics:dashboard", args=[partnership.slug]) + "?year=2023-24"
    return flat(client.get(url).content.decode())


def test_the_cdop_reads_the_true_figures_on_the_dashboard(
    partnership, personas, client_as, deaths, only_cdop_panels
):
    text = dashboard_text(client_as(personas[Role.CDOP]), partnership)
    for panel in PANELS:
        assert panel.title in text
    assert re.search(r"0 to 27 days – – – – 3 ", text)
    assert re.search(r"15 to 17 years – – – – 2 ", text)
    assert "shown as published" not in text


def test_every_other_member_reads_them_as_published(
    partnership, personas, client_as, deaths, only_cdop_panels
):
    text = dashboard_text(client_as(personas[Role.BUSINESS_UNIT]), partnership)
    assert re.search(r"0 to 27 days – – – – c ", text)
    assert re.search(r"15 to 17 years – – – – c ", text)
    assert "shown as published, with small counts hidden" in text


def test_the_cdop_panels_queries_do_not_grow_with_the_deaths(
    partnership, panel, personas, client_as, only_cdop_panels, django_assert_num_queries
):
    client = client_as(personas[Role.CDOP])
    url = reverse("metrics:dashboard", args=[partnership.slug]) + "?year=2023-24"
    add_deaths(partnership, panel, 3)
    client.get(url)
    # The shell (9); each panel's entered values (4), then a query a year: 5 + 3 + 5 + 3.
    queries = 9 + 4 + 5 + 3 + 5 + 3
    with django_assert_num_queries(queries):
        client.get(url)
    add_deaths(partnership, panel, 30)
    with django_assert_num_queries(queries):
        text = flat(client.get(url).content.decode())
    assert re.search(r"0 to 27 days – – – – 6 ", text)
