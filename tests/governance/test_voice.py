"""Participation groups and the work children and young people shaped; Working Together changes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safeguarding.audit.models import AuditEntry
from safeguarding.governance import selectors, services
from safeguarding.governance.models import Engagement, GuidanceChange, ParticipationGroup
from tests.core.pages import error_summary, table_rows
from tests.governance.conftest import YEAR

NOW = dt.datetime(2024, 6, 3, 10, 0, tzinfo=dt.UTC)


def url(name, partnership, *args):
    return reverse(f"governance:{name}", args=[partnership.slug, *args])


# Participation groups


def test_adding_a_group_hosted_by_an_agency(business_unit, partnership, agency):
    data = {"name": "Police participation group", "agency": str(agency.pk)}
    assert business_unit.post(url("participation_group_add", partnership), data).status_code == 302
    group = ParticipationGroup.objects.get(partnership=partnership)
    assert group.hosted_by == "Testshire Police"
    assert AuditEntry.objects.filter(action="governance.participation_group.create").exists()


def test_a_group_name_is_needed_and_unique(business_unit, partnership, group):
    response = business_unit.post(url("participation_group_add", partnership), {"name": ""})
    assert [text for _, text in error_summary(response)] == ["Enter group name"]
    response = business_unit.post(
        url("participation_group_add", partnership), {"name": "YOUTH forum"}
    )
    assert [text for _, text in error_summary(response)] == [
        "Group name: This partnership already has a group with this name."
    ]
    assert ParticipationGroup.objects.count() == 1


def test_another_partnerships_agency_cannot_host(business_unit, partnership, other_agency):
    data = {"name": "Elsewhere group", "agency": str(other_agency.pk)}
    response = business_unit.post(url("participation_group_add", partnership), data)
    assert error_summary(response)
    assert not ParticipationGroup.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_retiring_a_group_keeps_it_listed_as_retired(business_unit, partnership, group):
    data = {"retired_on_day": "1", "retired_on_month": "5", "retired_on_year": "2024"}
    assert (
        business_unit.post(
            url("participation_group_retire", partnership, group.pk), data
        ).status_code
        == 302
    )
    assert not selectors.participation_groups_for(partnership, current_only=True).exists()
    rows = table_rows(business_unit.get(url("voice_list", partnership)), "groups")
    assert rows == ["Youth Forum Testshire Council Retired 1 May 2024 Change Youth Forum"]
    again = business_unit.post(url("participation_group_retire", partnership, group.pk), data)
    assert "already retired" in error_summary(again)[0][1]


def test_changing_a_group_audits(business_unit, partnership, group):
    data = {"name": "Somerset Youth Forum", "host": "Testshire Council"}
    assert (
        business_unit.post(url("participation_group_edit", partnership, group.pk), data).status_code
        == 302
    )
    group.refresh_from_db()
    assert group.name == "Somerset Youth Forum"
    assert AuditEntry.objects.filter(action="governance.participation_group.update").exists()


# Work with children and young people


def test_adding_work_with_its_groups(business_unit, partnership, group):
    data = {
        "year": "2023-24",
        "title": "Included Youth Forum projects in the Learning Bulletin",
        "details": "Grow Up!\n\n  Promoting positive communities  ",
        "influenced": "Frontline practice.",
        "groups": [str(group.pk)],
    }
    response = business_unit.post(url("engagement_add", partnership), data)
    assert response["Location"].endswith("?year=2023-24")
    engagement = Engagement.objects.get()
    assert engagement.details == ["Grow Up!", "Promoting positive communities"]
    assert list(engagement.groups.all()) == [group]
    rows = table_rows(
        business_unit.get(url("voice_list", partnership) + "?year=2023-24"), "engagements"
    )
    assert "Youth Forum" in rows[0]
    assert "Grow Up!" in rows[0]


def test_bad_work_names_each_field_and_saves_nothing(business_unit, partnership):
    data = {"year": "2023/4", "title": "", "groups": ["999999"]}
    response = business_unit.post(url("engagement_add", partnership), data)
    assert [text for _, text in error_summary(response)] == [
        "“2023/4” is not a reporting year: write it like 2023-24.",
        "Enter what was done",
        "Groups involved: Select a valid choice. 999999 is not one of the available choices.",
    ]
    assert not Engagement.objects.exists()


def test_changing_the_groups_of_work_audits_them(business_unit, partnership, engagement, group):
    other = services.participation_group_create(actor=None, partnership=partnership, name="SiCC")
    data = {"year": "2023-24", "title": engagement.title, "groups": [str(other.pk)]}
    assert (
        business_unit.post(url("engagement_edit", partnership, engagement.pk), data).status_code
        == 302
    )
    entry = AuditEntry.objects.get(action="governance.engagement.update")
    assert entry.changes["groups"] == [["Youth Forum"], ["SiCC"]]


@pytest.mark.parametrize("count", [1, 4])
def test_the_voice_page_keeps_its_queries_steady(
    business_unit, partnership, group, count, django_assert_num_queries
):
    for number in range(count):
        services.engagement_create(
            actor=None, partnership=partnership, year=YEAR, title=f"Work {number}", groups=[group]
        )
    with django_assert_num_queries(13):
        page = business_unit.get(url("voice_list", partnership) + "?year=2023-24")
    assert len(table_rows(page, "engagements")) == count


# Working Together changes


def test_adding_a_guidance_change_saves_and_audits(business_unit, partnership):
    data = {
        "year": "2023-24",
        "topic": "Education",
        "guidance": "Involve Education at operational and strategic levels.",
        "decision": "Education is represented on every subgroup.",
    }
    assert business_unit.post(url("guidance_change_add", partnership), data).status_code == 302
    assert GuidanceChange.objects.get().year == 2023
    assert AuditEntry.objects.filter(action="governance.guidance_change.create").exists()
    rows = table_rows(business_unit.get(url("guidance_change_list", partnership)), "changes")
    assert rows[0].startswith("2023-24 Education Involve Education")


def test_a_bad_guidance_change_names_each_field(business_unit, partnership, guidance_change):
    data = {"year": "", "topic": "", "guidance": "", "decision": ""}
    response = business_unit.post(
        url("guidance_change_edit", partnership, guidance_change.pk), data
    )
    assert [text for _, text in error_summary(response)] == [
        "Enter reporting year",
        "Enter topic",
        "Enter what the guidance says",
        "Enter what the partnership decided",
    ]
    guidance_change.refresh_from_db()
    assert guidance_change.topic == "Lead Practitioner"
