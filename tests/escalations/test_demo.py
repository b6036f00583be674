"""The demo reproduces the seed report's "Resolving Professional Differences" section from its
records and entered values: read back from the HTML and the Word file."""

from __future__ import annotations

import pytest

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.demo import loader
from safeguarding.metrics.selectors import series
from safeguarding.reports import document
from tests.reviews.test_report import html_text, word_rows, word_text

pytestmark = pytest.mark.django_db

YEAR = ReportingYear(2023)
YEARS = [YEAR.previous(n) for n in (4, 3, 2, 1, 0)]
QUOTES = [
    "It resulted in improved care planning for the child.",
    "Resolving Professional Differences Protocol is brilliant in giving opportunities for "
    "agencies to share concerns in an open, transparent manner. This leads to better "
    "relationships and better outcomes for children",
    "Allowed appropriate escalation, open challenge and shared outcomes.",
    "It improved communication between Health and Children's Social Care and helped put "
    "together a comprehensive, robust plan with a set time frame. It also put together a "
    "contingency plan that if things deteriorated within the time frame, there was a plan for "
    "next steps.",
]
SEED = [
    "Resolving Professional Differences",
    "21 step 3 differences, up from 7 in 2022-23, the most since 2019-20.",
    "The most common theme across the differences raised in 2023-24 was lack of communication "
    "or support in relation to the safeguarding arrangements for a child.",
    "The sectors raising the most differences in 2023-24 were Health (11), Voluntary, "
    "community, faith and social enterprise (7) and Police (6).",
    *(f"“{quote}”" for quote in QUOTES),
]


@pytest.fixture
def somerset() -> Partnership:
    loader.load(password="demo-password-for-tests")
    return Partnership.objects.get(slug="somerset")


@pytest.mark.parametrize("read", [html_text, word_text], ids=["html", "docx"])
def test_the_section_holds_the_seeds_figures_theme_and_quotes(somerset, read):
    text = read(document.build(somerset, YEAR, None))
    assert [said for said in SEED if said not in text] == []


def test_the_five_year_table_is_the_seeds_and_the_last_year_comes_from_the_records(somerset):
    rows = word_rows(document.build(somerset, YEAR, None), "Year | Number of RPDs")
    assert rows[1:] == [
        ["2019-20", "23"],
        ["2020-21", "13"],
        ["2021-22", "6"],
        ["2022-23", "7"],
        ["2023-24", "21"],
    ]
    raised = series("escalations.raised", partnership=somerset, years=[YEAR], breakdown="step")
    assert {row.key: row.cells[0].value for row in raised.rows} == {
        "Step 1": 3,
        "Step 2": 5,
        "Step 3": 18,
        "Step 4": 3,
        "": 29,
    }
