"""The child death pages as the CDOP coordinator uses them: record a notification, correct it,
record the panel's review, raise a finding; bad input shown against its field with nothing
saved; every read of a record and of the register written to the audit log; query counts pinned.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.child_deaths.models import AgeBand, Category, ChildDeath, ModifiableFactors
from safeguarding.learning.models import Finding, Source
from tests.child_deaths.factories import ChildDeathFactory, PanelFactory
from tests.core.pages import error_summary, field_errors, table_rows
from tests.factories import PartnershipFactory

NOW = dt.datetime(2024, 6, 28, 10, tzinfo=dt.UTC)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def coordinator(client_as, cdop):
    return client_as(cdop)


def url(name, partnership, *args):
    return reverse(f"child_deaths:{name}", args=[partnership.slug, *args])


def date(field, day: dt.date | None) -> dict[str, str]:
    if day is None:
        return {f"{field}_day": "", f"{field}_month": "", f"{field}_year": ""}
    return {
        f"{field}_day": str(day.day),
        f"{field}_month": str(day.month),
        f"{field}_year": str(day.year),
    }


def text_of(response, element_id):
    page = response.content.decode()
    match = re.search(rf'<(\w+)[^>]*id="{element_id}"[^>]*>(.*?)</\1>', page, re.S)
    assert match, f"No element {element_id}"
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", match.group(2)).split()))


def notification(panel, **given):
    return {
        "case_code": "CDOP-0101",
        "panel": str(panel.pk),
        **date("died_on", dt.date(2024, 2, 1)),
        **date("born_on", dt.date(2024, 1, 20)),
        **date("notified_on", dt.date(2024, 2, 2)),
        "age_band": AgeBand.NEONATAL,
        "expectation": "unexpected",
        "joint_agency_response": "True",
    } | given


def reads():
    return AuditEntry.objects.filter(action="child_deaths.childdeath.read")


# Recording a notification


def test_recording_a_notification_shows_the_record(coordinator, partnership, panel):
    response = coordinator.post(url("death_add", partnership), notification(panel), follow=True)
    death = ChildDeath.objects.get()
    assert response.redirect_chain[-1][0] == url("death_detail", partnership, death.pk)
    assert "The death of CDOP-0101 was recorded." in response.content.decode()
    shown = text_of(response, "notification")
    assert f"Panel {panel.name}" in shown
    assert "Date of death 1 February 2024" in shown
    assert "Age band 0 to 27 days (under 1)" in shown
    assert "Joint agency response Yes" in shown


def test_the_add_form_offers_the_panels_serving_the_partnership(coordinator, partnership, panel):
    PanelFactory(name="Far Away CDOP", partnerships=[PartnershipFactory()])
    page = coordinator.get(url("death_add", partnership)).content.decode()
    assert panel.name in page
    assert "Far Away CDOP" not in page


def test_an_age_band_contradicting_the_dates_is_shown_on_the_age_band(
    coordinator, partnership, panel
):
    data = notification(panel, **date("born_on", dt.date(2020, 5, 3)), age_band=AgeBand.AGE_5_9)
    data |= date("died_on", dt.date(2023, 6, 1)) | date("notified_on", dt.date(2023, 6, 2))
    response = coordinator.post(url("death_add", partnership), data)
    assert response.status_code == 200
    message = (
        "The age band must match the dates: a child born on 3 May 2020 who died on 1 June 2023 "
        "was in the band 1 to 4 years"
    )
    assert field_errors(response, "id_age_band") == [message]
    assert ("#id_age_band_0", message) in error_summary(response)
    assert not ChildDeath.objects.exists()


def test_a_notification_before_the_death_is_shown_on_its_field(coordinator, partnership, panel):
    data = notification(panel, **date("notified_on", dt.date(2024, 1, 31)))
    response = coordinator.post(url("death_add", partnership), data)
    assert field_errors(response, "id_notified_on") == [
        "The date notified must be on or after the date of death"
    ]
    assert not ChildDeath.objects.exists()


def test_a_panel_that_does_not_serve_the_partnership_is_shown_on_its_field(
    coordinator, partnership
):
    elsewhere = PanelFactory(name="Far Away CDOP", partnerships=[PartnershipFactory()])
    response = coordinator.post(url("death_add", partnership), notification(elsewhere))
    assert field_errors(response, "id_panel") == [
        "Select a current panel that serves the partnership"
    ]
    assert not ChildDeath.objects.exists()


def test_an_empty_form_names_every_missing_answer(coordinator, partnership, panel):
    response = coordinator.post(url("death_add", partnership), {})
    messages = [text for _, text in error_summary(response)]
    assert "Enter the case code" in messages
    assert "Select the age band" in messages
    assert "Select whether the death was expected or unexpected" in messages
    assert "Select whether there was a joint agency response" in messages
    assert not ChildDeath.objects.exists()


def test_correcting_a_notification(coordinator, partnership, panel):
    death = ChildDeathFactory(partnership=partnership, panel=panel)
    form = coordinator.get(url("death_edit", partnership, death.pk)).content.decode()
    assert f'value="{death.case_code}"' in form
    data = notification(panel, case_code=death.case_code, expectation="expected")
    data |= {"joint_agency_response": "False"}
    response = coordinator.post(url("death_edit", partnership, death.pk), data, follow=True)
    assert f"The record of {death.case_code} was updated." in response.content.decode()
    death.refresh_from_db()
    assert (death.age_band, death.joint_agency_response) == (AgeBand.NEONATAL, False)


# The panel's review


def review(**given):
    return {
        **date("review_meeting_on", dt.date(2024, 4, 2)),
        **date("review_completed_on", dt.date(2024, 5, 2)),
        "category": str(Category.PERINATAL.value),
        "modifiable_factors": ModifiableFactors.NO,
    } | given


def test_recording_the_review_shows_on_the_record(coordinator, partnership, panel):
    death = ChildDeathFactory(partnership=partnership, panel=panel)
    response = coordinator.post(url("death_review", partnership, death.pk), review(), follow=True)
    shown = text_of(response, "review")
    assert "Panel review completed 2 May 2024" in shown
    assert "Category of death Perinatal or neonatal event" in shown
    assert "Modifiable factors identified No" in shown
    assert AuditEntry.objects.filter(action="child_deaths.childdeath.review").count() == 1


def test_a_completed_review_without_its_answers_shows_both_errors(coordinator, partnership, panel):
    death = ChildDeathFactory(partnership=partnership, panel=panel)
    data = review(category="", modifiable_factors="")
    response = coordinator.post(url("death_review", partnership, death.pk), data)
    assert field_errors(response, "id_category") == [
        "Select the category of death: a completed review needs one"
    ]
    assert field_errors(response, "id_modifiable_factors") == [
        "Select whether modifiable factors were identified: a completed review needs an answer"
    ]
    death.refresh_from_db()
    assert death.review_completed_on is None
    assert not AuditEntry.objects.filter(action="child_deaths.childdeath.review").exists()


def test_an_unknown_category_is_shown_on_its_field(coordinator, partnership, panel):
    death = ChildDeathFactory(partnership=partnership, panel=panel)
    response = coordinator.post(url("death_review", partnership, death.pk), review(category="12"))
    assert field_errors(response, "id_category") == ["Select a category of death from the list"]
    death.refresh_from_db()
    assert death.category is None


# Findings


def test_raising_findings_makes_one_learning_source_titled_by_the_case_code(
    coordinator, partnership, panel
):
    death = ChildDeathFactory(partnership=partnership, panel=panel, case_code="CDOP-0007")
    finding_url = url("death_finding", partnership, death.pk)
    for text in ("Safe sleep advice was not repeated", "Discharge planning missed the GP"):
        data = {"text": text, **date("recorded_on", dt.date(2024, 6, 1))}
        response = coordinator.post(finding_url, data, follow=True)
    assert "The finding was raised into the learning loop." in response.content.decode()
    source = Source.objects.get()
    assert source.title == "Child death review CDOP-0007"
    assert Finding.objects.filter(source=source).count() == 2
    assert "Discharge planning missed the GP" in text_of(response, "findings")


def test_a_blank_finding_is_refused(coordinator, partnership, panel):
    death = ChildDeathFactory(partnership=partnership, panel=panel)
    response = coordinator.post(
        url("death_finding", partnership, death.pk), date("recorded_on", dt.date(2024, 6, 1))
    )
    assert field_errors(response, "id_text") == ["Enter the finding"]
    assert not Source.objects.exists()


# Reads are audited


def test_each_read_of_a_record_is_audited(coordinator, partnership, panel, cdop):
    death = ChildDeathFactory(partnership=partnership, panel=panel)
    for _ in range(2):
        coordinator.get(url("death_detail", partnership, death.pk))
    entries = list(reads())
    assert len(entries) == 2
    assert {(e.actor, e.target_id, e.partnership) for e in entries} == {
        (cdop, str(death.pk), partnership)
    }


def test_each_view_of_the_register_writes_one_read_entry(coordinator, partnership, panel):
    for _ in range(3):
        ChildDeathFactory(partnership=partnership, panel=panel)
    coordinator.get(url("death_list", partnership))
    coordinator.get(url("death_list", partnership) + "?age_band=1_4&year=2023-24")
    entries = list(reads().order_by("seq"))
    assert [e.changes["rows"] for e in entries] == [[None, 3], [None, 3]]
    assert entries[1].changes["register"] == [None, {"year": "2023-24", "age_band": "1_4"}]
    assert all(e.target_id == "" for e in entries)


def test_a_refused_visitor_leaves_no_read_entry(client_as, personas, partnership, panel):
    death = ChildDeathFactory(partnership=partnership, panel=panel)
    client = client_as(personas[Role.BUSINESS_UNIT])
    assert client.get(url("death_detail", partnership, death.pk)).status_code == 404
    assert client.get(url("death_list", partnership)).status_code == 404
    assert not reads().exists()


# The register's filters


def test_the_register_filters_by_year_age_band_expectation_and_review(
    coordinator, partnership, panel
):
    ChildDeathFactory(partnership=partnership, panel=panel, case_code="OLD")
    ChildDeathFactory(
        partnership=partnership,
        panel=panel,
        case_code="BABY",
        age_band=AgeBand.NEONATAL,
        died_on=dt.date(2024, 5, 1),
        expectation="unexpected",
    )
    ChildDeathFactory(partnership=partnership, panel=panel, case_code="DONE", reviewed=True)

    def codes(query):
        response = coordinator.get(url("death_list", partnership) + query)
        return [row.split()[0] for row in table_rows(response, "deaths")]

    assert codes("") == ["BABY", "OLD", "DONE"]  # newest notification first, then by code
    assert codes("?year=2024-25") == ["BABY"]
    assert set(codes("?year=2023-24")) == {"OLD", "DONE"}
    assert codes("?age_band=0_27_days") == ["BABY"]
    assert codes("?expectation=unexpected") == ["BABY"]
    assert codes("?reviewed=yes") == ["DONE"]
    assert set(codes("?reviewed=no")) == {"BABY", "OLD"}


def test_other_partnerships_deaths_are_not_on_the_register(
    coordinator, partnership, other_partnership, panel
):
    ChildDeathFactory(partnership=partnership, panel=panel, case_code="HERE")
    ChildDeathFactory(partnership=other_partnership, panel=panel, case_code="THERE")
    response = coordinator.get(url("death_list", partnership))
    assert [row.split()[0] for row in table_rows(response, "deaths")] == ["HERE"]


# Navigation and the home page


def test_only_the_cdop_role_sees_the_navigation_entry(client_as, personas, partnership):
    home = reverse("core:home", args=[partnership.slug])
    assert "Child deaths (CDOP)" in client_as(personas[Role.CDOP]).get(home).content.decode()
    for role in (Role.BUSINESS_UNIT, Role.LADO, Role.ADMINISTRATOR):
        assert "Child deaths (CDOP)" not in client_as(personas[role]).get(home).content.decode()


def test_a_review_open_six_months_after_notification_is_on_the_home_page(
    coordinator, partnership, panel
):
    ChildDeathFactory(partnership=partnership, panel=panel, case_code="LATE")
    ChildDeathFactory(
        partnership=partnership, panel=panel, case_code="RECENT", died_on=dt.date(2024, 5, 1)
    )
    page = coordinator.get(reverse("core:home", args=[partnership.slug])).content.decode()
    assert "Complete the child death review: LATE" in page
    assert "RECENT" not in page


# Query counts


@pytest.mark.parametrize("count", [3, 30])
def test_the_register_makes_the_same_queries_however_many_deaths(
    coordinator, partnership, panel, count, django_assert_num_queries
):
    for _ in range(count):
        ChildDeathFactory(partnership=partnership, panel=panel)
    list_url = url("death_list", partnership)
    coordinator.get(list_url)
    with django_assert_num_queries(18):  # 5 of them append the read to the audit log
        response = coordinator.get(list_url)
    assert len(table_rows(response, "deaths")) == count


@pytest.mark.parametrize("findings", [1, 6])
def test_the_record_makes_the_same_queries_however_many_findings(
    coordinator, partnership, panel, findings, django_assert_num_queries
):
    from safeguarding.child_deaths import services

    death = ChildDeathFactory(partnership=partnership, panel=panel, reviewed=True)
    for n in range(findings):
        services.child_death_finding_raise(
            actor=None, death=death, text=f"Finding {n}", recorded_on=dt.date(2024, 6, 1)
        )
    record_url = url("death_detail", partnership, death.pk)
    coordinator.get(record_url)
    with django_assert_num_queries(17):  # 5 of them append the read to the audit log
        response = coordinator.get(record_url)
    assert text_of(response, "findings").count("Finding ") == findings


@pytest.mark.parametrize("count", [2, 20])
def test_the_panel_page_makes_the_same_queries_however_many_deaths(
    coordinator, partnership, other_partnership, panel, count, django_assert_num_queries
):
    for n in range(count):
        ChildDeathFactory(partnership=(partnership, other_partnership)[n % 2], panel=panel)
    panel_url = url("panel_detail", partnership, panel.slug) + "?year=2023-24"
    coordinator.get(panel_url)
    with django_assert_num_queries(12):
        response = coordinator.get(panel_url)
    assert table_rows(response, "panel-figures")[-1] == f"The panel's footprint {count} 0 0 0"
