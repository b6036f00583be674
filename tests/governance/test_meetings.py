"""Subgroups, meetings and attendance; attendance percentages counted by the database."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding.audit.models import AuditEntry
from safeguarding.governance import selectors, services
from safeguarding.governance.models import Invitation, Meeting, Subgroup
from tests.core.pages import error_summary, table_rows
from tests.governance.conftest import YEAR

NOW = dt.datetime(2024, 6, 3, 10, 0, tzinfo=dt.UTC)


def url(name, partnership, *args):
    return reverse(f"governance:{name}", args=[partnership.slug, *args])


def meeting_data(subgroup, agencies, day="5", month="6", year="2023"):
    return {
        "subgroup": str(subgroup.pk) if subgroup else "",
        "date_day": day,
        "date_month": month,
        "date_year": year,
        "invited": [str(a.pk) for a in agencies],
    }


def test_adding_a_subgroup_audits_and_a_duplicate_is_refused(business_unit, partnership):
    business_unit.post(url("subgroup_add", partnership), {"name": "Health"})
    response = business_unit.post(url("subgroup_add", partnership), {"name": " health "})
    assert error_summary(response) == [
        ("#id_name", "Subgroup name: This partnership already has a subgroup with this name.")
    ]
    assert Subgroup.objects.filter(partnership=partnership).count() == 1
    assert AuditEntry.objects.filter(action="governance.subgroup.create").count() == 1


def test_a_retired_subgroup_stays_listed_and_is_not_offered(business_unit, partnership, subgroup):
    data = {"retired_on_day": "1", "retired_on_month": "1", "retired_on_year": "2024"}
    business_unit.post(url("subgroup_retire", partnership, subgroup.pk), data)
    rows = table_rows(business_unit.get(url("subgroup_list", partnership)), "subgroups")
    assert rows == ["Health 0 Retired 1 Jan 2024 Change Health"]
    assert "Health" not in business_unit.get(url("meeting_add", partnership)).content.decode()


@time_machine.travel(NOW, tick=False)
def test_adding_a_meeting_invites_agencies(business_unit, partnership, subgroup, agency, health):
    response = business_unit.post(
        url("meeting_add", partnership), meeting_data(subgroup, [agency, health])
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == url("meeting_attendance", partnership, meeting.pk)
    assert set(meeting.invited.all()) == {agency, health}
    assert AuditEntry.objects.filter(action="governance.meeting.create").count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_bad_meeting_names_each_field_and_saves_nothing(business_unit, partnership):
    response = business_unit.post(
        url("meeting_add", partnership), meeting_data(None, [], day="30", month="2")
    )
    assert error_summary(response) == [
        ("#id_subgroup", "Select subgroup"),
        ("#id_date_day", "Meeting date: The date must be a real date, like 27 3 2024."),
        ("#id_invited_0", "Select invited agencies"),
    ]
    assert not Meeting.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_meeting_more_than_a_year_ahead_is_refused(business_unit, partnership, subgroup, agency):
    data = meeting_data(subgroup, [agency], year="2026")
    response = business_unit.post(url("meeting_add", partnership), data)
    assert error_summary(response) == [
        ("#id_date_day", "The meeting date must be within a year from today.")
    ]
    assert not Meeting.objects.exists()


def test_recording_attendance(business_unit, partnership, meeting, agency):
    business_unit.post(url("meeting_attendance", partnership, meeting.pk), {"attended": agency.pk})
    assert Invitation.objects.get(meeting=meeting).attended is True
    entry = AuditEntry.objects.get(action="governance.meeting.attendance")
    assert entry.changes == {agency.name: [None, True]}


def test_attendance_for_an_agency_not_invited_is_refused(
    business_unit, partnership, meeting, agency, health
):
    data = {"attended": [agency.pk, health.pk]}
    response = business_unit.post(url("meeting_attendance", partnership, meeting.pk), data)
    assert error_summary(response)[0][0] == "#id_attended_0"
    assert "Agencies that attended" in error_summary(response)[0][1]
    assert Invitation.objects.get(meeting=meeting).attended is None


def test_the_service_refuses_an_agency_not_invited(meeting, health):
    with pytest.raises(ValidationError, match="Testshire Health was not invited"):
        services.meeting_record_attendance(actor=None, meeting=meeting, attended=[health])


def test_editing_a_meeting_changes_who_is_invited(
    business_unit, partnership, meeting, subgroup, health
):
    business_unit.post(
        url("meeting_edit", partnership, meeting.pk), meeting_data(subgroup, [health])
    )
    assert list(meeting.invited.all()) == [health]
    entry = AuditEntry.objects.get(action="governance.meeting.update")
    assert entry.changes["invited"] == [["Testshire Police"], ["Testshire Health"]]


def _meetings(partnership, subgroup, agencies, count, came):
    for day in range(count):
        meeting = services.meeting_create(
            actor=None,
            partnership=partnership,
            subgroup=subgroup,
            date=dt.date(2023, 5, 1) + dt.timedelta(days=day),
            invited=agencies,
        )
        attended = agencies if day < came else agencies[1:]
        services.meeting_record_attendance(actor=None, meeting=meeting, attended=attended)


def test_attendance_percentages_per_agency(partnership, subgroup, agency, health):
    _meetings(partnership, subgroup, [agency, health], count=3, came=2)
    attendance = selectors.attendance_for(partnership, YEAR)
    assert attendance.meetings == 3
    assert [(r.agency, r.attended, r.invited, r.percent) for r in attendance.rows] == [
        ("Testshire Health", 3, 3, 100),
        ("Testshire Police", 2, 3, 67),
    ]
    assert selectors.attendance_for(partnership, YEAR.previous()).rows == []


def test_attendance_takes_two_queries_however_many_meetings(
    partnership, subgroup, agency, health, django_assert_num_queries
):
    _meetings(partnership, subgroup, [agency, health], count=2, came=1)
    with django_assert_num_queries(2):
        selectors.attendance_for(partnership, YEAR)
    _meetings(partnership, subgroup, [agency, health], count=20, came=5)
    with django_assert_num_queries(2):
        assert selectors.attendance_for(partnership, YEAR).meetings == 22


@time_machine.travel(NOW, tick=False)
def test_the_meeting_list_query_count_does_not_grow(
    business_unit, partnership, subgroup, agency, health, django_assert_num_queries
):
    listing = url("meeting_list", partnership) + "?year=2023-24"
    _meetings(partnership, subgroup, [agency, health], count=2, came=1)
    with django_assert_num_queries(12):
        business_unit.get(listing)
    _meetings(partnership, subgroup, [agency, health], count=15, came=5)
    with django_assert_num_queries(12):
        page = business_unit.get(listing)
    assert "(17 meetings)" in page.content.decode()
    assert table_rows(page, "attendance")[1] == "Testshire Police 17 6 35%"
