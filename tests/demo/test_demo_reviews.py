"""The demo reproduces the seed report's "Rapid Reviews and LCSPR" section from its records and
entered values: read back from the HTML, the PDF and the Word file."""

from __future__ import annotations

import pytest

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.demo import loader
from safeguarding.metrics.selectors import series
from safeguarding.reports import document
from tests.reviews.test_report import html_text, pdf_text, word_text

pytestmark = pytest.mark.django_db

YEAR = ReportingYear(2023)
SEED = [
    "This year, the partnership completed 3 rapid reviews and started no local child "
    "safeguarding practice reviews.",
    "Rapid Review 1 – non-accidental injuries to a baby",
    "Rapid Review 2 – death of an adolescent due to ingesting drugs",
    "Rapid Review 3 – death of a baby due to non-accidental injuries",
    "3 rapid reviews, down from 7 in 2022-23",
    "This year, the partnership completed 3 non-statutory learning reviews.",
    "Learning Review 1 – a thematic review of a cohort of children involved in Serious Youth "
    "Violence incidents",
    "Learning Review 2 – exploration of missed opportunities to explore a family with multiple "
    "complex risk factors",
    "Learning Review 3 – non accidental injuries to a baby",
    # The eight themes.
    "Multi-agency communication",
    "Working with fathers and male carers",
    "Professional curiosity and taking a whole-family approach",
    "Emotional health and wellbeing support for children",
    "Including people with relevant expertise in strategy discussions about sexual abuse",
    "Safeguarding children out of education",
    "Recognising vulnerability and children as victims",
    "Dynamic risk assessment",
    # How learning was shared, and what it changed.
    "Learning Bulletin and single agency newsletters",
    "Updates to SSCP tools and guidance",
    "Public Health Nursing evidenced improvements in engaging fathers and male carers through a "
    "single agency audit.",
    "A multi-agency audit on Serious Youth Violence demonstrated more consistent use of "
    "recording of Trigger Plans for children.",
    "A Resolving Professional Differences survey indicated that in most cases, using the process "
    "results in a positive outcome for children.",
]


@pytest.fixture
def somerset() -> Partnership:
    loader.load(password="demo-password-for-tests")
    return Partnership.objects.get(slug="somerset")


@pytest.mark.parametrize("read", [html_text, pdf_text, word_text], ids=["html", "pdf", "docx"])
def test_the_reviews_section_holds_the_seeds_figures(somerset, read):
    text = read(document.build(somerset, YEAR, None))
    assert [said for said in SEED if said not in text] == []


def test_rapid_reviews_by_year_and_the_non_accidental_injuries_behind_safe_start_to_life(
    somerset,
):
    years = [YEAR.previous(n) for n in (3, 2, 1, 0)]
    by_year = series("reviews.rapid_reviews", partnership=somerset, years=years)
    assert [by_year.value(year) for year in years] == [2, 6, 7, 3]
    by_theme = series("reviews.rapid_reviews", partnership=somerset, years=years, breakdown="theme")
    injuries = "Non-accidental injury to young children"
    assert [by_theme.value(YEAR.previous(n), injuries) for n in (2, 1)] == [6, 4]
    assert not somerset.practice_reviews.exists()
