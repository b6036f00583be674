"""The yearly report's "Resolving Professional Differences" section, for a small synthetic
partnership shaped like the seed report's 2023-24: 23, 13, 6 and 7 step 3 differences entered for
2019-20 to 2022-23, then 21 of the 25 differences raised in 2023-24 reaching step 3 or 4 (health,
police and the voluntary sector raising most), the most common theme, and a survey whose chosen
quotes are the report's."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.core import services as core_services
from safeguarding.core.years import ReportingYear
from safeguarding.escalations import report as escalations_report
from safeguarding.escalations.models import PositiveOutcome
from safeguarding.metrics import services as metric_services
from safeguarding.reports import document
from safeguarding.reports import registry as report_registry
from tests.escalations.conftest import TALK, THRESHOLD
from tests.escalations.factories import (
    EscalationFactory,
    SurveyResponseFactory,
    serving_agency,
)
from tests.reviews.test_report import flat, html_text, word_rows, word_text

YEAR = ReportingYear(2023)
NEXT = ReportingYear(2024)
NOW = dt.datetime(2024, 9, 30, 12, tzinfo=dt.UTC)
ENTERED = {2019: 23, 2020: 13, 2021: 6, 2022: 7}
VCFSE = "Voluntary, community, faith and social enterprise"
QUOTES = [
    "It resulted in improved care planning for the child.",
    "Allowed appropriate escalation, open challenge and shared outcomes.",
    "It improved communication between Health and Children's Social Care.",
]
NOT_CHOSEN = "The form was hard to find."
LAST_YEAR = "A quote chosen in 2022-23."

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def entered(partnership):
    for start, value in ENTERED.items():
        metric_services.entered_value_set(
            actor=None,
            partnership=partnership,
            metric="escalations.step_3",
            period=ReportingYear(start),
            value=Decimal(value),
            source="Yearly report, Resolving Professional Differences table",
        )


@pytest.fixture
def schools(partnership):
    return core_services.agency_create(
        actor=None,
        partnership=partnership,
        name="Testshire Schools",
        sector="education",
        designation="relevant_agency",
    )


def raise_(partnership, by, count, steps, theme=None, receiving=None, on=dt.date(2023, 10, 2)):
    receiving_agency = {"receiving_agency": receiving} if receiving else {}
    for n in range(count):
        EscalationFactory(
            partnership=partnership,
            raising_agency=by,
            **receiving_agency,
            raised_on=on + dt.timedelta(days=7 * n),
            steps=steps if isinstance(steps, int) else steps[n % len(steps)],
            theme=theme,
        )


@pytest.fixture
def differences(partnership, agency, health, council, charity, schools, themes):
    """2023-24: health 9 (step 3), police 6 (step 3), the charity 6 (steps 3 and 4), the council
    and the schools 2 each (resolved at step 1 or 2): 25 raised, 21 reaching step 3 or 4."""
    talk, threshold = themes[TALK], themes[THRESHOLD]
    raise_(partnership, health, 5, 3, talk, council)
    raise_(partnership, health, 4, 3, threshold, council)
    raise_(partnership, agency, 6, 3, talk, council)
    raise_(partnership, charity, 6, [3, 4], talk, council)
    raise_(partnership, council, 2, 1, threshold, health)
    raise_(partnership, schools, 2, 2, None, council)


@pytest.fixture
def survey(partnership):
    """Eight responses in 2023-24, seven saying yes; three quotes chosen (and others not)."""
    for n, quote in enumerate(QUOTES):
        SurveyResponseFactory(
            partnership=partnership,
            received_on=dt.date(2023, 11, 1) + dt.timedelta(days=n),
            comment=quote,
            quote_in_report=True,
        )
    SurveyResponseFactory(partnership=partnership, comment=NOT_CHOSEN)
    for _ in range(3):
        SurveyResponseFactory(partnership=partnership, comment="")
    SurveyResponseFactory(partnership=partnership, positive_outcome=PositiveOutcome.NO)
    SurveyResponseFactory(
        partnership=partnership,
        received_on=dt.date(2023, 2, 1),
        comment=LAST_YEAR,
        quote_in_report=True,
    )


@pytest.fixture
def only_this_section(monkeypatch):
    """The document holds this section alone, whatever other apps register."""
    section = report_registry.get("professional_differences")
    monkeypatch.setattr(report_registry, "_sections", {"professional_differences": section})


def build(partnership, year=YEAR):
    return document.build(partnership, year, None)


SEEN = [
    "Resolving Professional Differences",
    "21 step 3 differences, up from 7 in 2022-23, the most since 2019-20.",
    "Year Number of RPDs",
    "2019-20 23 2020-21 13 2021-22 6 2022-23 7 2023-24 21",
    "Use of the protocol by sector",
    "25 professional differences were raised under the protocol in 2023-24, at steps 1 to 4.",
    "The sectors raising the most differences in 2023-24 were Health (9), Police (6) and "
    f"{VCFSE} (6).",
    "The most common theme across the differences raised in 2023-24 was lack of communication "
    "or support in relation to the safeguarding arrangements for a child.",
    "Survey feedback",
    "8 practitioners who used the protocol answered the partnership's survey in 2023-24: 87.5% "
    "said it resulted in a positive outcome for the child.",
    *(f"“{quote}”" for quote in QUOTES),
]


@pytest.mark.parametrize("read", [html_text, word_text], ids=["html", "docx"])
def test_every_format_holds_the_sections_figures(
    partnership, entered, differences, survey, only_this_section, read
):
    text = read(build(partnership)).replace(" | ", " ")  # Word: a table row's cells
    assert [said for said in SEEN if said not in text] == []
    assert [said for said in (NOT_CHOSEN, LAST_YEAR) if said in text] == []
    assert text.index("21 step 3 differences") < text.index("Use of the protocol by sector")
    assert text.index("Use of the protocol by sector") < text.index("The most common theme")
    assert text.index("The most common theme") < text.index("Survey feedback")


def test_the_use_by_sector_is_published_with_small_counts_hidden(
    partnership, entered, differences, only_this_section
):
    rows = word_rows(build(partnership), "Sector of the raising agency")
    assert rows[0] == ["Sector of the raising agency", "2023-24", "% of total"]
    assert sorted(rows[1:-1]) == [
        ["Education", "c", "c"],
        ["Health", "9", "36%"],
        ["Local authority", "c", "c"],
        ["Police", "6", "24%"],
        [VCFSE, "6", "24%"],
    ]
    assert rows[-1] == ["Total", "25", "100%"]


def test_the_step_3_table_is_the_seeds(partnership, entered, differences, only_this_section):
    rows = word_rows(build(partnership), "Year | Number of RPDs")
    assert rows[1:] == [
        ["2019-20", "23"],
        ["2020-21", "13"],
        ["2021-22", "6"],
        ["2022-23", "7"],
        ["2023-24", "21"],
    ]


def test_a_small_year_is_never_stated(partnership, agency, health, entered, differences):
    """2024-25: three differences reached step 3 and three practitioners answered: each hidden."""
    raise_(partnership, agency, 3, 3, receiving=health, on=dt.date(2024, 5, 1))
    for _ in range(3):
        SurveyResponseFactory(partnership=partnership, received_on=dt.date(2024, 6, 1))
    data = escalations_report.professional_differences_data(partnership, NEXT)
    said = json.dumps(data, ensure_ascii=False)
    first = data["parts"][0]
    assert first["paragraphs"] == [
        "Fewer than 6 step 3 differences in 2024-25, down from 21 in 2023-24."
    ]
    assert first["tables"][0]["rows"][-1] == ["2024-25", "c"]
    assert "Fewer than 6 professional differences were raised" in said
    assert data["parts"][3]["paragraphs"] == [
        "Fewer than 6 practitioners who used the protocol answered the partnership's survey in "
        "2024-25."
    ]
    assert "%" not in json.dumps(data["parts"][3])


def test_a_year_without_records_says_so(partnership):
    data = escalations_report.professional_differences_data(partnership, YEAR)
    said = [p for part in data["parts"] for p in part.get("paragraphs", [])]
    assert said == [
        "No professional differences are recorded for 2023-24.",
        "No differences are recorded for 2023-24.",
        "No themes are recorded for the differences of 2023-24.",
        "No survey responses are recorded for 2023-24.",
    ]
    assert "tables" not in data["parts"][0]


def test_entered_years_show_before_the_first_record(partnership, entered):
    first = escalations_report.professional_differences_data(partnership, YEAR)["parts"][0]
    assert first["paragraphs"] == ["No professional differences are recorded for 2023-24."]
    assert first["tables"][0]["rows"][0] == ["2019-20", "23"]


def test_the_sections_queries_do_not_grow_with_the_differences(
    partnership, entered, differences, survey, django_assert_num_queries
):
    # Each series' entered values and a query a year: step 3 (5 years), by sector, by theme and
    # the survey's share (a year each); the survey's counts and the quotes.
    queries = (1 + 5) + (1 + 1) + (1 + 1) + (1 + 1) + 2
    with django_assert_num_queries(queries):
        escalations_report.professional_differences_data(partnership, YEAR)
    for n in range(20):
        by = serving_agency(partnership, "police", name=f"Another force {n}")
        raise_(partnership, by, 1, 4)
        SurveyResponseFactory(partnership=partnership, comment=f"Quote {n}", quote_in_report=True)
    with django_assert_num_queries(queries):
        data = escalations_report.professional_differences_data(partnership, YEAR)
    said = json.dumps(data, ensure_ascii=False)
    assert "41 step 3 differences" in said
    assert "“Quote 19”" in said
    assert json.loads(said) == data


def test_the_hub_report_page_shows_the_section(
    partnership, personas, client_as, entered, differences, survey
):
    from safeguarding.reports import services as report_services

    report = report_services.report_create(actor=None, partnership=partnership, year=YEAR)
    client = client_as(personas[Role.EXECUTIVE])
    page = client.get(reverse("reports:report_detail", args=[partnership.slug, report.pk]))
    text = flat(re.sub(r"<[^>]+>", " ", page.content.decode()))
    assert "Resolving Professional Differences" in text
    assert "21 step 3 differences, up from 7 in 2022-23, the most since 2019-20." in text
    assert f"“{QUOTES[0]}”" in text
