"""The register's list: each row's step, next due date and clock; its filters; its pages; and the
queries it makes, pinned (the list and the record page make as many with many rows as with few)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from safeguarding.escalations.selectors import PER_PAGE
from tests.core.pages import table_rows
from tests.escalations.factories import EscalationFactory, SurveyResponseFactory
from tests.escalations.pages import NOW, text_of, url

pytestmark = pytest.mark.django_db


def make(partnership, raising, receiving, n, **fields):
    return EscalationFactory(
        partnership=partnership,
        raising_agency=raising,
        receiving_agency=receiving,
        reference=f"RPD-{n:04d}",
        case_code=f"Child {n}",
        **fields,
    )


@time_machine.travel(NOW, tick=False)
def test_each_row_shows_its_step_next_due_date_and_clock(
    business_unit, partnership, agency, health
):
    make(partnership, agency, health, 1, raised_on=dt.date(2024, 5, 14))
    make(partnership, agency, health, 2, raised_on=dt.date(2024, 5, 1), steps=[1, 2])
    make(partnership, health, agency, 3, raised_on=dt.date(2024, 4, 2), steps=3, closed=True)
    rows = table_rows(business_unit.get(url("escalation_list", partnership)), "escalations")
    assert rows[0].endswith("Step 1 16 May 2024 Due soon")
    assert rows[1].endswith("Step 2 13 May 2024 Overdue 2 working days late")
    assert rows[2].endswith("Step 3 Closed 2 May 2024 Met late 13 working days late")


@time_machine.travel(NOW, tick=False)
def test_the_filters_choose_rows_and_bad_ones_show_errors(
    business_unit, partnership, agency, health, council, themes
):
    theme = next(iter(themes.values()))
    make(partnership, agency, health, 1, raised_on=dt.date(2024, 5, 1), theme=theme)
    make(partnership, agency, council, 2, raised_on=dt.date(2024, 3, 1), steps=3)
    make(partnership, health, council, 3, raised_on=dt.date(2023, 5, 1), closed=True)
    page = url("escalation_list", partnership)

    def references(query):
        rows = table_rows(business_unit.get(page, query), "escalations")
        return [row.split()[0] for row in rows]

    assert references({}) == ["RPD-0001", "RPD-0002", "RPD-0003"]
    assert references({"year": "2023-24"}) == ["RPD-0002", "RPD-0003"]
    assert references({"step": "3"}) == ["RPD-0002"]
    assert references({"status": "closed"}) == ["RPD-0003"]
    assert references({"status": "open", "agency": council.pk}) == ["RPD-0002"]
    assert references({"theme": theme.pk}) == ["RPD-0001"]
    empty = business_unit.get(page, {"step": "4"})
    assert text_of(empty, "escalations-empty") == "No differences match these filters."
    wrong = business_unit.get(page, {"year": "2023"})
    assert "govuk-error-summary" in wrong.content.decode()
    assert text_of(wrong, "escalation-count") == "3 differences"


@time_machine.travel(NOW, tick=False)
def test_the_register_is_paginated(business_unit, partnership, agency, health):
    for n in range(1, PER_PAGE + 3):
        make(partnership, agency, health, n)
    first = business_unit.get(url("escalation_list", partnership), {"status": "open"})
    assert len(table_rows(first, "escalations")) == PER_PAGE
    second = business_unit.get(url("escalation_list", partnership), {"status": "open", "page": 2})
    assert len(table_rows(second, "escalations")) == 2
    assert 'href="?status=open&amp;page=1"' in second.content.decode()


def _queries(client, page, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as context:
        assert client.get(page).status_code == 200
    return len(context.captured_queries)


@time_machine.travel(NOW, tick=False)
def test_the_list_makes_as_many_queries_for_many_rows_as_for_few(
    business_unit, partnership, agency, health, themes, django_assert_max_num_queries
):
    theme = next(iter(themes.values()))
    page = url("escalation_list", partnership)
    make(partnership, agency, health, 1, theme=theme, steps=2)
    few = _queries(business_unit, page, django_assert_max_num_queries, 15)
    for n in range(2, PER_PAGE + 1):
        make(partnership, health, agency, n, theme=theme, steps=[1, 3], closed=n % 2 == 0)
    assert _queries(business_unit, page, django_assert_max_num_queries, 15) == few


@time_machine.travel(NOW, tick=False)
def test_the_record_page_makes_as_many_queries_for_many_steps_and_findings(
    business_unit, partnership, agency, health, themes, django_assert_max_num_queries
):
    from safeguarding.escalations import services

    one = make(partnership, agency, health, 1)
    many = make(partnership, agency, health, 2, steps=4, closed=True)
    for text in ("One.", "Two.", "Three."):
        services.escalation_finding_raise(
            actor=None,
            escalation=many,
            text=text,
            recorded_on=NOW.date(),
            themes=list(themes.values()),
        )
    services.escalation_finding_raise(
        actor=None, escalation=one, text="Only.", recorded_on=NOW.date()
    )
    SurveyResponseFactory(partnership=partnership, escalation=many)
    limit = 14
    few = _queries(
        business_unit,
        url("escalation_detail", partnership, one.pk),
        django_assert_max_num_queries,
        limit,
    )
    page = url("escalation_detail", partnership, many.pk)
    assert _queries(business_unit, page, django_assert_max_num_queries, limit) == few
