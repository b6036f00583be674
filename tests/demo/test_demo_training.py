"""The demo reproduces the seed report's "Learning and Development" section and the training its
priorities cite, from its records and entered values: read back from the HTML, the PDF and the
Word file. The demo loads once (it is large), and every format is read from that one load."""

from __future__ import annotations

import pytest

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.demo import loader
from safeguarding.demo import training_pack as pack
from safeguarding.metrics.selectors import Origin, series
from safeguarding.reports import document
from safeguarding.reports import registry as report_registry
from safeguarding.training.gain import learning_gain
from tests.reviews.test_report import html_text, pdf_text, word_rows, word_text

pytestmark = pytest.mark.django_db

YEAR = ReportingYear(2023)
ACP = "Advanced Child Protection 2 day"
UPDATE = "Advanced Child Protection Update"
INTRO = "Introduction to Child Protection"
SEED = [
    "615 practitioners trained on Advanced Child Protection 2 day, up from 592 in 2022-23",
    "745 practitioners trained on Advanced Child Protection Update, up from 634 in 2022-23",
    "By sector, the fewest practitioners trained in 2023-24 came from Police",
    "Understanding Neglect Early Help Low Level Concerns LADO workshop Child Exploitation "
    "Brook Traffic Light Tool Motivational Interviewing Safeguarding Unborn Babies",
    "Neglect (100 attendees) and Getting to know the agencies in Somerset (413 attendees and "
    "video views)",
    "Serious Youth Violence training for senior leaders, which was attended by 40 managers from "
    "5 agencies",
    # Under the priorities.
    "Child Exploitation: 89 practitioners trained in 2023-24",
    "Serious Youth Violence (commissioned): 40 managers trained in 2023-24",
    "Motivational Interviewing: 82 practitioners trained in 2023-24",
    # The seed's ten quotes.
    *(f"“{quote}”" for quotes in pack.QUOTES.values() for quote in quotes),
]


@pytest.fixture
def somerset() -> Partnership:
    loader.load(password="demo-password-for-tests")
    return Partnership.objects.get(slug="somerset")


@pytest.fixture
def training_sections(monkeypatch):
    codes = ("learning_development", "priorities")
    sections = {code: report_registry.get(code) for code in codes}
    monkeypatch.setattr(report_registry, "_sections", sections)


def test_the_demo_reproduces_the_seeds_learning_and_development(somerset, training_sections):
    doc = document.build(somerset, YEAR, None)
    for read in (html_text, pdf_text, word_text):
        text = read(doc)
        assert [said for said in SEED if said not in text] == [], read.__name__
        assert pack.NOT_CHOSEN not in text, read.__name__
        assert pack.NO_CONSENT not in text, read.__name__

    core = word_rows(doc, "Course | 2021-22 | 2022-23 | 2023-24")
    assert core[1:3] == [[ACP, "307", "592", "615"], [UPDATE, "411", "634", "745"]]
    gain = word_rows(doc, "Course | Learning gain (overall) | Matched pairs (n)")
    assert gain[1:] == [[ACP, "17%", "25"], [UPDATE, "11%", "25"], [INTRO, "16.4%", "125"]]

    # 2021-22 and 2022-23 are entered; 2023-24 is counted from the attended bookings.
    years = [YEAR.previous(2), YEAR.previous(), YEAR]
    trained = series("training.trained", partnership=somerset, years=years, breakdown="course")
    assert [trained.cell(y, ACP).origin for y in years] == [Origin.ENTERED] * 2 + [Origin.COMPUTED]
    # Unmatched ratings and pairs already at the top of the scale are in the records, and the
    # headline still comes out as the seed's.
    by_course = learning_gain(partnership=somerset, year=YEAR, by=("course",)).groups
    assert {title: (g.unmatched, g.ceiling) for (title,), g in by_course.items() if g} == {
        ACP: (5, 1),
        UPDATE: (5, 1),
        INTRO: (10, 3),
    }
    sectors = series("training.trained", partnership=somerset, years=[YEAR], breakdown="sector")
    fewest = sorted((sectors.value(YEAR, key), key) for key in sectors.keys if key)[:2]
    assert [key for _, key in fewest] == ["Police", "Health"]


def test_the_committed_training_sheets_are_what_the_generator_writes(tmp_path):
    """`python -m safeguarding.demo.training_pack` is deterministic, and was run after its last
    change: the pack's CSV files are exactly what it writes."""
    (tmp_path / "metric_values.csv").write_bytes((pack.PACK / "metric_values.csv").read_bytes())
    pack.main(tmp_path)
    for written in sorted(tmp_path.glob("*.csv")):
        assert written.read_bytes() == (pack.PACK / written.name).read_bytes(), written.name
    assert len(list(tmp_path.glob("*.csv"))) == 10
