"""The "Child Death Overview Panel" section of the yearly report, for a synthetic partnership
shaped like the seed's: 30 deaths of Testshire children notified in 2023-24 to the panel it
shares with Elsewhere (15 under 1, 5 aged 15 to 17), 5 reviews completed, after 34, 36, 27 and
25 deaths entered for the years before the Hub. At the site's threshold (5) the report hides
the counts from 1 to 5; the trend sentence is generated from the published totals."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess

import docx
import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.child_deaths import report as section
from safeguarding.child_deaths.models import AgeBand, Category, ModifiableFactors
from safeguarding.core.years import ReportingYear
from safeguarding.reports import document, rendering
from safeguarding.reports import registry as report_registry
from safeguarding.reports import services as report_services
from tests.child_deaths.factories import ChildDeathFactory, PanelFactory

NOW = dt.datetime(2024, 9, 30, 12, tzinfo=dt.UTC)
YEAR = ReportingYear(2023)
#: The seed's 30 deaths by age band: 15 under 1, 5 aged 15 to 17.
BANDS = {
    AgeBand.NEONATAL: 9,
    AgeBand.POST_NEONATAL: 6,
    AgeBand.AGE_1_4: 4,
    AgeBand.AGE_5_9: 2,
    AgeBand.AGE_10_14: 4,
    AgeBand.AGE_15_17: 5,
}
REVIEWS = [
    (Category.PERINATAL, ModifiableFactors.NO),
    (Category.PERINATAL, ModifiableFactors.YES),
    (Category.GENETIC, ModifiableFactors.NO),
    (Category.SUDDEN, ModifiableFactors.INSUFFICIENT),
    (Category.INFECTION, ModifiableFactors.YES),
]
PANEL = "Testshire and Elsewhere have a joint Child Death Overview Panel to share learning."
YEAR_SENTENCE = (
    "Between 1 April 2023 and 31 March 2024, there were 30 child deaths (child death "
    "notifications) of children living in Testshire, and 5 CDOP reviews were completed."
)
TREND = (
    "After two years of fewer deaths (2021-22 and 2022-23), the number of deaths increased in "
    "2023-24."
)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def add_deaths(partnership, panel, bands, reviews=(), died_on=dt.date(2023, 6, 1), prefix="T"):
    """Deaths notified two days after `died_on`, the first `len(reviews)` reviewed in January."""
    bands_in_order = [band for band, count in bands.items() for _ in range(count)]
    for n, band in enumerate(bands_in_order):
        fields = {}
        if n < len(reviews):
            category, factors = reviews[n]
            fields = {
                "review_meeting_on": dt.date(2023, 12, 4),
                "review_completed_on": dt.date(2024, 1, 15),
                "category": category,
                "modifiable_factors": factors,
            }
        ChildDeathFactory(
            partnership=partnership,
            panel=panel,
            age_band=band,
            died_on=died_on,
            case_code=f"{prefix}-{n + 1:03d}",
            **fields,
        )


@pytest.fixture
def deaths(partnership, other_partnership, panel):
    add_deaths(partnership, panel, BANDS, REVIEWS)
    add_deaths(partnership, panel, {AgeBand.AGE_5_9: 1}, died_on=dt.date(2024, 4, 3), prefix="N")
    add_deaths(other_partnership, panel, {AgeBand.NEONATAL: 7}, REVIEWS, prefix="E")


def data(partnership, year=YEAR):
    return section.child_deaths_data(partnership, year)


def paragraphs(found) -> list[str]:
    return [p for part in found["parts"] for p in part.get("paragraphs", [])]


def table(found, caption_start):
    (match,) = [
        t
        for part in found["parts"]
        for t in part.get("tables", [])
        if t["caption"].startswith(caption_start)
    ]
    return match


def test_the_section_is_registered_with_its_title():
    registered = report_registry.get("child_deaths")
    assert registered is not None
    assert registered.title == "Child Death Overview Panel"
    assert registered.template == "child_deaths/report/section.html"


def test_the_seeds_sentences_are_generated(partnership, deaths, entered):
    said = paragraphs(data(partnership))
    assert said[:3] == [PANEL, YEAR_SENTENCE, TREND]


def test_the_bullets_hide_a_small_count(partnership, deaths, entered):
    (bullets,) = data(partnership)["parts"][1]["lists"]
    assert bullets == {
        "heading": "Child deaths in 2023-24",
        "items": [
            "There were 30 child deaths",
            "The number of deaths of under 1s was 15",
            "The number of deaths of 15 to 17 year olds was fewer than 6",
        ],
    }


def test_at_a_threshold_of_4_the_five_aged_15_to_17_are_published(
    partnership, deaths, entered, settings
):
    settings.DISCLOSURE_THRESHOLD = 4
    (bullets,) = data(partnership)["parts"][1]["lists"]
    assert bullets["items"][2] == "The number of deaths of 15 to 17 year olds was 5"
    bands = table(data(partnership), "Child deaths notified by age band")
    assert bands["rows"][-2] == ["15 to 17 years", "5", "17%"]
    assert bands["rows"][2] == ["1 to 4 years", "c", "c"]


def test_the_age_band_table_hides_small_counts_and_their_shares(partnership, deaths, entered):
    bands = table(data(partnership), "Child deaths notified by age band")
    assert bands["caption"] == "Child deaths notified by age band, 2023-24"
    assert bands["columns"] == ["Age band", "2023-24", "% of total"]
    assert bands["rows"] == [
        ["0 to 27 days", "9", "30%"],
        ["28 to 364 days", "6", "20%"],
        ["1 to 4 years", "c", "c"],
        ["5 to 9 years", "c", "c"],
        ["10 to 14 years", "c", "c"],
        ["15 to 17 years", "c", "c"],
        ["Total", "30", "100%"],
    ]


def test_the_deaths_by_year_table_takes_entered_values(partnership, deaths, entered):
    years = table(data(partnership), "Child deaths notified, 2019-20 to 2023-24")
    assert years["columns"] == ["Year", "Child deaths notified"]
    assert years["rows"] == [
        ["2019-20", "34"],
        ["2020-21", "36"],
        ["2021-22", "27"],
        ["2022-23", "25"],
        ["2023-24", "30"],
    ]


def test_five_reviews_by_category_are_all_hidden(partnership, deaths):
    found = data(partnership)
    reviews = found["parts"][2]
    assert reviews["heading"] == "Reviews completed by the panel"
    assert reviews["paragraphs"] == [
        "The share of the reviews completed in 2023-24 that identified modifiable factors is "
        "not published: the number of reviews is too small."
    ]
    (categories,) = reviews["tables"]
    assert [row[0] for row in categories["rows"]] == [
        Category.GENETIC.label,
        Category.PERINATAL.label,
        Category.INFECTION.label,
        Category.SUDDEN.label,
        "Total",
    ]
    assert {cell for row in categories["rows"] for cell in row[1:]} == {"c"}


def test_the_share_with_modifiable_factors_when_enough_reviews(partnership, panel):
    reviews = [(Category.PERINATAL, ModifiableFactors.YES)] * 8 + [
        (Category.CHRONIC, ModifiableFactors.NO)
    ] * 12
    add_deaths(partnership, panel, {AgeBand.NEONATAL: 20}, reviews)
    part = data(partnership)["parts"][2]
    assert part["paragraphs"] == [
        "The panel identified modifiable factors in 40% of the reviews completed in 2023-24."
    ]
    assert part["tables"][0]["rows"] == [
        [Category.CHRONIC.label, "12", "60%"],
        [Category.PERINATAL.label, "8", "40%"],
        ["Total", "20", "100%"],
    ]


def test_no_modifiable_factors_is_said_so(partnership, panel):
    add_deaths(partnership, panel, {AgeBand.AGE_1_4: 6}, [(Category.ACUTE, "no")] * 6)
    (said,) = data(partnership)["parts"][2]["paragraphs"]
    assert said == "The panel identified no modifiable factors in the reviews completed in 2023-24."


def test_a_partnerships_own_panel(partnership):
    own = PanelFactory(name="Testshire CDOP", slug="testshire-cdop", partnerships=[partnership])
    add_deaths(partnership, own, {AgeBand.AGE_10_14: 7})
    said = paragraphs(data(partnership))
    assert said[0] == "Testshire has its own Child Death Overview Panel."
    assert said[1] == (
        "Between 1 April 2023 and 31 March 2024, there were 7 child deaths (child death "
        "notifications) of children living in Testshire, and no CDOP reviews were completed."
    )
    assert len(said) == 3  # no trend without last year's figure
    assert said[2] == "No CDOP reviews were completed in 2023-24."


def test_few_deaths_are_never_stated(partnership, panel):
    add_deaths(partnership, panel, {AgeBand.AGE_1_4: 3})
    found = data(partnership)
    assert paragraphs(found)[1].startswith(
        "Between 1 April 2023 and 31 March 2024, there were fewer than 6 child deaths"
    )
    assert found["parts"][1]["lists"][0]["items"] == [
        "There were fewer than 6 child deaths",
        "The number of deaths of under 1s was 0",
        "The number of deaths of 15 to 17 year olds was 0",
    ]
    assert " 3 " not in json.dumps(found)


def test_a_year_without_records_says_so(partnership):
    found = data(partnership)
    assert paragraphs(found) == [
        "Between 1 April 2023 and 31 March 2024, no deaths of children living in Testshire or "
        "CDOP reviews of them are recorded.",
        "No child deaths are recorded for 2023-24.",
        "No CDOP reviews are recorded for 2023-24.",
    ]
    assert json.loads(json.dumps(found)) == found


def test_a_year_before_the_hub_takes_its_entered_total(partnership, deaths, entered):
    found = data(partnership, YEAR.previous())
    assert paragraphs(found) == [
        PANEL,
        "Between 1 April 2022 and 31 March 2023, there were 25 child deaths (child death "
        "notifications) of children living in Testshire, and no CDOP reviews are recorded.",
        "The number of deaths decreased for the second year running in 2022-23.",
        "No CDOP reviews are recorded for 2022-23.",
    ]
    figures_part = found["parts"][1]
    assert figures_part["lists"][0]["items"] == ["There were 25 child deaths"]
    assert [t["caption"] for t in figures_part["tables"]] == [
        "Child deaths notified, 2018-19 to 2022-23"
    ]


def test_the_sections_queries_do_not_grow_with_the_deaths(
    partnership, panel, entered, django_assert_num_queries
):
    # The panels and the partnerships they serve (2); each series' entered values and a query
    # a year: deaths over five years (6), reviews, age bands, under 1, categories, modifiable
    # factors (2 each).
    queries = 2 + 6 + 5 * 2
    add_deaths(partnership, panel, BANDS, REVIEWS)
    with django_assert_num_queries(queries):
        data(partnership)
    add_deaths(partnership, panel, {**BANDS, AgeBand.AGE_1_4: 40}, REVIEWS * 8, prefix="M")
    with django_assert_num_queries(queries):
        found = data(partnership)
    assert "there were 96 child deaths" in paragraphs(found)[1]
    assert "and 45 CDOP reviews were completed" in paragraphs(found)[1]


# The trend sentence, for every shape of trend


def years(*values, last="2023-24"):
    end = ReportingYear.from_label(last)
    labels = [end.previous(n).label for n in range(len(values) - 1, -1, -1)]
    return list(zip(labels, values, strict=True))


@pytest.mark.parametrize(
    ("totals", "said"),
    [
        (years(34, 36, 27, 25, 30), TREND),
        (
            years(20, 25, 28, 22),
            "After two years of more deaths (2021-22 and 2022-23), the number of deaths "
            "decreased in 2023-24.",
        ),
        (
            years(30, 35, 40, 38, 39),
            "After a year of fewer deaths (2022-23), the number of deaths increased in 2023-24.",
        ),
        (
            years(40, 35, 30, 28),
            "The number of deaths decreased for the third year running in 2023-24.",
        ),
        (years(30, 35), "The number of deaths increased in 2023-24 compared with 2022-23."),
        (
            years(30, 30, 35),
            "The number of deaths increased in 2023-24 compared with 2022-23.",
        ),
        (years(25, 25), "The number of deaths in 2023-24 was the same as in 2022-23."),
        (years("c", 12), "The number of deaths increased in 2023-24 compared with 2022-23."),
        (
            years(20, "c", 12),
            "After a year of fewer deaths (2022-23), the number of deaths increased in 2023-24.",
        ),
        (years("c", 0), "The number of deaths decreased in 2023-24 compared with 2022-23."),
        (years(25), None),
        (years("c", "c"), None),
        (years(30, 25, last="2022-23"), None),  # no figure for the year itself
        ([("2021-22", 30), ("2023-24", 25)], None),  # nothing for 2022-23
    ],
)
def test_the_trend_sentence(totals, said):
    assert section.trend_sentence(totals, "2023-24") == said


def test_a_run_breaks_where_a_year_is_missing():
    totals = [("2019-20", 40), ("2021-22", 30), ("2022-23", 25), ("2023-24", 20)]
    assert section.trend_sentence(totals, "2023-24") == (
        "The number of deaths decreased for the second year running in 2023-24."
    )


# The report's files and page


@pytest.fixture
def only_this_section(monkeypatch):
    monkeypatch.setattr(
        report_registry, "_sections", {"child_deaths": report_registry.get("child_deaths")}
    )


def flat(text: str) -> str:
    text = text.replace("&#x27;", "'").replace("&amp;", "&").replace("•", " ")
    return re.sub(r"\s+", " ", text)


def html_text(doc) -> str:
    return flat(re.sub(r"<[^>]+>", " ", rendering.standalone_html(doc)))


def pdf_text(doc) -> str:
    result = subprocess.run(
        ["pdftotext", "-", "-"], input=rendering.pdf_bytes(doc), capture_output=True, check=True
    )
    return flat(result.stdout.decode())


def word_text(doc) -> str:
    word = docx.Document(io.BytesIO(rendering.docx_bytes(doc)))
    rows = [" | ".join(c.text for c in row.cells) for t in word.tables for row in t.rows]
    return flat("\n".join([*(p.text for p in word.paragraphs), *rows]))


SEEN = [
    "Child Death Overview Panel",
    PANEL,
    YEAR_SENTENCE,
    TREND,
    "Testshire child death data 2023-24",
    "There were 30 child deaths",
    "The number of deaths of under 1s was 15",
    "The number of deaths of 15 to 17 year olds was fewer than 6",
    "Reviews completed by the panel",
]


@pytest.mark.parametrize("read", [html_text, pdf_text, word_text], ids=["html", "pdf", "docx"])
def test_every_format_holds_the_sections_text(
    partnership, deaths, entered, only_this_section, read
):
    text = read(document.build(partnership, YEAR, None))
    assert [said for said in SEEN if said not in text] == []
    assert text.index(PANEL) < text.index(TREND) < text.index("There were 30 child deaths")
    if read is not word_text:  # Word's tables are read after its paragraphs
        assert text.index("0 to 27 days") < text.index("15 to 17 years") < text.index("Reviews")


def test_the_word_table_by_age_band(partnership, deaths, entered, only_this_section):
    word = docx.Document(io.BytesIO(rendering.docx_bytes(document.build(partnership, YEAR, None))))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in word.tables]
    (bands,) = [rows for rows in tables if rows[0][0] == "Age band"]
    assert bands[1] == ["0 to 27 days", "9", "30%"]
    assert bands[-1] == ["Total", "30", "100%"]


def test_the_hub_report_page_shows_the_section(partnership, personas, client_as, deaths):
    report = report_services.report_create(actor=None, partnership=partnership, year=YEAR)
    client = client_as(personas[Role.EXECUTIVE])
    page = client.get(reverse("reports:report_detail", args=[partnership.slug, report.pk]))
    text = flat(re.sub(r"<[^>]+>", " ", page.content.decode()))
    assert "Child Death Overview Panel" in text
    assert "there were 30 child deaths" in text
