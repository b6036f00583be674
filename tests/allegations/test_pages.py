"""The LADO's pages: the register with its "LADO informed" clocks and filters, the record (each
read audited), recording, changing and concluding an allegation, raising a finding, the figures
and the LADO's home page. Time is frozen on Wednesday 10 May 2023."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.allegations.models import Allegation
from safeguarding.audit.models import AuditEntry
from safeguarding.learning.links import record_url
from safeguarding.learning.models import Source
from tests.allegations.factories import AllegationFactory

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2023, 5, 5)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(dt.datetime(2023, 5, 10, 12, 0), tick=False)


@pytest.fixture
def lado(client_as, personas):
    return client_as(personas[Role.LADO])


def url(partnership, name: str, *args: Any) -> str:
    return reverse(f"allegations:{name}", args=[partnership.slug, *args])


def _date(field: str, day: dt.date | None) -> dict[str, str]:
    parts = ("", "", "") if day is None else (str(day.day), str(day.month), str(day.year))
    names = (f"{field}_day", f"{field}_month", f"{field}_year")
    return dict(zip(names, parts, strict=True))


def notification(**fields: Any) -> dict[str, Any]:
    """The add form's answers: a referral received on Friday 5 May 2023, the harm test met."""
    data: dict[str, Any] = {
        "reference": "",
        "contact_type": "referral",
        "employer_sector": "education",
        "person_role": "Teacher",
        "person_code": "P-0001",
        "category": "physical",
        "criteria_met": "yes",
        "criteria": ["harmed_child", "risk_of_harm"],
        **_date("received_on", FRIDAY),
        **_date("lado_informed_on", None),
        **_date("strategy_meeting_on", None),
    }
    return data | fields


def errors(response) -> dict[str, list[str]]:
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


# The register


def test_the_register_shows_each_allegation_with_its_clock(lado, partnership):
    AllegationFactory(partnership=partnership, reference="LADO-0001", received_on=FRIDAY)
    AllegationFactory(
        partnership=partnership,
        reference="LADO-0002",
        received_on=dt.date(2023, 5, 4),
        lado_informed_on=None,
    )
    response = lado.get(url(partnership, "allegation_list"))
    clocks = {row.allegation.reference: row.clock for row in response.context["register"].rows}
    assert clocks["LADO-0001"].state == "met"  # informed the day it was received
    assert clocks["LADO-0002"].state == "overdue"  # due Friday 5 May, not informed
    page = response.content.decode()
    assert "2 allegations" in page
    assert "Due 5 May 2023" in page
    assert "2 working days late" in page  # Tuesday 9 May and Wednesday 10 May


def test_each_view_of_the_register_is_audited_with_what_it_showed(lado, partnership, personas):
    AllegationFactory(partnership=partnership, reference="LADO-0001")
    AllegationFactory(partnership=partnership, reference="LADO-0002", advice=True)
    lado.get(url(partnership, "allegation_list") + "?contact_type=advice")
    entry = AuditEntry.objects.get(action="allegations.allegation.list")
    assert (entry.actor, entry.partnership) == (personas[Role.LADO], partnership)
    assert entry.changes["references"] == [None, ["LADO-0002"]]
    assert entry.changes["filters"] == [None, {"contact_type": "advice"}]
    lado.get(url(partnership, "allegation_list") + "?page=1")
    assert AuditEntry.objects.filter(action="allegations.allegation.list").count() == 2


