"""The demo governance reproduces the Somerset 2023/24 report's figures, and loads only once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from safeguarding.audit.models import AuditEntry
from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.demo import loader
from safeguarding.governance import selectors
from safeguarding.governance.models import Subgroup

YEAR = ReportingYear(2023)


@pytest.fixture
def somerset(db) -> Partnership:
    loader.load(password="demo-password-for-tests")
    return Partnership.objects.get(slug="somerset")


def test_the_executive_changes_are_the_reports(somerset):
    changes = selectors.executive_changes(somerset, YEAR)
    assert [m.name for m in changes.joined] == ["Lisa Simpson", "Natalie Hanna"]
    assert [m.name for m in changes.left] == ["Dickon Turner"]
    hanna = next(m for m in changes.joined if m.name == "Natalie Hanna")
    assert hanna.get_kind_display() == "Education representative"
    assert hanna.organisation.name == "The Mendip School"


def test_the_lead_partners_are_the_three_chief_officers(somerset):
    leads = selectors.executive_for(somerset, YEAR).filter(kind="lead")
    assert sorted((m.name, m.organisation.name) for m in leads) == [
        ("Duncan Sharkey", "Somerset Council"),
        ("Jonathan Higman", "Somerset Integrated Care Board"),
        ("Sarah Crew", "Avon and Somerset Constabulary"),
    ]


def test_the_subgroups_are_the_plan_on_a_pages(somerset):
    assert set(Subgroup.objects.filter(partnership=somerset).values_list("name", flat=True)) == {
        "Quality and Performance",
        "Learning and Improvement",
        "Child Exploitation",
        "Education",
        "Health",
    }


def test_attendance_is_the_reports(somerset):
    attendance = selectors.attendance_for(somerset, YEAR)
    assert attendance.meetings == 15
    assert {row.agency: row.percent for row in attendance.rows} == {
        "Avon and Somerset Constabulary": 93,
        "Children's Social Care (Somerset Council)": 93,
        "Education Services (Somerset Council)": 67,
        "Somerset Integrated Care Board": 93,
        "Public Health Nursing": 80,
        "Somerset NHS Foundation Trust": 100,
    }
    assert {row.agency: row.attended for row in attendance.rows}[
        "Education Services (Somerset Council)"
    ] == 10


def test_contributions_are_the_reports(somerset):
    budget = selectors.budget_for(somerset, YEAR)
    assert budget.contributions.total == Decimal("195500")
    shares = {
        line.agency.name: (line.amount, selectors.whole_percent(line.share))
        for line in budget.contributions.lines
    }
    assert shares == {
        "Somerset Council": (Decimal("144670"), 74),
        "Somerset Integrated Care Board": (Decimal("29325"), 15),
        "Avon and Somerset Constabulary": (Decimal("19550"), 10),
        "Probation Service": (Decimal("1955"), 1),
    }


def test_the_grant_is_the_reports(somerset):
    (grant,) = selectors.budget_for(somerset, YEAR).grants.lines
    assert (grant.amount, grant.funder) == (Decimal("47300"), "Department for Education")
    assert "Working Together 2023" in grant.purpose
    assert len(grant.uses) == 4
    assert grant.uses[1] == "Independent Scrutiny arrangements"


def test_expenditure_is_the_reports(somerset):
    budget = selectors.budget_for(somerset, YEAR)
    assert budget.expenditure.total == Decimal("195500")
    shares = {
        line.category.split(" ")[0]: (line.amount, selectors.whole_percent(line.share))
        for line in budget.expenditure.lines
    }
    assert shares == {
        "Salaries": (Decimal("160310"), 82),
        "Independent": (Decimal("9775"), 5),
        "Licences,": (Decimal("25415"), 13),
    }


def test_loading_twice_changes_nothing(somerset):
    entries = AuditEntry.objects.count()
    loader.load(password="demo-password-for-tests")
    assert AuditEntry.objects.count() == entries
    assert selectors.attendance_for(somerset, YEAR).meetings == 15
    assert selectors.budget_for(somerset, YEAR).contributions.total == Decimal("195500")


# Part two: communications, the voice of children, priorities and Working Together 2023


def _figures(somerset):
    return {
        (row.figure.channel, row.figure.measure): row
        for row in selectors.communications_for(somerset, YEAR)
    }


def test_the_communications_figures_are_the_reports(somerset):
    figures = _figures(somerset)
    assert {key: row.figure.value for key, row in figures.items()} == {
        ("procedures", "visitors"): 589,
        ("learning_bulletin", "subscribers"): 511,
        ("podcast", "downloads"): 1700,
        ("social_media", "reach"): 11500,
        ("social_media", "clicks"): 493,
        ("social_media", "page_visits"): 1500,
        ("social_media", "followers"): 106,
    }
    assert figures[("procedures", "visitors")].figure.period == (
        "In the 3 months after the relaunch"
    )
    assert figures[("podcast", "downloads")].figure.period == "Since the launch in September"


def test_the_social_media_changes_on_the_year_are_the_reports(somerset):
    figures = _figures(somerset)
    reach = figures[("social_media", "reach")]
    assert (reach.previous, reach.change, reach.percent) == (8576, 2924, Decimal("34.1"))
    assert selectors.whole_percent(figures[("social_media", "clicks")].percent) == 96
    assert figures[("social_media", "followers")].previous is None
    assert figures[("learning_bulletin", "subscribers")].previous == 498


def test_the_participation_groups_are_the_reports(somerset):
    groups = selectors.participation_groups_for(somerset, current_only=True)
    assert len(groups) == 9
    police = groups.get(name="Police participation group")
    assert police.hosted_by == "Avon and Somerset Constabulary"


def test_the_work_with_children_is_the_reports(somerset):
    engagements = list(selectors.engagements_for(somerset, YEAR))
    assert len(engagements) == 3
    assert "Neglect Strategy" in engagements[0].title
    assert len(engagements[1].details) == 6
    assert [g.name for g in engagements[2].groups.all()] == [
        "Somerset Leaving Care Council (SLCC)",
        "Somerset Youth Forum",
        "Somerset in Care Council (SiCC)",
    ]


def _priority(somerset, title):
    priority = selectors.priorities_for(somerset).get(title=title)
    return priority, selectors.priority_detail(priority)


def _indicators(detail):
    return {i.label: (i.local_value, i.england_value, i.unit) for i in detail.indicators}


def test_the_plan_on_a_page_is_the_reports(somerset):
    plan_year = ReportingYear(2024)
    assert selectors.latest_plan_year(somerset) == plan_year
    titles = [p.title for p in selectors.priorities_for(somerset, plan_year)]
    assert titles == [
        "Safe Start to Life",
        "Safe in the Community",
        "Positive Emotional Wellbeing and Mental Health",
    ]
    plan = selectors.plan_on_a_page(somerset, plan_year)
    assert plan.working_with.startswith("All agencies in Somerset who work with children")
    assert plan.understand.startswith("Conduct learning reviews")
    assert plan.support_change.startswith("Deliver training on specified topics")
    assert plan.improve_working.startswith("Facilitate the Resolving Professional Differences")


def test_safe_start_to_life_is_the_reports(somerset):
    priority, detail = _priority(somerset, "Safe Start to Life")
    assert "6 Rapid Reviews in 2021-22 and 4 Rapid Reviews in 2022-23" in priority.why_chosen
    assert len(priority.aims) == 2
    assert len(priority.forward_focus) == 2
    (activities,) = detail.activities.values()
    assert len(activities) == 5
    assert "conversion rates" in activities[1].evidence


def test_safe_in_the_community_indicators_are_the_reports(somerset):
    _, detail = _priority(somerset, "Safe in the Community")
    indicators = _indicators(detail)
    assert sorted(indicators.values(), key=str) == sorted(
        [
            (None, Decimal("7"), "%"),
            (Decimal("24.5"), None, "%"),
            (Decimal("6.2"), None, "episodes per child"),
            (Decimal("2.2"), None, "episodes per child"),
            (Decimal("25"), None, "%"),
        ],
        key=str,
    )
    (activities,) = detail.activities.values()
    assert "89 practitioners" in activities[0].text
    assert "40 managers" in activities[0].text


def test_mental_health_indicators_are_the_reports(somerset):
    priority, detail = _priority(somerset, "Positive Emotional Wellbeing and Mental Health")
    assert _indicators(detail) == {
        "Hospital admissions due to substance misuse (15-24)": (
            Decimal("93"),
            Decimal("58.3"),
            "per 100,000",
        ),
        "Hospital admissions for mental health conditions (0-18)": (
            Decimal("122"),
            Decimal("80.8"),
            "per 100,000",
        ),
        "Hospital admissions as a result of self-harm (10-24)": (
            Decimal("611.8"),
            Decimal("319.0"),
            "per 100,000",
        ),
        "Year 10 pupils who said they don't have someone to talk to about feelings or worries": (
            Decimal("27.5"),
            None,
            "%",
        ),
    }
    assert priority.progress == "amber"
    assert "less evidence of progress" in priority.progress_note
    (activities,) = detail.activities.values()
    assert "82 practitioners" in activities[2].text


def test_the_working_together_changes_are_the_reports(somerset):
    changes = {c.topic: c for c in selectors.guidance_changes_for(somerset)}
    assert set(changes) == {"Lead Practitioner", "Education"}
    assert "qualified Social Worker" in changes["Lead Practitioner"].decision
    assert "Natalie Hanna" in changes["Education"].decision
    assert changes["Education"].reporting_year == YEAR


def test_loading_twice_changes_none_of_part_two(somerset):
    entries = AuditEntry.objects.count()
    loader.load(password="demo-password-for-tests")
    assert AuditEntry.objects.count() == entries
    assert len(selectors.communications_for(somerset, YEAR)) == 7
    assert len(selectors.engagements_for(somerset, YEAR)) == 3
    assert selectors.priorities_for(somerset).count() == 3
    _, detail = _priority(somerset, "Positive Emotional Wellbeing and Mental Health")
    assert len(detail.indicators) == 4
