"""The aggregates behind the professional differences figures (`escalations.figures`): what each
counts, in which year, and that each is one query however many rows there are."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from safeguarding.core.years import ReportingYear
from safeguarding.escalations import figures
from safeguarding.escalations.models import PositiveOutcome
from tests.escalations.conftest import TALK, THRESHOLD
from tests.escalations.factories import (
    EscalationFactory,
    EscalationStepFactory,
    SurveyResponseFactory,
    serving_agency,
)

YEAR = ReportingYear(2023)
NOW = dt.datetime(2024, 9, 30, 12, tzinfo=dt.UTC)
VCFSE = "Voluntary, community, faith and social enterprise"

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def differences(partnership, agency, health, council, charity, themes, other_partnership):
    """Five differences raised in 2023-24 (highest steps 3, 4, 1, 3 skipping 2, and 2), one the
    year before, one the year after, and one of another partnership."""

    def raise_(raised_on, by, steps, theme=None, **fields):
        return EscalationFactory(
            partnership=partnership,
            raised_on=raised_on,
            raising_agency=by,
            receiving_agency=health if by == council else council,
            steps=steps,
            theme=themes[theme] if theme else None,
            **fields,
        )

    raise_(dt.date(2023, 6, 5), health, 3, TALK, closed=True, issue_type="communication")
    raise_(dt.date(2023, 10, 2), health, 4, TALK)
    raise_(dt.date(2024, 3, 28), agency, 1, THRESHOLD, closed=True)
    raise_(dt.date(2023, 4, 3), charity, [1, 3], TALK, issue_type="communication")
    raise_(dt.date(2024, 1, 8), council, 2)
    raise_(dt.date(2023, 3, 27), health, 3, THRESHOLD)
    raise_(dt.date(2024, 4, 2), health, 4)
    EscalationFactory(partnership=other_partnership, raised_on=dt.date(2023, 6, 5), steps=4)


def test_raised_in_the_year_by_each_breakdown(partnership, differences):
    def raised(by=None, year=YEAR):
        return figures.raised(partnership=partnership, year=year, by=by)

    assert raised() == {"": 5}
    assert raised("step") == {"Step 1": 1, "Step 2": 1, "Step 3": 2, "Step 4": 1, "": 5}
    assert raised("sector") == {"Health": 2, "Police": 1, VCFSE: 1, "Local authority": 1, "": 5}
    assert raised("agency") == {
        "Testshire Health Trust": 2,
        "Testshire Police": 1,
        "Testshire Youth Charity": 1,
        "Testshire Children's Social Care": 1,
        "": 5,
    }
    # A difference without a theme counts in the total only.
    assert raised("theme") == {TALK: 3, THRESHOLD: 1, "": 5}
    assert raised("issue_type") == {
        "Communication or support": 2,
        "Threshold or referral decision": 3,
        "": 5,
    }
    assert raised(year=YEAR.previous()) == {"": 1}
    assert raised(year=ReportingYear(2024)) == {"": 1}


def test_step_3_counts_those_that_reached_step_3_or_4(partnership, differences):
    def step_3(by=None, year=YEAR):
        return figures.step_3(partnership=partnership, year=year, by=by)

    assert step_3() == {"": 3}
    assert step_3("sector") == {"Health": 2, VCFSE: 1, "": 3}
    assert step_3("agency") == {"Testshire Health Trust": 2, "Testshire Youth Charity": 1, "": 3}
    assert step_3("theme") == {TALK: 3, "": 3}
    assert step_3(year=YEAR.previous()) == {"": 1}


def test_a_year_before_the_first_difference_has_no_figure_and_a_later_one_counts_0(
    partnership, differences
):
    before, empty = ReportingYear(2021), ReportingYear(2025)
    for figure in (figures.raised, figures.step_3):
        assert figure(partnership=partnership, year=before) is None
        assert figure(partnership=partnership, year=before, by="sector") is None
        assert figure(partnership=partnership, year=empty) == {"": 0}
        assert figure(partnership=partnership, year=empty, by="sector") == {"": 0}


def test_a_partnership_without_differences_has_no_figure(other_partnership, partnership):
    assert figures.raised(partnership=partnership, year=YEAR) is None
    assert figures.step_3(partnership=partnership, year=YEAR, by="theme") is None
    assert figures.steps_on_time(partnership=partnership, year=YEAR) is None


def test_steps_completed_on_time_in_the_year_by_step(partnership):
    def step(escalation, number, started, completed, due=None):
        fields = {"due_on": due} if due else {}
        return EscalationStepFactory(
            escalation=escalation,
            step=number,
            started_on=started,
            completed_on=completed,
            **fields,
        )

    first = EscalationFactory(partnership=partnership, steps=[])
    step(first, 1, dt.date(2023, 10, 2), dt.date(2023, 10, 4))  # due 4 October: on time
    step(first, 2, dt.date(2023, 10, 4), dt.date(2023, 10, 12))  # due 11 October: late
    step(first, 3, dt.date(2023, 10, 12), dt.date(2024, 4, 2))  # completed in 2024-25
    second = EscalationFactory(partnership=partnership, raised_on=dt.date(2023, 3, 27), steps=[])
    step(second, 1, dt.date(2023, 3, 27), dt.date(2023, 3, 29))  # completed in 2022-23
    step(second, 2, dt.date(2023, 3, 29), dt.date(2023, 4, 20))  # late
    third = EscalationFactory(partnership=partnership, steps=[])
    step(third, 2, dt.date(2023, 10, 2), dt.date(2023, 10, 6))  # due 9 October: on time

    found = figures.steps_on_time(partnership=partnership, year=YEAR, by_step=True)
    assert found == {"Step 1": Decimal(100), "Step 2": Decimal("33.3"), "": Decimal(50)}
    assert figures.steps_on_time(partnership=partnership, year=YEAR) == {"": Decimal(50)}
    assert figures.steps_on_time(partnership=partnership, year=ReportingYear(2024)) == {
        "": Decimal(0)
    }
    assert figures.steps_on_time(partnership=partnership, year=ReportingYear(2025)) is None


def test_the_survey_share_answering_yes_and_the_quotes_chosen(partnership, other_partnership):
    def response(on, answer=PositiveOutcome.YES, comment="", chosen=False, where=partnership):
        SurveyResponseFactory(
            partnership=where,
            received_on=on,
            positive_outcome=answer,
            comment=comment,
            quote_in_report=chosen,
        )

    response(dt.date(2024, 2, 1), comment="Allowed open challenge.", chosen=True)
    response(dt.date(2023, 5, 1), comment="It improved the plan.", chosen=True)
    response(dt.date(2023, 7, 1), PositiveOutcome.NO, comment="It took too long.")
    response(dt.date(2023, 8, 1), PositiveOutcome.NOT_SURE)
    response(dt.date(2024, 4, 1), comment="Next year's quote.", chosen=True)
    response(
        dt.date(2023, 5, 1), comment="Another partnership's.", chosen=True, where=other_partnership
    )

    counts = figures.survey(partnership=partnership, year=YEAR)
    assert (counts.responses, counts.positive) == (4, 2)
    assert figures.survey_positive(partnership=partnership, year=YEAR) == {"": Decimal(50)}
    assert figures.survey_positive(partnership=partnership, year=YEAR.previous()) is None
    assert figures.chosen_quotes(partnership=partnership, year=YEAR) == [
        "It improved the plan.",
        "Allowed open challenge.",
    ]


def more_differences(partnership, count: int) -> None:
    """`count` more differences of 2023-24, each of a new agency, reaching step 3 or 4, with a
    survey response and a chosen quote."""
    for n in range(count):
        by = serving_agency(partnership, "police")
        escalation = EscalationFactory(partnership=partnership, raising_agency=by, steps=3 + n % 2)
        SurveyResponseFactory(
            partnership=partnership,
            escalation=escalation,
            comment=f"Quote {n}",
            quote_in_report=True,
        )


def test_each_figure_is_one_query_however_many_rows(
    partnership, differences, django_assert_num_queries
):
    def every_figure():
        for by in (None, "step", "agency", "sector", "theme", "issue_type"):
            figures.raised(partnership=partnership, year=YEAR, by=by)
        for by in (None, "agency", "sector", "theme"):
            figures.step_3(partnership=partnership, year=YEAR, by=by)
        figures.steps_on_time(partnership=partnership, year=YEAR)
        figures.steps_on_time(partnership=partnership, year=YEAR, by_step=True)
        figures.survey_positive(partnership=partnership, year=YEAR)
        return figures.chosen_quotes(partnership=partnership, year=YEAR)

    more_differences(partnership, 2)
    with django_assert_num_queries(14):
        every_figure()
    more_differences(partnership, 20)
    with django_assert_num_queries(14):
        assert len(every_figure()) == 22
    assert figures.step_3(partnership=partnership, year=YEAR) == {"": 25}