def test_the_register_filters(lado, partnership):
    AllegationFactory(partnership=partnership, reference="MET-1", received_on=dt.date(2022, 6, 1))
    AllegationFactory(partnership=partnership, reference="ADVICE-1", advice=True)
    AllegationFactory(partnership=partnership, reference="NOTMET-1", not_met=True)
    AllegationFactory(partnership=partnership, reference="DONE-1", concluded=True)
    AllegationFactory(
        partnership=partnership, reference="HEALTH-1", employer_sector="health", category="sexual"
    )
    cases = {
        "year=2022-23": {"MET-1"},
        "contact_type=advice": {"ADVICE-1"},
        "employer_sector=health": {"HEALTH-1"},
        "criteria=not_met": {"NOTMET-1"},
        "criteria=undecided": {"ADVICE-1"},
        "outcome=substantiated": {"DONE-1"},
        "ongoing=no": {"NOTMET-1", "DONE-1"},
        "ongoing=yes&year=2023-24": {"ADVICE-1", "HEALTH-1"},
    }
    for query, expected in cases.items():
        response = lado.get(url(partnership, "allegation_list") + f"?{query}")
        shown = {row.allegation.reference for row in response.context["register"].rows}
        assert shown == expected, query


def test_a_filter_that_is_not_a_choice_is_shown_as_an_error(lado, partnership):
    AllegationFactory(partnership=partnership)
    response = lado.get(url(partnership, "allegation_list") + "?year=1999-00&outcome=guilty")
    assert set(response.context["filters"].errors) == {"year", "outcome"}
    assert len(response.context["register"].rows) == 1
    assert "There is a problem" in response.content.decode()


def test_the_register_pages_fifty_at_a_time(lado, partnership):
    AllegationFactory.create_batch(51, partnership=partnership)
    response = lado.get(url(partnership, "allegation_list") + "?page=2")
    assert len(response.context["register"].rows) == 1
    assert "51 allegations" in response.content.decode()


def test_the_register_query_count_does_not_grow_with_its_rows(
    lado, partnership, django_assert_num_queries
):
    AllegationFactory.create_batch(3, partnership=partnership)
    lado.get(url(partnership, "allegation_list"))  # the session settles
    with django_assert_num_queries(QUERIES_LIST) as first:
        lado.get(url(partnership, "allegation_list"))
    AllegationFactory.create_batch(40, partnership=partnership)
    with django_assert_num_queries(len(first.captured_queries)):
        lado.get(url(partnership, "allegation_list"))


# The record


def test_the_record_shows_the_allegation_and_its_clock(lado, partnership):
    allegation = AllegationFactory(
        partnership=partnership,
        received_on=FRIDAY,
        lado_informed_on=None,
        lado_due_on=dt.date(2023, 5, 9),
        person_code="P-0042",
        criminal_offence=True,
    )
    page = lado.get(url(partnership, "allegation_detail", allegation.pk)).content.decode()
    assert allegation.reference in page
    assert "P-0042" in page
    assert "Friday 5 May 2023" in page
    assert "Tuesday 9 May 2023" in page
    assert "Overdue" in page
    assert "1 working day late" in page
    assert "Possibly committed a criminal offence against or related to a child" in page


def test_each_read_of_a_record_is_audited(lado, partnership, personas):
    allegation = AllegationFactory(partnership=partnership)
    lado.get(url(partnership, "allegation_detail", allegation.pk))
    lado.get(url(partnership, "allegation_detail", allegation.pk))
    entries = AuditEntry.objects.filter(action="allegations.allegation.read")
    assert entries.count() == 2
    entry = entries.first()
    assert (entry.actor, entry.target_id, entry.target_label) == (
        personas[Role.LADO],
        str(allegation.pk),
        allegation.reference,
    )


def test_the_record_page_query_count_is_pinned(lado, partnership, django_assert_num_queries):
    allegation = AllegationFactory(partnership=partnership, concluded=True)
    lado.get(url(partnership, "allegation_detail", allegation.pk))
    with django_assert_num_queries(QUERIES_DETAIL):
        lado.get(url(partnership, "allegation_detail", allegation.pk))


# Recording a notification


