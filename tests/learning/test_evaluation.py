"""The Action Plan Evaluation: every action with its source, owner, status, due date and impact
judgement; its filters; overdue actions per agency; the share of completed actions with evidence
of impact. Its query count does not grow with the number of actions."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safeguarding.learning import selectors
from safeguarding.learning.models import Action, ActionStatus, ImpactJudgement, SourceKind
from tests.core.pages import error_summary, table_rows
from tests.learning.factories import make_action, make_evidence, make_source

NOW = dt.datetime(2024, 3, 5, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2024, 3, 5)


def url(partnership, query=""):
    base = reverse("learning:action_list", args=[partnership.slug])
    return f"{base}?{query}" if query else base


def titles(page):
    return [
        row.split(" Rapid review")[0].split(" Learning review")[0]
        for row in table_rows(page, "actions")
    ]


@pytest.fixture
def plan(partnership, agency, health):
    """Two sources; the police have one overdue and one completed-with-evidence action, health
    one overdue, one due later and one completed without evidence."""
    rapid = make_source(partnership)
    review = make_source(partnership, "Learning review: neglect", SourceKind.LEARNING_REVIEW)
    done = make_action(
        rapid,
        agency,
        title="Police done",
        status=ActionStatus.COMPLETED,
        due_on=dt.date(2024, 1, 5),
    )
    make_evidence(done, ImpactJudgement.PARTIAL)
    make_action(rapid, agency, title="Police late", due_on=dt.date(2024, 2, 1))
    make_action(review, health, title="Health late", due_on=dt.date(2024, 3, 1))
    make_action(review, health, title="Health later", due_on=dt.date(2024, 9, 1))
    make_action(
        review,
        health,
        title="Health done",
        status=ActionStatus.COMPLETED,
        due_on=dt.date(2024, 2, 1),
    )


@time_machine.travel(NOW, tick=False)
def test_every_action_shows_its_source_status_due_date_and_impact(business_unit, partnership, plan):
    page = business_unit.get(url(partnership))
    rows = table_rows(page, "actions")
    assert rows[0] == (
        "Police done Rapid review: Child Q Rapid review Testshire Police Completed Not rated "
        "5 Jan 2024 Partial impact"
    )
    assert rows[1].startswith("Police late Rapid review: Child Q")
    assert "Overdue" in rows[1]
    assert rows[1].endswith("1 Feb 2024 No evidence yet")
    assert len(rows) == 5


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=open", ["Police late", "Health late", "Health later"]),
        ("status=completed", ["Police done", "Health done"]),
        ("kind=learning_review", ["Health done", "Health late", "Health later"]),
        ("overdue=on", ["Police late", "Health late"]),
        ("overdue=on&kind=rapid_review", ["Police late"]),
    ],
)
def test_filters(business_unit, partnership, plan, query, expected):
    assert titles(business_unit.get(url(partnership, query))) == expected


@time_machine.travel(NOW, tick=False)
def test_filtering_by_agency(business_unit, partnership, plan, health):
    page = business_unit.get(url(partnership, f"agency={health.pk}"))
    assert titles(page) == ["Health done", "Health late", "Health later"]


@time_machine.travel(NOW, tick=False)
def test_an_unknown_agency_is_named_in_the_error_summary_and_ignored(
    business_unit, partnership, plan
):
    page = business_unit.get(url(partnership, "agency=999999&status=completed"))
    assert page.status_code == 200
    assert error_summary(page)[0][0] == "#id_agency"
    assert titles(page) == ["Police done", "Health done"]


@time_machine.travel(NOW, tick=False)
def test_overdue_actions_per_agency(business_unit, partnership, plan):
    page = business_unit.get(url(partnership))
    assert table_rows(page, "overdue-by-agency") == [
        "Testshire Health 2 1",
        "Testshire Police 1 1",
    ]


@time_machine.travel(NOW, tick=False)
def test_impact_coverage_is_the_share_of_completed_actions_with_evidence(
    business_unit, partnership, plan
):
    page = business_unit.get(url(partnership)).content.decode()
    assert "50%" in page
    assert "1 of 2 completed actions have evidence of impact." in page


def test_coverage_with_nothing_completed_says_so(business_unit, partnership):
    page = business_unit.get(url(partnership)).content.decode()
    assert "No action is completed yet." in page
    assert "No actions match." in page


def test_themes_across_sources_count_findings(partnership, source):
    from safeguarding.learning import services

    second = make_source(partnership, "Learning review: neglect", SourceKind.LEARNING_REVIEW)
    neglect, bruising = list(partnership.themes.order_by("name")[:2])
    for where, themes in ((source, [neglect, bruising]), (second, [neglect]), (second, [neglect])):
        services.finding_create(
            actor=None, source=where, text="x", recorded_on=dt.date(2023, 6, 1), themes=themes
        )
    counts = [
        (t.name, t.finding_count, t.source_count)
        for t in selectors.themes_across_sources(partnership)
    ]
    assert counts == [(neglect.name, 3, 2), (bruising.name, 1, 1)]


def _grow(partnership, agencies, n):
    sources = [
        make_source(partnership, f"Source {i}", kind)
        for i, kind in enumerate(
            [SourceKind.RAPID_REVIEW, SourceKind.LEARNING_REVIEW, SourceKind.AUDIT]
        )
    ]
    for i in range(n):
        action = make_action(
            sources[i % 3],
            agencies[i % len(agencies)],
            title=f"Action {i:03}",
            due_on=dt.date(2024, 1, 1) + dt.timedelta(days=i * 7),
            status=ActionStatus.COMPLETED if i % 4 == 0 else ActionStatus.IN_PROGRESS,
        )
        if i % 2 == 0:
            make_evidence(action, gathered_on=dt.date(2024, 2, 1))


#: The evaluation view's queries: the session (read, and its idle-timeout save: 4), the user,
#: the second-factor check, the scope (2), the count, overdue per agency, impact coverage, the
#: layout's partnership switcher, the agency filter's choices and the page of actions.
EVALUATION_QUERIES = 14


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("n", [3, 30])
def test_the_evaluation_makes_the_same_queries_for_3_or_30_actions(
    n, partnership, agency, health, business_unit, django_assert_num_queries
):
    _grow(partnership, [agency, health], n)
    business_unit.get(url(partnership))  # the first request of a session warms caches
    with django_assert_num_queries(EVALUATION_QUERIES):
        page = business_unit.get(url(partnership, "status=&kind=&overdue=on"))
    overdue = Action.objects.filter(status=ActionStatus.IN_PROGRESS, due_on__lt=TODAY).count()
    assert len(table_rows(page, "actions")) == min(overdue, 50)
    assert overdue > 0


@time_machine.travel(NOW, tick=False)
def test_the_list_is_paginated_keeping_the_filters(partnership, agency, health, business_unit):
    _grow(partnership, [agency, health], 80)  # 60 in progress
    page = business_unit.get(url(partnership, "status=in_progress"))
    assert len(table_rows(page, "actions")) == 50
    assert "status=in_progress&amp;page=2" in page.content.decode()
    second = business_unit.get(url(partnership, "status=in_progress&page=2"))
    assert len(table_rows(second, "actions")) == 10
