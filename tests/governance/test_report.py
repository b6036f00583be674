"""The governance sections of the yearly report: the demo's figures in every format, live in a
draft and frozen once published, at a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
from decimal import Decimal

import docx
import pytest
from django.urls import reverse

from safeguarding.accounts.models import User
from safeguarding.core.models import Agency, Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.demo import loader
from safeguarding.governance import report as governance_report
from safeguarding.governance import services
from safeguarding.governance.models import Meeting, Subgroup
from safeguarding.metrics import services as metric_services
from safeguarding.reports import document, registry, rendering
from safeguarding.reports import services as report_services

YEAR = ReportingYear(2023)
DAY = dt.date(2024, 9, 30)
TRUST = "Somerset NHS Foundation Trust"

# Every governance figure of the seed report, and the agency (or use) it belongs to.
SEED = [
    "Sarah Crew",
    "Jonathan Higman",
    "Duncan Sharkey",
    "Natalie Hanna",
    "Shelagh Meldrum",
    "Lisa Simpson",
    "Claire Winter",
    "15 meetings",
    "£195,500",
    "£47,300",
    "Supporting our training programme and accessibility for all agencies",
    "Independent Scrutiny arrangements",
    "redesign of the South West Child Protection Procedures",
    "Investing in software and Learning Management system",
]
ATTENDANCE = {
    "Avon and Somerset Constabulary": "93%",
    "Children's Social Care (Somerset Council)": "93%",
    "Education Services (Somerset Council)": "67%",
    "Somerset Integrated Care Board": "93%",
    "Public Health Nursing": "80%",
    TRUST: "100%",
}
CONTRIBUTIONS = {
    "Somerset Council": "74%",
    "Somerset Integrated Care Board": "15%",
    "Avon and Somerset Constabulary": "10%",
    "Probation Service": "1%",
}
SPENDING = {"Salaries": "82%", "Independent Scrutiny": "5%", "Licences, subscriptions": "13%"}


@pytest.fixture
def somerset(db) -> Partnership:
    loader.load(password="demo-password-for-tests")
    return Partnership.objects.get(slug="somerset")


def build(somerset, report=None):
    return document.build(somerset, YEAR, report)


def section(doc, code):
    return next(s for s in doc.sections if s.code == code)


def flat(text: str) -> str:
    """Whitespace (line breaks in the PDF, table layout) collapsed to single spaces."""
    return re.sub(r"\s+", " ", text.replace("&#x27;", "'").replace("&amp;", "&"))


def html_text(doc) -> str:
    return flat(re.sub(r"<[^>]+>", " ", rendering.standalone_html(doc)))


def pdf_text(doc) -> str:
    result = subprocess.run(
        ["pdftotext", "-", "-"], input=rendering.pdf_bytes(doc), capture_output=True, check=True
    )
    return flat(result.stdout.decode())


def word_text(doc) -> str:
    word = docx.Document(io.BytesIO(rendering.docx_bytes(doc)))
    rows = [" | ".join(c.text for c in row.cells) for t in word.tables for row in t.rows]
    return flat("\n".join([*(p.text for p in word.paragraphs), *rows]))


def word_rows(doc, heading: str) -> dict[str, list[str]]:
    """The rows of the one Word table whose column headings (joined by " | ") start so."""
    word = docx.Document(io.BytesIO(rendering.docx_bytes(doc)))
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in word.tables]
    (rows,) = [rows for rows in tables if " | ".join(rows[0]).startswith(heading)]
    return {row[0]: row for row in rows[1:]}


@pytest.mark.parametrize("read", [html_text, pdf_text, word_text], ids=["html", "pdf", "docx"])
def test_every_format_holds_the_seed_reports_governance_figures(somerset, read):
    text = read(build(somerset))
    missing = [figure for figure in SEED if figure not in text]
    assert missing == []
    assert "grant of £47,300 from the Department for Education to implement the changes" in text
    assert "This year, we said goodbye to Dickon Turner and welcomed Lisa Simpson." in text
    assert "Natalie Hanna joined the Executive as Education representative." in text


@pytest.mark.parametrize("read", [html_text, pdf_text], ids=["html", "pdf"])
def test_each_percentage_stands_against_its_agency(somerset, read):
    text = read(build(somerset))
    for name, share in {**ATTENDANCE, **CONTRIBUTIONS}.items():
        assert re.search(rf"{re.escape(name)} (£[0-9,]+ )?{share}", text), (name, share)
    for name, share in SPENDING.items():
        assert re.search(rf"{re.escape(name)}.{{0,90}}? £[0-9,]+ {share}", text), (name, share)


def test_the_word_tables_put_each_percentage_against_its_agency(somerset):
    doc = build(somerset)
    rows = word_rows(doc, "Agency | % attendance across 15 meetings")
    assert {name: row[1] for name, row in rows.items()} == ATTENDANCE
    rows = word_rows(doc, "Output | Amount")
    assert rows["Salaries"] == ["Salaries", "£160,310", "82%"]
    assert rows["Independent Scrutiny"] == ["Independent Scrutiny", "£9,775", "5%"]
    assert rows["Total"][1:] == ["£195,500", "100%"]
    rows = word_rows(doc, "Agency | Amount")
    assert rows["Probation Service"] == ["Probation Service", "£1,955", "1%"]
    assert rows["Total"][1:] == ["£195,500", "100%"]


def test_the_introduction_names_the_leaders_at_the_years_end(somerset):
    data = section(build(somerset), "introduction").data
    leads, executive = (block["items"] for block in data["lists"])
    assert leads == [
        "Sarah Crew – Chief Constable, Avon and Somerset Constabulary",
        "Jonathan Higman – Chief Executive Officer, Somerset Integrated Care Board",
        "Duncan Sharkey – Chief Executive Officer, Somerset Council",
    ]
    assert [item.split(" – ")[0] for item in executive] == [
        "Natalie Hanna",
        "Shelagh Meldrum",
        "Lisa Simpson",
        "Claire Winter",
    ]
    assert data["paragraphs"][0] == (
        "The partnership is led by the Chief Constable of Avon and Somerset Constabulary, "
        "the Chief Executive Officer of Somerset Integrated Care Board and "
        "the Chief Executive Officer of Somerset Council."
    )


def test_a_year_without_changes_says_so(somerset):
    data = governance_report.introduction_data(somerset, ReportingYear(2022))
    assert "The Executive's membership did not change this year." in data["paragraphs"]
    assert "Lisa Simpson" not in json.dumps(data)


def test_the_sections_data_survives_a_json_round_trip(somerset):
    for code in ("introduction", "functioning"):
        data = section(build(somerset), code).data
        assert json.loads(json.dumps(data)) == data


def test_the_budget_is_compared_with_an_entered_year(somerset):
    metric_services.entered_value_set(
        actor=None,
        partnership=somerset,
        metric="governance.budget_total",
        period=YEAR.previous(),
        value=Decimal(180000),
        source="2022-23 report",
    )
    budget = section(build(somerset), "functioning").data["parts"][1]
    assert budget["paragraphs"] == [
        "The overall budget for the partnership in 2023-24 was £195,500, "
        "up from £180,000 in 2022-23, funded by partners as follows."
    ]


def attendance_rows(doc) -> dict[str, str]:
    (table,) = section(doc, "functioning").data["parts"][0]["tables"]
    return dict(table["rows"])


def test_a_draft_shows_changed_attendance_and_a_published_report_does_not(somerset):
    published = report_services.report_create(actor=None, partnership=somerset, year=YEAR)
    executive = User.objects.get(email="executive@somerset.example")
    business_unit = User.objects.get(email="business.unit@somerset.example")
    report_services.report_approve(actor=executive, report=published, approved_on=DAY)
    report_services.report_publish(actor=business_unit, report=published, published_on=DAY)
    draft = report_services.report_create(actor=None, partnership=somerset, year=YEAR)

    meeting = Meeting.objects.get(partnership=somerset, date=dt.date(2023, 6, 9))
    came = [
        i.agency for i in meeting.invitations.select_related("agency") if i.agency.name != TRUST
    ]
    services.meeting_record_attendance(actor=business_unit, meeting=meeting, attended=came)

    published.refresh_from_db()
    assert attendance_rows(build(somerset, published))[TRUST] == "100%"
    assert attendance_rows(build(somerset, draft))[TRUST] == "93%"
    assert word_rows(build(somerset, draft), "Agency | % attendance")[TRUST] == [TRUST, "93%"]


def add_meetings(somerset: Partnership, count: int) -> None:
    subgroup = Subgroup.objects.get(partnership=somerset, name="Health")
    invited = list(Agency.objects.filter(name__in=ATTENDANCE))
    for day in range(count):
        meeting = services.meeting_create(
            actor=None,
            partnership=somerset,
            subgroup=subgroup,
            date=dt.date(2023, 11, 1) + dt.timedelta(days=day),
            invited=invited,
        )
        services.meeting_record_attendance(actor=None, meeting=meeting, attended=invited[:3])


@pytest.mark.parametrize(
    ("code", "queries"), [("introduction", 1), ("functioning", 20)], ids=["intro", "functioning"]
)
def test_each_sections_queries_do_not_grow_with_meetings(
    somerset, django_assert_num_queries, code, queries
):
    data = registry.get(code).data
    with django_assert_num_queries(queries):
        data(somerset, YEAR)
    add_meetings(somerset, 10)
    with django_assert_num_queries(queries):
        grown = data(somerset, YEAR)
    if code == "functioning":
        assert "25 meetings" in json.dumps(grown)


def test_the_hub_report_page_shows_both_sections(somerset, client_as):
    report = report_services.report_create(actor=None, partnership=somerset, year=YEAR)
    client = client_as(User.objects.get(email="practitioner@somerset.example"))
    response = client.get(reverse("reports:report_detail", args=["somerset", report.pk]))
    page = flat(response.content.decode())
    assert "Natalie Hanna joined the Executive as Education representative." in page
    assert "% attendance across 15 meetings" in page
    assert "How the grant from Department for Education has been invested" in page