def test_the_lado_records_a_notification_and_sees_its_due_date(lado, partnership):
    response = lado.post(url(partnership, "allegation_add"), notification(), follow=True)
    allegation = Allegation.objects.get()
    assert response.redirect_chain[-1][0] == url(partnership, "allegation_detail", allegation.pk)
    page = response.content.decode()
    assert "LADO-0001 was recorded." in page
    assert "Tuesday 9 May 2023" in page  # Friday, the Coronation bank holiday, then Tuesday
    assert (allegation.harmed_child, allegation.risk_of_harm, allegation.unsuitable) == (
        True,
        True,
        False,
    )


def test_an_unknown_category_is_a_field_error_and_nothing_is_saved(lado, partnership):
    response = lado.post(url(partnership, "allegation_add"), notification(category="financial"))
    assert response.status_code == 200
    assert errors(response) == {"category": ["Select the category from the list"]}
    assert "There is a problem" in response.content.decode()
    assert not Allegation.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="allegations.").exists()


def test_the_services_rules_reach_their_fields(lado, partnership):
    data = notification(criteria=[], category="", **_date("lado_informed_on", dt.date(2023, 5, 4)))
    response = lado.post(url(partnership, "allegation_add"), data)
    assert errors(response) == {
        "category": ["Select the category of the allegation"],
        "criteria": ["Select the criteria of the harm test the allegation meets"],
        "lado_informed_on": [
            "The date the LADO was informed must be on or after the date received (5 May 2023)"
        ],
    }
    assert not Allegation.objects.exists()


def test_an_empty_form_names_every_missing_answer(lado, partnership):
    response = lado.post(url(partnership, "allegation_add"), {})
    assert set(errors(response)) == {
        "contact_type",
        "received_on",
        "employer_sector",
        "person_role",
        "criteria_met",
    }


# Changing and concluding


def test_the_lado_changes_the_details(lado, partnership):
    allegation = AllegationFactory(partnership=partnership, received_on=dt.date(2023, 5, 2))
    data = notification(reference=allegation.reference, person_role="Head teacher")
    response = lado.post(url(partnership, "allegation_edit", allegation.pk), data, follow=True)
    assert f"{allegation.reference} was updated." in response.content.decode()
    allegation.refresh_from_db()
    assert (allegation.person_role, allegation.lado_due_on) == ("Head teacher", dt.date(2023, 5, 9))


def test_the_edit_form_shows_the_current_answers(lado, partnership):
    allegation = AllegationFactory(partnership=partnership, unsuitable=True)
    form = lado.get(url(partnership, "allegation_edit", allegation.pk)).context["form"]
    assert form.initial["criteria"] == ["harmed_child", "unsuitable"]
    assert form["criteria_met"].value() == "yes"


def conclusion(outcome: str = "substantiated", day: dt.date | None = None, **fields: Any):
    return {"outcome": outcome, **_date("concluded_on", day), "referred_to_regulator": ""} | fields


def test_an_outcome_needs_a_concluded_date(lado, partnership):
    allegation = AllegationFactory(partnership=partnership, received_on=FRIDAY)
    response = lado.post(url(partnership, "allegation_conclude", allegation.pk), conclusion())
    assert errors(response) == {"concluded_on": ["Enter the date the allegation was concluded"]}
    allegation.refresh_from_db()
    assert (allegation.outcome, allegation.concluded_on) == ("ongoing", None)


def test_concluded_before_received_is_a_field_error(lado, partnership):
    allegation = AllegationFactory(partnership=partnership, received_on=FRIDAY)
    data = conclusion(day=dt.date(2023, 5, 4))
    response = lado.post(url(partnership, "allegation_conclude", allegation.pk), data)
    assert errors(response) == {
        "concluded_on": ["The date concluded must be on or after the date received (5 May 2023)"]
    }
    assert not AuditEntry.objects.filter(action="allegations.allegation.conclude").exists()


