"""Priorities: the plan on a page, each priority's indicators, aims, activity and forward focus."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from safeguarding.audit.models import AuditEntry
from safeguarding.core.years import ReportingYear
from safeguarding.governance import selectors, services
from safeguarding.governance.models import Activity, Indicator, PlanOnAPage, Priority
from tests.core.pages import error_summary, table_rows
from tests.governance.conftest import YEAR

NOW = dt.datetime(2024, 6, 3, 10, 0, tzinfo=dt.UTC)


def url(name, partnership, *args):
    return reverse(f"governance:{name}", args=[partnership.slug, *args])


def text_of(response, element_id):
    page = response.content.decode()
    match = re.search(rf'<(\w+)[^>]*id="{element_id}".*?</\1>', page, re.S)
    assert match, f"The page has no {element_id}."
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


def priority_data(**overrides):
    data = {
        "title": "Safe in the Community",
        "statement": "Children feel confident and safe.",
        "why_chosen": "More children at risk of exploitation.",
        "aims": "Improve practitioner confidence\n\nProvide a tool",
        "forward_focus": "An All Age Exploitation Strategy",
        "progress": "green",
        "order": "2",
        "first_year": "2023-24",
        "last_year": "",
    }
    return data | overrides


def test_adding_a_priority_saves_its_lines_and_audits(business_unit, partnership):
    response = business_unit.post(url("priority_add", partnership), priority_data())
    priority = Priority.objects.get()
    assert response["Location"] == url("priority_detail", partnership, priority.pk)
    assert priority.aims == ["Improve practitioner confidence", "Provide a tool"]
    assert (priority.first_year, priority.last_year, priority.progress) == (2023, None, "green")
    assert AuditEntry.objects.filter(action="governance.priority.create").exists()


def test_a_bad_priority_names_each_field_and_saves_nothing(business_unit, partnership):
    data = priority_data(title="", statement="", progress="purple", order="0", first_year="")
    response = business_unit.post(url("priority_add", partnership), data)
    assert [text for _, text in error_summary(response)] == [
        "Enter title",
        "Enter statement",
        "Progress: Select a valid choice. purple is not one of the available choices.",
        "Order on the plan: Ensure this value is greater than or equal to 1.",
        "Enter first reporting year",
    ]
    assert not Priority.objects.exists()


def test_a_priority_cannot_end_before_it_starts_or_share_a_title(
    business_unit, partnership, priority
):
    data = priority_data(first_year="2023-24", last_year="2022-23")
    response = business_unit.post(url("priority_edit", partnership, priority.pk), data)
    assert [text for _, text in error_summary(response)] == [
        "The last reporting year must be the first or after it."
    ]
    response = business_unit.post(
        url("priority_add", partnership), priority_data(title="SAFE start to life")
    )
    assert "already has a priority with this title" in error_summary(response)[0][1]
    assert Priority.objects.count() == 1


def test_changing_a_priority_audits(business_unit, partnership, priority):
    data = priority_data(title="Safe Start to Life", last_year="2024-25", progress="amber")
    assert (
        business_unit.post(url("priority_edit", partnership, priority.pk), data).status_code == 302
    )
    priority.refresh_from_db()
    assert (priority.last_year, priority.progress) == (2024, "amber")
    entry = AuditEntry.objects.get(action="governance.priority.update")
    assert entry.changes["progress"] == ["", "amber"]


def test_priorities_are_listed_only_in_their_active_years(partnership, priority):
    services.priority_create(
        actor=None,
        partnership=partnership,
        title="Old priority",
        statement="Done.",
        first_year=ReportingYear(2020),
        last_year=ReportingYear(2022),
    )
    assert [p.title for p in selectors.priorities_for(partnership, YEAR)] == ["Safe Start to Life"]
    assert len(selectors.priorities_for(partnership, ReportingYear(2021))) == 1
    assert len(selectors.priorities_for(partnership)) == 2


# Indicators and activities


def test_adding_an_indicator_shows_it_beside_england(business_unit, partnership, priority):
    data = {
        "label": "Hospital admissions due to substance misuse (15-24)",
        "local_value": "93",
        "england_value": "58.3",
        "unit": "per 100,000",
    }
    assert (
        business_unit.post(url("indicator_add", partnership, priority.pk), data).status_code == 302
    )
    assert Indicator.objects.get().england_value == Decimal("58.3")
    rows = table_rows(
        business_unit.get(url("priority_detail", partnership, priority.pk)), "indicators"
    )
    assert rows[0].startswith(
        "Hospital admissions due to substance misuse (15-24) 93 58.3 per 100,000"
    )
    assert AuditEntry.objects.filter(action="governance.indicator.create").exists()


def test_an_indicator_needs_a_label_and_a_value(business_unit, partnership, priority):
    data = {"label": "", "local_value": "", "england_value": "lots"}
    response = business_unit.post(url("indicator_add", partnership, priority.pk), data)
    assert [text for _, text in error_summary(response)] == [
        "Enter what is measured",
        "England value: Enter a number.",
        "Enter the local value, the England value, or both.",
    ]
    assert not Indicator.objects.exists()


def test_changing_an_indicator_audits(business_unit, partnership, indicator):
    data = {"label": indicator.label, "local_value": "600", "england_value": "319"}
    assert (
        business_unit.post(url("indicator_edit", partnership, indicator.pk), data).status_code
        == 302
    )
    indicator.refresh_from_db()
    assert indicator.local_value == 600
    assert AuditEntry.objects.filter(action="governance.indicator.update").exists()


def test_activity_is_shown_by_year_with_its_evidence(
    business_unit, partnership, priority, activity
):
    data = {"year": "2024-25", "text": "Rolled out to all fathers.", "evidence": "Take-up doubled."}
    assert (
        business_unit.post(url("activity_add", partnership, priority.pk), data).status_code == 302
    )
    page = business_unit.get(url("priority_detail", partnership, priority.pk))
    activities = text_of(page, "activities")
    assert activities.index("2024-25") < activities.index("2023-24")
    assert "Progress or impact: Take-up doubled." in activities


def test_bad_activity_names_each_field(business_unit, partnership, activity):
    data = {"year": "2024", "text": ""}
    response = business_unit.post(url("activity_edit", partnership, activity.pk), data)
    assert [text for _, text in error_summary(response)] == [
        "“2024” is not a reporting year: write it like 2023-24.",
        "Enter what the partnership did",
    ]
    activity.refresh_from_db()
    assert activity.text == "Piloted Health Coach appointments."


def test_another_partnerships_priority_is_not_found(business_unit, partnership, other_partnership):
    theirs = services.priority_create(
        actor=None, partnership=other_partnership, title="Theirs", statement="x", first_year=YEAR
    )
    for name in ("priority_detail", "indicator_add", "activity_add"):
        assert business_unit.get(url(name, partnership, theirs.pk)).status_code == 404, name
    assert not Activity.objects.exists()


# The plan on a page


def plan_data(**overrides):
    data = {
        "working_with": "All agencies in Testshire.",
        "understand": "Learning reviews.",
        "support_change": "Training.",
        "improve_working": "Resolving professional differences.",
    }
    return data | overrides


def test_the_plan_text_is_created_then_changed(business_unit, partnership):
    edit = url("plan_edit", partnership, "2024-25")
    response = business_unit.post(edit, plan_data())
    assert response["Location"] == url("priority_list", partnership) + "?year=2024-25"
    business_unit.post(edit, plan_data(understand="Audits."))
    plan = PlanOnAPage.objects.get()
    assert (plan.year, plan.understand) == (2024, "Audits.")
    actions = list(
        AuditEntry.objects.filter(action__startswith="governance.plan_on_a_page").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == [
        "governance.plan_on_a_page.create",
        "governance.plan_on_a_page.update",
    ]


def test_a_plan_for_a_made_up_year_is_not_found(business_unit, partnership):
    assert business_unit.get(url("plan_edit", partnership, "2024-26")).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_plan_on_a_page_shows_priorities_partners_subgroups_and_how(
    business_unit, partnership, priority, subgroup
):
    services.plan_on_a_page_save(actor=None, partnership=partnership, year=YEAR, **plan_data())
    page = business_unit.get(url("priority_list", partnership))
    assert text_of(page, "priorities").startswith("1: Safe Start to Life Babies will have")
    plan = text_of(page, "plan")
    assert "Working in partnership with All agencies in Testshire." in plan
    assert "Subgroups to support progressing this work Health" in plan
    assert "Understand challenges in the system Learning reviews." in plan
    assert "Improve partnership working Resolving professional differences." in plan


@pytest.mark.parametrize("count", [1, 5])
def test_the_plan_on_a_page_keeps_its_queries_steady(
    business_unit, partnership, count, django_assert_num_queries
):
    for number in range(count):
        services.priority_create(
            actor=None, partnership=partnership, title=f"P{number}", statement="s", first_year=YEAR
        )
    with django_assert_num_queries(13):
        page = business_unit.get(url("priority_list", partnership) + "?year=2023-24")
    assert text_of(page, "priorities").count("P") == count


def test_the_priority_page_keeps_its_queries_steady(
    business_unit, partnership, priority, indicator, activity, django_assert_num_queries
):
    # 13: one more than before activities named learning actions (prefetched with their
    # latest impact judgement; tests/governance/test_priority_impact.py adds some).
    with django_assert_num_queries(13):
        business_unit.get(url("priority_detail", partnership, priority.pk))
    for _ in range(3):
        services.activity_create(actor=None, priority=priority, year=YEAR, text="More.")
    with django_assert_num_queries(13):
        business_unit.get(url("priority_detail", partnership, priority.pk))
