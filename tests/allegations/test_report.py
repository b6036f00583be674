"""The yearly report's "Allegations Management" section, for a small synthetic register in
2023-24: 22 notifications (13 not meeting the LADO criteria: 59%), after 25 entered for 2022-23,
as the seed report's "742 notifications ... (a slight decrease from 747 ...). Of these, 59% were
assessed as not meeting the LADO criteria", at a thousandth of the scale. The section is a
published output: disclosure control hides small counts and their shares, in every format."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.allegations import report as allegations_report
from safeguarding.allegations.models import EmployerSector, Outcome
from safeguarding.core.years import ReportingYear
from safeguarding.metrics import services as metric_services
from safeguarding.reports import document
from safeguarding.reports import registry as report_registry
from tests.allegations.factories import AllegationFactory
from tests.reviews.test_report import flat, html_text, pdf_text, word_rows, word_text

YEAR = ReportingYear(2023)
NOW = dt.datetime(2024, 9, 30, 12, tzinfo=dt.UTC)
SOURCE = "The LADO's annual report 2022-23"

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def many(partnership, count, **fields):
    return [AllegationFactory(partnership=partnership, **fields) for _ in range(count)]


@pytest.fixture
def register(partnership):
    """2023-24: 9 referrals meeting the criteria (6 in education, 3 in early years; 6
    substantiated within a month, 3 ongoing), 13 not meeting them (7 referrals, 6 requests for
    advice; all closed within a week, in education), all received on Monday 5 June 2023 and
    the LADO informed that day, except 2 informed on the Friday (due the Tuesday)."""
    many(partnership, 4, concluded=True)
    many(partnership, 3, employer_sector=EmployerSector.EARLY_YEARS)
    many(partnership, 7, not_met=True)
    many(partnership, 6, advice=True, not_met=True)
    many(partnership, 2, concluded=True, lado_informed_on=dt.date(2023, 6, 9))


def enter(partnership, value=25):
    metric_services.entered_value_set(
        actor=None,
        partnership=partnership,
        metric="allegations.notifications",
        period=YEAR.previous(),
        value=value,
        source=SOURCE,
    )


def data(partnership):
    return allegations_report.allegations_data(partnership, YEAR)


def paragraphs(section):
    return [p for part in section["parts"] for p in part.get("paragraphs", [])]


def tables(section):
    return {t["caption"]: t["rows"] for part in section["parts"] for t in part.get("tables", [])}


def test_the_seeds_sentences_come_from_the_records_and_the_entered_year(partnership, register):
    enter(partnership)
    said = paragraphs(data(partnership))
    assert (
        "During 2023-24, the service managed 22 notifications of allegations, down from 25 in "
        "2022-23." in said
    )
    assert "Of these, 59% were assessed as not meeting the LADO criteria." in said


def test_the_share_not_meeting_the_criteria_is_the_published_tables(partnership, register):
    """13 of 22: 59%, the same figure as the criteria table's share column."""
    enter(partnership)
    section = data(partnership)
    rows = tables(section)["Notifications by whether the LADO criteria were met, 2023-24"]
    assert rows == [["Met", "9", "41%"], ["Not met", "13", "59%"], ["Total", "22", "100%"]]


def test_a_hidden_count_of_not_met_is_c_in_the_sentence_and_the_table(partnership):
    """4 not met of 14: a small count, so neither it nor its share is published."""
    many(partnership, 10, concluded=True)
    many(partnership, 4, not_met=True)
    section = data(partnership)
    assert "Of these, c were assessed as not meeting the LADO criteria." in paragraphs(section)
    rows = tables(section)["Notifications by whether the LADO criteria were met, 2023-24"]
    assert rows == [["Met", "c", "c"], ["Not met", "c", "c"], ["Total", "14", "100%"]]


def test_a_hidden_total_is_never_stated(partnership):
    many(partnership, 3)
    enter(partnership, 25)
    said = paragraphs(data(partnership))
    assert "Fewer than 6 notifications of allegations in 2023-24, down from 25 in 2022-23." in said
    assert all("3 notifications" not in sentence for sentence in said)


