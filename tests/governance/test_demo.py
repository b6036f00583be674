"""The demo governance reproduces the Somerset 2023/24 report's figures, and loads only once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from safeguarding.audit.models import AuditEntry
from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.demo import loader
from safeguarding.governance import demo, selectors
from safeguarding.governance.models import Subgroup

YEAR = ReportingYear(2023)


@pytest.fixture
def somerset(db) -> Partnership:
    loader.load(password="demo-password-for-tests")
    somerset = Partnership.objects.get(slug="somerset")
    demo.load(somerset)
    return somerset


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
    demo.load(somerset)
    assert AuditEntry.objects.count() == entries
    assert selectors.attendance_for(somerset, YEAR).meetings == 15
    assert selectors.budget_for(somerset, YEAR).contributions.total == Decimal("195500")
