"""The CDOP figures page: the partnership's true figures (small counts shown) for the CDOP role,
from the metrics' series, with the entered totals of the years before the Hub."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safeguarding.child_deaths.models import AgeBand, ModifiableFactors
from tests.child_deaths.factories import ChildDeathFactory
from tests.core.pages import table_rows

NOW = dt.datetime(2024, 6, 28, 10, tzinfo=dt.UTC)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def deaths_2023_24(partnership, panel):
    """Three deaths notified in 2023-24, two of them under 1; two reviews completed, one of
    them finding modifiable factors."""
    ChildDeathFactory(partnership=partnership, panel=panel, age_band=AgeBand.NEONATAL)
    ChildDeathFactory(partnership=partnership, panel=panel, age_band=AgeBand.POST_NEONATAL)
    ChildDeathFactory(
        partnership=partnership,
        panel=panel,
        reviewed=True,
        modifiable_factors=ModifiableFactors.YES,
    )
    ChildDeathFactory(
        partnership=partnership, panel=panel, reviewed=True, died_on=dt.date(2023, 5, 1)
    )


def figures_url(partnership, year="2023-24"):
    return reverse("child_deaths:figures", args=[partnership.slug]) + f"?year={year}"


def test_the_cdop_coordinator_sees_the_true_figures_beside_the_entered_years(
    client_as, cdop, partnership, entered, deaths_2023_24
):
    response = client_as(cdop).get(figures_url(partnership))
    assert response.status_code == 200
    assert table_rows(response, "summary") == [
        "2023-24 4 2 2 1 (50%)",
        "2022-23 25 Not known Not known Not known",
        "2021-22 27 Not known Not known Not known",
        "2020-21 36 Not known Not known Not known",
        "2019-20 34 Not known Not known Not known",
    ]


def test_small_counts_are_shown_to_the_cdop_role(
    client_as, cdop, partnership, entered, deaths_2023_24
):
    response = client_as(cdop).get(figures_url(partnership))
    rows = table_rows(response, "panel-child-deaths-by-age-band-table")
    assert "0 to 27 days – – – – 1" in rows  # 1 is not hidden as "c"
    assert "28 to 364 days – – – – 1" in rows
    assert b'id="panel-child-deaths-by-age-band-restricted"' not in response.content


def test_a_year_that_is_not_one_answers_404(client_as, cdop, partnership):
    assert client_as(cdop).get(figures_url(partnership, "2023")).status_code == 404
