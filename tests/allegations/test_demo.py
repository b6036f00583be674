"""The demo reproduces the seed report's "Allegations Management" section from its LADO register
and the entered 2022-23 figure: "The service managed 742 notifications of allegations during
2023-4 (a slight decrease from 747 notifications in 2022-3). Of these, 59% were assessed as not
meeting the LADO criteria", read back from the HTML, the PDF and the Word file. The demo loads
once (it is large), and every format is read from that one load."""

from __future__ import annotations

import pytest

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.demo import allegations_pack as pack
from safeguarding.demo import loader
from safeguarding.metrics.selectors import Origin, series
from safeguarding.reports import document
from safeguarding.reports import registry as report_registry
from tests.reviews.test_report import html_text, pdf_text, word_text

YEAR = ReportingYear(2023)
SEED = [
    "Allegations Management",
    "During 2023-24, the service managed 742 notifications of allegations, down from 747 in "
    "2022-23.",
    "Of these, 59% were assessed as not meeting the LADO criteria.",
]


@pytest.fixture
def somerset() -> Partnership:
    loader.load(password="demo-password-for-tests")
    return Partnership.objects.get(slug="somerset")


@pytest.fixture
def only_this_section(monkeypatch):
    sections = {"allegations": report_registry.get("allegations")}
    monkeypatch.setattr(report_registry, "_sections", sections)


@pytest.mark.django_db
def test_the_demo_reproduces_the_seeds_allegations_management(somerset, only_this_section):
    doc = document.build(somerset, YEAR, None)
    for read in (html_text, pdf_text, word_text):
        text = read(doc)
        assert [said for said in SEED if said not in text] == [], read.__name__

    # 747 is entered for 2022-23; 742 are counted from the register, 438 not meeting the
    # criteria (59%).
    years = [YEAR.previous(), YEAR]
    found = series("allegations.notifications", partnership=somerset, years=years)
    assert [found.value(year) for year in years] == [747, 742]
    assert [found.cell(year).origin for year in years] == [Origin.ENTERED, Origin.COMPUTED]
    criteria = series(
        "allegations.notifications", partnership=somerset, years=[YEAR], breakdown="criteria"
    )
    assert criteria.value(YEAR, "Not met") == 438
    assert criteria.value(YEAR, "Met") + criteria.value(YEAR, "Not yet decided") == 304


def test_the_generator_wrote_the_demos_register(tmp_path):
    """`python -m safeguarding.demo.allegations_pack` is deterministic, and was run after its
    last change: the pack's allegations.csv is exactly what it writes."""
    pack.main(tmp_path)
    written = tmp_path / "allegations.csv"
    assert written.read_bytes() == (pack.PACK / "allegations.csv").read_bytes()
    assert [path.name for path in tmp_path.iterdir()] == ["allegations.csv"]
