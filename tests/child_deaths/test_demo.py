"""The demo reproduces the seed report's "Child Death Overview Panel" section from its child
death register and entered values: read back from the HTML, the PDF and the Word file. Somerset
hides counts from 1 to 4 in published outputs, so its "5 aged 15-17" is published."""

from __future__ import annotations

import csv
import io

import pytest

from safeguarding.child_deaths.models import ChildDeath
from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.datapack.services import export_rows
from safeguarding.demo import loader
from safeguarding.metrics.selectors import series
from safeguarding.reports import document
from tests.child_deaths.test_report import html_text, pdf_text, word_text

pytestmark = pytest.mark.django_db

YEAR = ReportingYear(2023)
SEED = [
    "Somerset and Dorset have a joint Child Death Overview Panel to share learning.",
    "Between 1 April 2023 and 31 March 2024, there were 30 child deaths (child death "
    "notifications) of children living in Somerset, and 5 CDOP reviews were completed.",
    "After two years of fewer deaths (2021-22 and 2022-23), the number of deaths increased in "
    "2023-24.",
    "There were 30 child deaths",
    "The number of deaths of under 1s was 15",
    "The number of deaths of 15 to 17 year olds was 5",
]


@pytest.fixture
def somerset() -> Partnership:
    loader.load(password="demo-password-for-tests")
    return Partnership.objects.get(slug="somerset")


def test_every_format_holds_the_seeds_figures(somerset):
    doc = document.build(somerset, YEAR, None)
    for read in (html_text, pdf_text, word_text):
        text = read(doc)
        assert [said for said in SEED if said not in text] == [], read.__name__


def test_the_register_behind_the_section(somerset):
    """The age bands as published at Somerset's threshold; the register's 30 deaths of Somerset
    children in the joint panel, 5 reviewed; the entered years; the committed sheet is what the
    Hub exports (it imports and exports unchanged)."""
    data = document.live_sections(somerset, YEAR)
    (section,) = [s for s in data if s["code"] == "child_deaths"]
    (bands,) = [t for t in section["data"]["parts"][1]["tables"] if "age band" in t["caption"]]
    assert bands["rows"] == [
        ["0 to 27 days", "9", "30%"],
        ["28 to 364 days", "6", "20%"],
        ["1 to 4 years", "c", "c"],
        ["5 to 9 years", "c", "c"],
        ["10 to 14 years", "5", "17%"],
        ["15 to 17 years", "5", "17%"],
        ["Total", "30", "100%"],
    ]

    deaths = ChildDeath.objects.filter(partnership=somerset).select_related("panel")
    assert deaths.count() == 30
    assert {death.panel.slug for death in deaths} == {"somerset-dorset-cdop"}
    assert {p.slug for p in deaths[0].panel.partnerships.all()} == {"somerset", "dorset"}
    assert deaths.filter(review_completed_on__range=(YEAR.start, YEAR.end)).count() == 5
    years = [YEAR.previous(n) for n in range(4, -1, -1)]
    found = series("child_deaths.notifications", partnership=somerset, years=years)
    assert [found.value(year) for year in years] == [34, 36, 27, 25, 30]

    committed = (loader.DEFAULT_PACK / "child_deaths.csv").read_text(encoding="utf-8")
    rows = next(rows for name, _, rows in export_rows(somerset) if name == "child_deaths")
    assert rows == list(csv.DictReader(io.StringIO(committed)))