def test_the_tables_by_contact_type_sector_outcome_and_time_taken(partnership, register):
    enter(partnership)
    found = tables(data(partnership))
    assert found["Notifications by contact type, 2021-22 to 2023-24"] == [
        ["Advice or consultation", "–", "–", "6"],
        ["Referral", "–", "–", "16"],
        ["Total", "–", "25", "22"],
    ]
    assert found["Notifications by employer sector, 2023-24"] == [
        ["Early years", "c", "c"],
        ["Education", "c", "c"],
        ["Total", "22", "100%"],
    ]
    assert found["Allegations concluded by outcome, 2023-24"] == [
        ["Closed: the criteria were not met", "13", "68%"],
        ["Substantiated", "6", "32%"],
        ["Total", "19", "100%"],
    ]
    assert found["Allegations concluded by time taken, 2023-24"] == [
        ["Within 1 month", "19", "100%"],
        ["Total", "19", "100%"],
    ]
    assert found["The LADO informed within 1 working day (%)"] == [["2023-24", "90.9%"]]


def test_the_outcomes_and_timeliness_sentences(partnership, register):
    said = paragraphs(data(partnership))
    assert "19 allegations were concluded in 2023-24." in said
    assert (
        "In 2023-24, the LADO was informed within 1 working day of the allegation being received "
        "in 90.9% of the notifications with the date recorded." in said
    )
    assert (
        "Of the allegations concluded in 2023-24, 100% were concluded within one month of being "
        "received." in said
    )


def test_a_year_without_records_says_so(partnership):
    section = data(partnership)
    said = paragraphs(section)
    assert "No notifications of allegations are recorded for 2023-24." in said
    assert "No concluded allegations are recorded for 2023-24." in said
    assert "No timeliness figures are recorded for 2023-24." in said
    assert tables(section) == {}
    assert json.loads(json.dumps(section)) == section


def test_the_section_names_nobody(partnership, register):
    """The register's references, people's codes and roles never reach the published report."""
    said = json.dumps(data(partnership))
    for word in ("LADO-0", "P0", "Teacher", "Foster carer", "Sports coach"):
        assert word not in said


@pytest.fixture
def only_this_section(monkeypatch):
    """The document holds this section alone, whatever other apps register."""
    sections = {"allegations": report_registry.get("allegations")}
    monkeypatch.setattr(report_registry, "_sections", sections)


@pytest.mark.parametrize("read", [html_text, pdf_text, word_text], ids=["html", "pdf", "docx"])
def test_every_format_holds_the_sections_figures(partnership, register, only_this_section, read):
    enter(partnership)
    text = read(document.build(partnership, YEAR, None))
    for said in (
        "Allegations Management",
        "the service managed 22 notifications of allegations, down from 25 in 2022-23.",
        "Of these, 59% were assessed as not meeting the LADO criteria.",
        "Notifications by contact type and sector",
        "Outcomes",
        "Timeliness",
        "Closed: the criteria were not met",
    ):
        assert said in text


def test_the_word_file_holds_the_same_tables(partnership, register, only_this_section):
    rows = word_rows(document.build(partnership, YEAR, None), "Outcome | 2023-24 | % of total")
    assert rows[1:] == [
        ["Closed: the criteria were not met", "13", "68%"],
        ["Substantiated", "6", "32%"],
        ["Total", "19", "100%"],
    ]


def test_the_hub_report_page_shows_the_section_to_the_business_unit(
    partnership, personas, client_as, register
):
    """Anyone in the partnership reads the published figures, without the LADO role."""
    from safeguarding.reports import services as report_services

    report = report_services.report_create(actor=None, partnership=partnership, year=YEAR)
    client = client_as(personas[Role.BUSINESS_UNIT])
    page = client.get(reverse("reports:report_detail", args=[partnership.slug, report.pk]))
    text = flat(page.content.decode())
    assert "Allegations Management" in text
    assert "Of these, 59% were assessed as not meeting the LADO criteria." in text


def add_year(partnership, count):
    many(partnership, count, concluded=True)
    many(partnership, count, not_met=True, employer_sector=EmployerSector.HEALTH)
    many(partnership, count, advice=True, outcome=Outcome.ONGOING)


def test_the_sections_queries_do_not_grow_with_the_register(partnership, django_assert_num_queries):
    # Each series' entered values and one query a year: notifications by contact type (3
    # years, the two before the register asking once more whether it had begun), by criteria,
    # by sector, outcomes and time taken (one year each), the LADO informed on time (3 years);
    # and the partnership's timescale.
    queries = (1 + 3 + 2) + 4 * (1 + 1) + (1 + 3) + 1
    enter(partnership)
    add_year(partnership, 6)
    with django_assert_num_queries(queries):
        data(partnership)
    add_year(partnership, 60)
    with django_assert_num_queries(queries):
        section = data(partnership)
    assert "During 2023-24, the service managed 198 notifications" in paragraphs(section)[1]