def test_the_lado_concludes_and_the_record_shows_the_outcome(lado, partnership):
    allegation = AllegationFactory(partnership=partnership, received_on=FRIDAY)
    data = conclusion("unsubstantiated", dt.date(2023, 5, 9), referred_to_dbs="on")
    response = lado.post(url(partnership, "allegation_conclude", allegation.pk), data, follow=True)
    page = response.content.decode()
    assert f"{allegation.reference} was concluded: unsubstantiated." in page
    assert "Tuesday 9 May 2023" in page
    assert "Change the outcome" in page
    allegation.refresh_from_db()
    assert (allegation.outcome, allegation.referred_to_dbs) == ("unsubstantiated", True)


# Raising a finding


def test_the_lado_raises_a_finding_into_the_learning_loop(lado, partnership):
    allegation = AllegationFactory(partnership=partnership, received_on=FRIDAY, person_code="P-7")
    theme = partnership.themes.first()
    data = {"text": "Safer recruitment checks were missed.", "themes": [theme.pk]}
    data |= _date("recorded_on", dt.date(2023, 5, 10))
    response = lado.post(url(partnership, "allegation_finding", allegation.pk), data, follow=True)
    source = Source.objects.get()
    assert source.title == f"Allegation {allegation.reference}"
    page = response.content.decode()
    assert f"The finding was raised into the learning loop as {source.title}." in page
    assert reverse("learning:source_detail", args=[partnership.slug, source.pk]) in page
    assert record_url(source) == url(partnership, "allegation_detail", allegation.pk)


def test_a_finding_without_text_is_refused(lado, partnership):
    allegation = AllegationFactory(partnership=partnership, received_on=FRIDAY)
    data = {"text": "", **_date("recorded_on", dt.date(2023, 5, 10))}
    response = lado.post(url(partnership, "allegation_finding", allegation.pk), data)
    assert errors(response) == {"text": ["Enter the finding"]}
    assert not Source.objects.exists()


# The LADO's home page and figures


def test_the_lado_is_reminded_of_allegations_a_month_old_without_a_meeting(lado, partnership):
    AllegationFactory(partnership=partnership, reference="OLD-1", received_on=dt.date(2023, 4, 3))
    AllegationFactory(
        partnership=partnership,
        reference="MET-1",
        received_on=dt.date(2023, 4, 3),
        strategy_meeting_on=dt.date(2023, 4, 5),
    )
    AllegationFactory(partnership=partnership, reference="NEW-1", received_on=FRIDAY)
    page = lado.get(reverse("core:home", args=[partnership.slug])).content.decode()
    assert "Hold a strategy meeting or conclude OLD-1" in page
    assert "MET-1" not in page
    assert "NEW-1" not in page


def test_the_figures_show_the_lado_true_values(lado, partnership):
    AllegationFactory.create_batch(2, partnership=partnership, received_on=dt.date(2023, 4, 12))
    AllegationFactory(partnership=partnership, received_on=dt.date(2023, 4, 12), advice=True)
    response = lado.get(url(partnership, "figures") + "?year=2023-24")
    tables = {table.caption: table for table in response.context["tables"]}
    by_contact = dict(tables["Notifications, by contact type"].rows)
    assert by_contact["Referral"][-1] == "2"  # never "c": the LADO reads the true values
    assert by_contact["Total"][-1] == "3"
    assert tables["Notifications, by contact type"].years[-1] == "2023-24"


def test_the_figures_year_must_be_a_reporting_year(lado, partnership):
    assert lado.get(url(partnership, "figures") + "?year=2023").status_code == 404


#: The register: the session, the user, their second factor, the partnership and their roles (5),
#: the filters' years, the count, the timescale and the page (4), the audit entry of the read (a
#: savepoint, the chain head, the entry, the head again, release: 5), the shell's partnerships
#: (1) and the session saved (3).
QUERIES_LIST = 18
#: The record: the session, user, second factor, partnership and roles (5), the allegation with
#: its partnership (1), the audit entry of the read (5), the timescale (1), the shell (1) and the
#: session saved (3).
QUERIES_DETAIL = 16
