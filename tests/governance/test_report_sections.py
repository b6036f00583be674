"""The yearly report's later governance sections (Working Together 2023, Communication, Voice of
the Child, the priorities and the plan on a page) hold the seed's figures in every format, at a
fixed number of queries; the dashboard shows the governance panels."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal

import docx
import pytest
from django.urls import reverse

from safeguarding.accounts.models import User
from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.demo import loader
from safeguarding.governance import services
from safeguarding.governance.models import ParticipationGroup
from safeguarding.reports import document, registry, rendering
from tests.governance.test_report import flat, html_text, pdf_text, word_text

YEAR = ReportingYear(2023)
CODES = ["working_together", "communication", "voice_of_child", "priorities", "plan_on_a_page"]

COMMUNICATION = [
    "we had 589 visitors",
    "511 new subscribers",
    "Over 1,700",
    "1,700 downloads",
    "This year, we have reached 11,500 people, had 493 link clicks, 1,500 page visits and "
    "106 new followers for our social media.",
    "This has been an increase in reach (34.1%) and link clicks (95.6%) on the year before.",
    "Engagement rose 96%.",
    "Facebook page.",
]
VOICE = [
    "Parent Carer Forum",
    "Unstoppables",
    "Somerset in Care Council (SiCC)",
    "Somerset Leaving Care Council (SLCC)",
    "Somerset Youth Forum",
    "CAMHS participation group",
    "Young Parents group",
    "Young Carers group",
    "Police participation group",
    "update our Neglect Strategy",
    "Included Somerset Youth Forum projects in our monthly Learning Bulletin",
    "Grow Up! What's tough about growing up in Somerset?",
    "Learning resources relating to Somerset Trauma Informed approaches.",
]
PRIORITIES = [
    "Safe Start to Life",
    "Safe in the Community",
    "Positive Emotional Wellbeing and Mental Health",
    "Why this priority was chosen: Somerset completed 6 Rapid Reviews in 2021-22",
    "Partnership activity 2023-24",
    "Held a focus group with practitioners",
    "Forward focus",
    "Progress is rated amber. There has been less evidence of progress",
]
# Each indicator's local and England figures, as they stand side by side in its row.
INDICATORS = {
    "Hospital admissions due to substance misuse (15-24)": ("93.0 per 100,000", "58.3 per 100,000"),
    "Hospital admissions for mental health conditions (0-18)": (
        "122.0 per 100,000",
        "80.8 per 100,000",
    ),
    "Hospital admissions as a result of self-harm (10-24)": (
        "611.8 per 100,000",
        "319.0 per 100,000",
    ),
    "Year 10 pupils who said they don't have someone to talk to about feelings or worries": (
        "27.5%",
        "–",
    ),
    "Missing episodes that are for children with a child exploitation banner": ("24.5%", "–"),
    "Average missing episodes per child with a child exploitation banner": (
        "6.2 episodes per child",
        "–",
    ),
    "Average missing episodes per child with no child exploitation banner": (
        "2.2 episodes per child",
        "–",
    ),
    "Increase in the number of 10- to 14-year-olds entering the youth justice system for the "
    "first time, on the previous year": ("–", "7%"),
    "Secondary school pupils who did not feel safe at school (1 in 4)": ("25%", "–"),
}
WORKING_TOGETHER = [
    "Lead Practitioner",
    "Our decision: In Somerset the Lead Practitioner will continue to be a qualified Social "
    "Worker.",
    "What changed: The importance of involving Education in safeguarding",
    "Natalie Hanna joined the Executive to ensure that Education is represented",
]
PLAN = [
    "Our plan on a page for 2024-25.",
    "1: Safe Start to Life. Babies and young children will have the best start to life",
    "2: Safe in the Community. Children feel confident and safe",
    "3: Positive Emotional Wellbeing and Mental Health.",
    "Somerset Youth Justice Partnership Board",
    "Quality and Performance",
    "Understand challenges in the system: Conduct learning reviews",
    "Support positive change in the system: Deliver training",
    "Improve partnership working: Facilitate the Resolving Professional Differences process",
]
EVERYTHING = COMMUNICATION + VOICE + PRIORITIES + WORKING_TOGETHER + PLAN


@pytest.fixture
def somerset(db) -> Partnership:
    loader.load(password="demo-password-for-tests")
    return Partnership.objects.get(slug="somerset")


def build(somerset):
    return document.build(somerset, YEAR, None)


def data(somerset, code):
    return registry.get(code).data(somerset, YEAR)


@pytest.mark.parametrize("read", [html_text, pdf_text, word_text], ids=["html", "pdf", "docx"])
def test_every_format_holds_the_seed_reports_figures_for_these_sections(somerset, read):
    text = read(build(somerset))
    assert [said for said in EVERYTHING if said not in text] == []
    values = [value for pair in INDICATORS.values() for value in pair if value != "–"]
    assert [value for value in values if value not in text] == []
    if read is pdf_text:  # a long label wraps around its row's figures in the PDF's text
        return
    for label, (local, england) in INDICATORS.items():
        row = rf"{re.escape(label)}\W+{re.escape(local)}\W+{re.escape(england)}"
        assert re.search(row, text), label


def test_the_sections_follow_the_seeds_order(somerset):
    codes = [s.code for s in build(somerset).sections]
    casework = ["allegations", "child_deaths", "professional_differences"]
    assert codes[codes.index("functioning") :] == ["functioning", *casework, *CODES]
    titles = re.findall(r"<h2[^>]*>([^<]+)</h2>", rendering.standalone_html(build(somerset)))
    assert titles[-5:] == [
        "Working Together 2023",
        "Communication",
        "Voice of the child and young person",
        "Our priorities",
        "Plan on a page",
    ]


def word_table(doc, caption: str) -> dict[str, list[str]]:
    """The rows, by first cell, of the Word table that follows the caption."""
    word = docx.Document(io.BytesIO(rendering.docx_bytes(doc)))
    body = list(word.element.body.iterchildren())
    captions = [i for i, e in enumerate(body) if e.tag.endswith("}p") and caption in _text(e)]
    table = docx.table.Table(body[captions[0] + 1], word)
    return {row.cells[0].text: [c.text for c in row.cells] for row in table.rows}


def _text(element) -> str:
    return "".join(node.text or "" for node in element.iter() if node.tag.endswith("}t"))


def test_word_puts_each_indicator_in_a_real_table_row(somerset):
    rows = word_table(build(somerset), "Positive Emotional Wellbeing and Mental Health: the")
    assert rows["Indicator"] == ["Indicator", "Local", "England", "Source"]
    self_harm = rows["Hospital admissions as a result of self-harm (10-24)"]
    assert self_harm[1:3] == ["611.8 per 100,000", "319.0 per 100,000"]
    talk = rows[next(label for label in rows if label.startswith("Year 10 pupils"))]
    assert talk[1:] == ["27.5%", "–", "Somerset Health & Wellbeing Survey, 2023"]


def test_word_has_the_communications_table_with_the_change_on_the_year(somerset):
    word = docx.Document(io.BytesIO(rendering.docx_bytes(build(somerset))))
    (table,) = [t for t in word.tables if t.rows[0].cells[0].text == "Channel"]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Channel", "Measure", "2023-24", "2022-23", "Change on the year"]
    assert ["Social media", "Reach", "11,500", "8,576", "+2,924 (+34.1%)"] in rows
    assert ["Child protection procedures", "Visitors", "589", "Not recorded", ""] in rows
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert {"Lead Practitioner", "Education", "Social media", "Safe Start to Life"} <= set(headings)


def test_the_sections_data_survives_a_json_round_trip(somerset):
    for code in CODES:
        found = data(somerset, code)
        assert json.loads(json.dumps(found)) == found


def test_a_fall_on_the_year_is_said_as_a_fall(somerset):
    figure = services.communication_figure_create(
        actor=None,
        partnership=somerset,
        year=YEAR.previous(),
        channel="social_media",
        measure="followers",
        value=Decimal("212"),
    )
    social = data(somerset, "communication")["parts"][3]
    assert figure.value == 212
    assert social["paragraphs"][1] == (
        "This has been an increase in reach (34.1%) and link clicks (95.6%) and "
        "a fall in new followers (50%) on the year before."
    )


def test_a_year_without_records_says_so_in_every_section(somerset):
    empty = ReportingYear(2019)
    said = json.dumps([registry.get(code).data(somerset, empty) for code in CODES])
    assert "No changes in national guidance are recorded for 2019-20." in said
    assert "No communications figures are recorded for 2019-20." in said
    assert "No work with children and young people is recorded for 2019-20." in said
    assert "No priorities are recorded for 2019-20." in said
    assert "No plan on a page is recorded for 2020-21." in said


def test_a_retired_group_is_left_out_of_later_years(somerset):
    group = ParticipationGroup.objects.get(partnership=somerset, name="Unstoppables")
    group.retired_on = YEAR.start.replace(day=2)  # retired during 2023-24: still listed
    group.save()
    assert "Unstoppables" in json.dumps(data(somerset, "voice_of_child"))
    later = registry.get("voice_of_child").data(somerset, ReportingYear(2024))
    assert "Unstoppables" not in json.dumps(later)


# Query counts


def grow(somerset: Partnership) -> None:
    """More of every record these sections read."""
    group = ParticipationGroup.objects.get(partnership=somerset, name="Somerset Youth Forum")
    for n in range(5):
        services.guidance_change_create(
            actor=None,
            partnership=somerset,
            year=YEAR,
            topic=f"Change {n}",
            guidance="G",
            decision="D",
        )
        services.engagement_create(
            actor=None, partnership=somerset, year=YEAR, title=f"Work {n}", groups=[group]
        )
        services.participation_group_create(actor=None, partnership=somerset, name=f"Group {n}")
        services.subgroup_create(actor=None, partnership=somerset, name=f"Subgroup {n}")
        priority = services.priority_create(
            actor=None, partnership=somerset, title=f"Priority {n}", statement="S", first_year=YEAR
        )
        services.indicator_create(actor=None, priority=priority, label="I", local_value=Decimal(1))
        services.activity_create(actor=None, priority=priority, year=YEAR, text="A")
    services.communication_figure_create(
        actor=None, partnership=somerset, year=YEAR, channel="website", measure="visitors", value=9
    )


# Each section's queries, and what the grown records add to it.
QUERIES = {
    "working_together": (1, "Change 4"),
    "communication": (2, "we have had 9 visitors for our website."),
    "voice_of_child": (3, "Work 4"),
    # 4: the priorities, their indicators, activities, and (one query for all of them) the
    # year's evidence of impact of the learning actions their activities name; 6 for the
    # training the demo's priorities cite (training/report.py: the courses citing them, entered
    # values, when training began, attended bookings, commissioned attendees, audiences).
    "priorities": (10, "Priority 4"),
    "plan_on_a_page": (3, "Subgroup 4"),
}


@pytest.mark.parametrize(("code", "expected"), QUERIES.items(), ids=QUERIES)
def test_each_sections_queries_do_not_grow_with_more_records(
    somerset, django_assert_num_queries, code, expected
):
    queries, added = expected
    with django_assert_num_queries(queries):
        data(somerset, code)
    grow(somerset)
    with django_assert_num_queries(queries):
        grown = json.dumps(data(somerset, code))
    assert added in grown


# The dashboard


def test_the_dashboard_shows_the_three_governance_panels(somerset, client_as):
    client = client_as(User.objects.get(email="practitioner@somerset.example"))
    page = flat(
        client.get(
            reverse("metrics:dashboard", args=["somerset"]) + "?year=2023-24"
        ).content.decode()
    )
    for title in (
        "Attendance at multi-agency subgroups by agency (%)",
        "Contributions to the budget by agency",
        "Expenditure by category",
    ):
        assert title in page
    assert "Somerset NHS Foundation Trust" in page
    assert "£195,500" in page
    assert "Salaries" in page
