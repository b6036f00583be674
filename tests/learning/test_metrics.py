"""The learning figures on the dashboard: actions by agency and status, overdue actions, impact
coverage, findings by theme and learning shared by method; entered values for earlier years."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.core import services as core_services
from safeguarding.core.models import Theme
from safeguarding.core.years import ReportingYear
from safeguarding.learning import services
from safeguarding.learning.models import ActionStatus, DisseminationMethod, ImpactJudgement
from safeguarding.metrics import dashboard
from safeguarding.metrics import services as metric_services
from safeguarding.metrics.selectors import Origin, series
from tests.learning.factories import make_action, make_evidence, make_source

YEAR = ReportingYear(2023)
EARLIER = ReportingYear(2022)
NOW = dt.datetime(2024, 9, 30, 12, tzinfo=dt.UTC)
POLICE, HEALTH = "Testshire Police", "Testshire Health"
LEARNING_PANELS = (
    "actions-by-agency",
    "actions-by-status",
    "overdue-actions",
    "impact-coverage",
    "themes-across-sources",
    "learning-shared",
)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def values(partnership, code, breakdown=None, year=YEAR):
    found = series(code, partnership=partnership, years=[year], breakdown=breakdown)
    return {row.key: row.cells[0].value for row in found.rows}


def completed(source, agency, title, on, **fields):
    return make_action(
        source, agency, title, status=ActionStatus.COMPLETED, completed_on=on, **fields
    )


@pytest.fixture
def actions(source, agency, health):
    """2023-24: police raise two (one completed with evidence, one open and overdue), health
    one completed without evidence; 2024-25 so far: one police action, open and not yet due."""
    with_evidence = completed(source, agency, "Refresh the protocol", dt.date(2024, 1, 10))
    make_evidence(with_evidence, gathered_on=dt.date(2024, 2, 1))
    make_action(source, agency, "Audit strategy meetings", due_on=dt.date(2024, 1, 31))
    completed(source, health, "Train health visitors", dt.date(2024, 3, 1))
    make_action(
        source,
        agency,
        "Brief call handlers",
        raised_on=dt.date(2024, 5, 1),
        due_on=dt.date(2024, 12, 1),
        status=ActionStatus.IN_PROGRESS,
    )


def test_actions_raised_by_agency_and_by_status(partnership, actions):
    assert values(partnership, "learning.actions", "agency") == {POLICE: 2, HEALTH: 1, "": 3}
    assert values(partnership, "learning.actions", "status") == {
        "Completed": 2,
        "Not started": 1,
        "": 3,
    }
    assert values(partnership, "learning.actions", year=ReportingYear(2024)) == {"": 1}


def test_overdue_actions_are_counted_at_the_years_end_and_today(partnership, actions):
    assert values(partnership, "learning.overdue_actions", "agency") == {POLICE: 1, "": 1}
    # Today (30 September 2024) the open 2023-24 action is still overdue; May's is not yet due.
    assert values(partnership, "learning.overdue_actions", year=ReportingYear(2024)) == {"": 1}


def test_an_action_completed_after_the_year_was_overdue_at_its_end(partnership, source, agency):
    late = make_action(source, agency, "Late one", due_on=dt.date(2024, 3, 1))
    services.action_progress_add(
        actor=None,
        action=late,
        text="Done at last.",
        status=ActionStatus.COMPLETED,
        written_on=dt.date(2024, 4, 15),
    )
    assert values(partnership, "learning.overdue_actions") == {"": 1}
    assert values(partnership, "learning.overdue_actions", year=ReportingYear(2024)) == {"": 0}


def test_impact_coverage_is_the_share_of_completed_actions_with_evidence(partnership, actions):
    assert values(partnership, "learning.impact_coverage", "agency") == {
        POLICE: 100,
        HEALTH: 0,
        "": 50,
    }
    # 2024-25 has no completed action yet: no figure rather than 0%.
    assert values(partnership, "learning.impact_coverage", year=ReportingYear(2024)) == {}


def test_any_judgement_counts_as_evidence_of_impact(partnership, source, agency, health):
    for n, agency_ in enumerate([agency, agency, health]):
        action = completed(source, agency_, f"Action {n}", dt.date(2023, 11, 1))
        if n < 2:
            make_evidence(action, judgement=ImpactJudgement.NOT_YET)
    assert values(partnership, "learning.impact_coverage") == {"": 67}  # 2 of 3, half up


FATHERS, TALK, RISK = (
    "Working with fathers and male carers",
    "Multi-agency communication",
    "Dynamic risk assessment",
)


@pytest.fixture
def themes(partnership):
    """Three of the themes every partnership starts with."""
    return [Theme.objects.get(partnership=partnership, name=n) for n in (FATHERS, TALK, RISK)]


def find(source, text, themes, on=dt.date(2023, 10, 2)):
    return services.finding_create(
        actor=None, source=source, text=text, recorded_on=on, themes=themes
    )


def test_findings_by_theme_across_sources(partnership, source, themes):
    audit = make_source(partnership, "Audit of neglect", kind="audit")
    fathers, talk, risk = themes
    find(source, "Fathers were not seen.", [fathers, talk])
    find(audit, "Risk was not reassessed.", [risk])
    find(audit, "Nobody asked about dad.", [fathers])
    find(audit, "Unthemed.", [])
    find(source, "An old finding.", [risk], on=dt.date(2023, 3, 1))
    assert values(partnership, "learning.findings", "theme") == {
        FATHERS: 2,
        TALK: 1,
        RISK: 1,
        "": 4,  # each finding once, however many themes it names
    }
    assert values(partnership, "learning.findings", "source") == {
        "Rapid review": 1,
        "Audit": 3,
        "": 4,
    }
    assert values(partnership, "learning.findings", year=EARLIER) == {"": 1}


def share(partnership, method, title, on):
    return services.dissemination_create(
        actor=None, partnership=partnership, method=method, title=title, shared_on=on
    )


def test_learning_shared_by_method(partnership):
    share(partnership, DisseminationMethod.BULLETIN, "Spring bulletin", dt.date(2024, 3, 1))
    share(partnership, DisseminationMethod.BULLETIN, "Winter bulletin", dt.date(2023, 12, 1))
    share(partnership, DisseminationMethod.PODCAST, "Bruising podcast", dt.date(2023, 6, 1))
    share(partnership, DisseminationMethod.VIDEO, "Next year's video", dt.date(2024, 6, 1))
    assert values(partnership, "learning.disseminations", "method") == {
        "Learning bulletin": 2,
        "Podcast": 1,
        "": 3,
    }


def test_years_before_the_first_record_take_entered_values(partnership, actions):
    """2022-23 predates the first action: it has no computed value, so the entered one shows."""
    assert values(partnership, "learning.actions", year=EARLIER) == {}
    metric_services.entered_value_set(
        actor=None,
        partnership=partnership,
        metric="learning.actions",
        period=EARLIER,
        value=Decimal(12),
        source="Action plan tracker 2022-23",
    )
    found = series("learning.actions", partnership=partnership, years=[EARLIER, YEAR])
    assert [found.value(y) for y in (EARLIER, YEAR)] == [12, 3]
    assert found.cell(EARLIER).origin == Origin.ENTERED
    assert found.cell(YEAR).origin == Origin.COMPUTED


def test_a_year_after_the_first_record_without_any_is_zero(partnership, source, agency):
    make_action(source, agency, "Old", raised_on=dt.date(2022, 6, 1), due_on=dt.date(2022, 7, 1))
    assert values(partnership, "learning.actions", "agency") == {"": 0}


# The dashboard


def test_the_dashboard_shows_the_learning_panels(partnership, personas, client_as, actions):
    client = client_as(personas[Role.EXECUTIVE])
    page = client.get(reverse("metrics:dashboard", args=[partnership.slug]) + "?year=2023-24")
    text = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    for title in (
        "Actions raised by agency",
        "Actions raised by their status now",
        "Overdue actions by agency at the end of the year",
        "Completed actions with evidence of impact (%)",
        "Findings by learning theme, across every source",
        "Learning shared, by method",
    ):
        assert title in text
    assert re.search(r"Testshire Police – – – – 100%", text)  # impact coverage, by agency


def only_learning_panels(monkeypatch) -> None:
    mine = {code: dashboard._panels[code] for code in LEARNING_PANELS}
    monkeypatch.setattr(dashboard, "_panels", mine)


def add_learning(partnership, source, agency, count: int) -> None:
    theme = core_services.theme_create(actor=None, partnership=partnership, name=f"Theme {count}")
    for n in range(count):
        action = completed(source, agency, f"Action {count}-{n}", dt.date(2023, 11, 1))
        make_evidence(action)
        find(source, f"Finding {count}-{n}", [theme])
        share(
            partnership, DisseminationMethod.BRIEFING, f"Briefing {count}-{n}", dt.date(2024, 1, 1)
        )


def test_the_learning_panels_queries_do_not_grow_with_the_data(
    partnership, personas, client_as, source, agency, monkeypatch, django_assert_num_queries
):
    only_learning_panels(monkeypatch)
    client = client_as(personas[Role.BUSINESS_UNIT])
    url = reverse("metrics:dashboard", args=[partnership.slug]) + "?year=2023-24"
    add_learning(partnership, source, agency, 3)
    client.get(url)
    # The shell (9), then per panel its entered values and a query a year (5 years); findings
    # by theme take a second query in a year with findings (the total counts each one once).
    queries = 9 + 6 + 6 * 5 + 1
    with django_assert_num_queries(queries):
        client.get(url)
    add_learning(partnership, source, agency, 30)
    with django_assert_num_queries(queries):
        page = client.get(url)
    assert "Briefing" in page.content.decode()
