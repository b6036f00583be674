"""The "Rapid reviews and LCSPR" section of the yearly report and the reviews figures behind it
(metrics and dashboard panels), for a small synthetic partnership: three rapid reviews and three
learning reviews completed in 2023-24, after 2, 6 and 7 rapid reviews entered for the years
before the Hub, as in the seed report."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
from decimal import Decimal

import docx
import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.core.models import Theme
from safeguarding.core.years import ReportingYear
from safeguarding.learning import services as learning
from safeguarding.learning.models import ActionStatus, ImpactJudgement
from safeguarding.metrics import dashboard, registry
from safeguarding.metrics import services as metric_services
from safeguarding.metrics.selectors import Origin, series
from safeguarding.reports import document, rendering
from safeguarding.reports import registry as report_registry
from safeguarding.reviews import report as reviews_report
from safeguarding.reviews import services
from safeguarding.reviews.models import ReviewDecision
from tests.learning.factories import make_action, make_source
from tests.reviews.factories import (
    ask_summary,
    complete,
    make_learning_review,
    make_notification,
    make_practice_review,
    make_rapid_review,
)

YEAR = ReportingYear(2023)
NOW = dt.datetime(2024, 9, 30, 12, tzinfo=dt.UTC)  # a Monday in 2024-25
RAPID = [
    "Rapid Review 1 – non-accidental injuries to a baby",
    "Rapid Review 2 – death of an adolescent due to ingesting drugs",
    "Rapid Review 3 – death of a baby due to non-accidental injuries",
]
LEARNING = [
    ("Learning Review 1 – a thematic review of serious youth violence", "thematic"),
    ("Learning Review 2 – a family with multiple complex risk factors", "single_case"),
    ("Learning Review 3 – non accidental injuries to a baby", "single_case"),
]
FATHERS = "Working with fathers and male carers"
TALK = "Multi-agency communication"
RISK = "Dynamic risk assessment"
EDUCATION = "Safeguarding children out of education"
ENTERED = {2020: 2, 2021: 6, 2022: 7}

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def theme(partnership, name):
    return Theme.objects.get(partnership=partnership, name=name)


def rapid_review(partnership, title, notified_on, completed_on, themes=(), case_code=None):
    review = make_rapid_review(
        partnership,
        title=title,
        case_code=case_code or f"Child {title[:20]}",
        notified_on=notified_on,
        themes=[theme(partnership, name) for name in themes],
    )
    complete(review, completed_on)
    return review


def learning_review(partnership, title, kind, completed_on, themes=()):
    review = make_learning_review(
        partnership,
        title=title,
        kind=kind,
        started_on=completed_on - dt.timedelta(days=60),
        themes=[theme(partnership, name) for name in themes],
    )
    services.learning_review_complete(actor=None, learning_review=review, completed_on=completed_on)
    return review


def finding(source, text, *names, on=dt.date(2023, 10, 2)):
    partnership = source.partnership
    return learning.finding_create(
        actor=None,
        source=source,
        text=text,
        recorded_on=on,
        themes=[theme(partnership, name) for name in names],
    )


def share(partnership, method, title, on, findings=()):
    return learning.dissemination_create(
        actor=None,
        partnership=partnership,
        method=method,
        title=title,
        shared_on=on,
        findings=list(findings),
    )


def evidence(action, summary, judgement, on=dt.date(2024, 2, 1), method="survey"):
    return learning.impact_evidence_add(
        actor=None,
        action=action,
        method=method,
        summary=summary,
        judgement=judgement,
        gathered_on=on,
    )


@pytest.fixture
def reviews(partnership, agency):
    """The synthetic partnership's 2023-24, and records either side that must not show."""
    # One notified in March 2023 and completed in April counts in 2023-24, when it completed.
    first = rapid_review(
        partnership, RAPID[0], dt.date(2023, 3, 27), dt.date(2023, 4, 14), themes=[FATHERS]
    )
    second = rapid_review(partnership, RAPID[1], dt.date(2023, 8, 1), dt.date(2023, 8, 18))
    rapid_review(partnership, RAPID[2], dt.date(2024, 1, 8), dt.date(2024, 1, 26))
    rapid_review(partnership, "Completed in 2024-25", dt.date(2024, 9, 2), dt.date(2024, 9, 20))
    days = [dt.date(2023, 7, 3), dt.date(2023, 11, 6), dt.date(2024, 3, 4)]
    thematic, *_ = [
        learning_review(partnership, title, kind, day)
        for (title, kind), day in zip(LEARNING, days, strict=True)
    ]
    learning_review(
        partnership, "A review of 2022-23", "thematic", dt.date(2023, 3, 1), [EDUCATION]
    )

    talk = finding(first.source, "Agencies did not share what they knew.", TALK, FATHERS)
    risk = finding(thematic.source, "Risk was not reassessed after each incident.", RISK)
    audit = make_source(partnership, "Audit of neglect", kind="audit")
    audit_finding = finding(audit, "Neglect was not named.", EDUCATION)

    share(partnership, "bulletin", "Learning Bulletin, spring", dt.date(2024, 3, 1), [talk])
    share(partnership, "podcast", "Listening to dads", dt.date(2023, 9, 1), [risk])
    share(partnership, "video", "Bruising video", dt.date(2023, 6, 1))  # names no finding
    share(partnership, "briefing", "Audit briefing", dt.date(2023, 6, 1), [audit_finding])
    share(partnership, "event", "Next year's event", dt.date(2024, 6, 1), [talk])

    protocol = make_action(first.source, agency, "Share information at the front door")
    evidence(protocol, "Agencies gave examples of better communication", ImpactJudgement.SHOWN)
    toolkit = make_action(second.source, agency, "Promote the toolkit")
    evidence(toolkit, "Survey: the toolkit is not widely used", ImpactJudgement.PARTIAL)
    evidence(toolkit, "Focus group planned", ImpactJudgement.NOT_YET, method="focus_group")
    old = make_action(second.source, agency, "An older action", raised_on=dt.date(2023, 1, 9))
    evidence(old, "Last year's audit", ImpactJudgement.SHOWN, on=dt.date(2023, 3, 1))
    audit_action = make_action(audit, agency, "Name neglect")
    evidence(audit_action, "Neglect named in every plan", ImpactJudgement.SHOWN, method="audit")
    done = make_action(
        first.source,
        agency,
        "Brief health visitors",
        status=ActionStatus.COMPLETED,
        completed_on=dt.date(2024, 1, 10),
    )
    evidence(done, "Health visitors asked about fathers", ImpactJudgement.NOT_YET)
    make_action(
        second.source,
        agency,
        "Completed without evidence",
        status=ActionStatus.COMPLETED,
        completed_on=dt.date(2024, 2, 10),
    )


@pytest.fixture
def entered(partnership):
    for start, value in ENTERED.items():
        metric_services.entered_value_set(
            actor=None,
            partnership=partnership,
            metric="reviews.rapid_reviews",
            period=ReportingYear(start),
            value=Decimal(value),
            source=f"Yearly report {ReportingYear(start).label}",
        )


@pytest.fixture
def only_this_section(monkeypatch):
    """The document holds this section alone, whatever other apps register."""
    monkeypatch.setattr(report_registry, "_sections", {"reviews": report_registry.get("reviews")})


def build(partnership):
    return document.build(partnership, YEAR, None)


def flat(text: str) -> str:
    """Whitespace collapsed to single spaces; the PDF's list bullets dropped."""
    text = text.replace("&#x27;", "'").replace("&amp;", "&").replace("•", " ")
    return re.sub(r"\s+", " ", text)


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


SEEN = [
    "This year, the partnership completed 3 rapid reviews and started no local child "
    "safeguarding practice reviews.",
    *RAPID,
    "3 rapid reviews, down from 7 in 2022-23, the fewest since 2020-21.",
    "This year, the partnership completed 3 non-statutory learning reviews.",
    "Learning Review 1 – a thematic review of serious youth violence (thematic)",
    "Learning Review 2 – a family with multiple complex risk factors (single case)",
    f"Learning themes {RISK} {TALK} {FATHERS}",
    "Learning bulletin: Learning Bulletin, spring",
    "Video: Bruising video",
    "Podcast: Listening to dads",
    "work to measure the impact of actions from reviews included surveys and practitioner "
    "focus groups.",
    "50% of the actions the partnership completed in 2023-24 have evidence of their impact.",
    "Agencies gave examples of better communication. Impact shown: “Share information at the "
    f"front door”, from {RAPID[0]}.",
    "Survey: the toolkit is not widely used. Partial impact: “Promote the toolkit”, from "
    f"{RAPID[1]}.",
]
UNSEEN = [
    "Completed in 2024-25",
    "A review of 2022-23",
    EDUCATION,
    "Audit briefing",
    "Next year's event",
    "Neglect named in every plan",
    "Last year's audit",
    "Focus group planned",
]


@pytest.mark.parametrize("read", [html_text, pdf_text, word_text], ids=["html", "pdf", "docx"])
def test_every_format_holds_the_sections_figures(
    partnership, reviews, entered, only_this_section, read
):
    text = read(build(partnership))
    assert "Rapid reviews and local child safeguarding practice reviews (LCSPR)" in text
    assert [said for said in SEEN if said not in text] == []
    assert [said for said in UNSEEN if said in text] == []
    assert text.index(RAPID[2]) < text.index("2020-21") < text.index("3 rapid reviews, down")
    assert text.index("3 rapid reviews, down") < text.index(LEARNING[0][0])
    assert text.index(LEARNING[2][0]) < text.index("Learning themes")
    assert text.index("Learning themes") < text.index("disseminated") < text.index("Examples")


def word_rows(doc, heading: str) -> list[list[str]]:
    word = docx.Document(io.BytesIO(rendering.docx_bytes(doc)))
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in word.tables]
    (rows,) = [rows for rows in tables if " | ".join(rows[0]).startswith(heading)]
    return rows


def test_entered_values_fill_the_years_before_the_hub(partnership, reviews, entered):
    """The four-year table: 2, 6 and 7 entered, 3 computed from the Hub's records."""
    rows = word_rows(build(partnership), "Year | Number of rapid reviews")
    assert rows[1:] == [["2020-21", "2"], ["2021-22", "6"], ["2022-23", "7"], ["2023-24", "3"]]
    found = series("reviews.rapid_reviews", partnership=partnership, years=[YEAR.previous(), YEAR])
    assert [found.cell(y).origin for y in found.years] == [Origin.ENTERED, Origin.COMPUTED]


def test_without_entered_values_the_table_starts_with_the_hub(partnership, reviews):
    data = reviews_report.reviews_data(partnership, YEAR)
    (table,) = data["parts"][0]["tables"]
    assert table["caption"] == "Rapid reviews completed, 2020-21 to 2023-24"
    assert table["rows"] == [["2023-24", "3"]]
    assert len(data["parts"]) == 5  # no trend sentence without an earlier year
    assert json.loads(json.dumps(data)) == data


def test_a_practice_review_is_counted_and_named(partnership, reviews):
    make_practice_review(
        partnership, title="Child R: a practice review", decided_on=dt.date(2023, 9, 1)
    )
    first = reviews_report.reviews_data(partnership, YEAR)["parts"][0]
    assert first["paragraphs"] == [
        "This year, the partnership completed 3 rapid reviews and started 1 local child "
        "safeguarding practice review."
    ]
    assert first["lists"][1] == {
        "heading": "Local child safeguarding practice reviews started in 2023-24",
        "items": ["Child R: a practice review"],
    }


def test_a_year_without_records_says_so(partnership):
    data = reviews_report.reviews_data(partnership, YEAR)
    said = [p for part in data["parts"] for p in part.get("paragraphs", [])]
    assert said[0] == (
        "No rapid reviews or local child safeguarding practice reviews are recorded for 2023-24."
    )
    assert "No non-statutory learning reviews are recorded for 2023-24." in said
    assert "No learning themes are recorded for the reviews of 2023-24." in said
    assert "No sharing of learning from reviews is recorded for 2023-24." in said
    assert "No impact of actions from reviews is recorded for 2023-24." in said
    assert [part.get("lists") for part in data["parts"] if part.get("lists")] == []


def add_reviews(partnership, agency, count: int) -> None:
    """`count` more rapid and learning reviews of 2023-24, each with learning, actions,
    evidence of impact and a dissemination."""
    for n in range(count):
        review = rapid_review(
            partnership,
            f"Extra rapid review {count}-{n}",
            dt.date(2023, 10, 2),
            dt.date(2023, 10, 20),
            themes=[RISK, TALK],
            case_code=f"Child X{count}-{n}",
        )
        learning_review(
            partnership,
            f"Extra learning review {count}-{n}",
            "other",
            dt.date(2024, 2, 1),
            [EDUCATION],
        )
        found = finding(review.source, f"Finding {count}-{n}", FATHERS)
        share(partnership, "training", f"Training {count}-{n}", dt.date(2023, 11, 1), [found])
        action = make_action(review.source, agency, f"Action {count}-{n}")
        evidence(action, f"Evidence {count}-{n}", ImpactJudgement.SHOWN)


def test_the_sections_queries_do_not_grow_with_the_reviews(
    partnership, agency, entered, django_assert_num_queries
):
    # Lists: reviews of each kind (3), themes, disseminations, evidence; figures: each series'
    # entered values and a query a year: rapid reviews (4 years), practice and learning
    # reviews and impact coverage (one year each).
    queries = 3 + 3 + (1 + 4) + 3 * (1 + 1)
    add_reviews(partnership, agency, 3)
    with django_assert_num_queries(queries):
        reviews_report.reviews_data(partnership, YEAR)
    add_reviews(partnership, agency, 30)
    with django_assert_num_queries(queries):
        data = reviews_report.reviews_data(partnership, YEAR)
    said = json.dumps(data, ensure_ascii=False)
    assert "completed 33 rapid reviews" in said
    assert "completed 33 non-statutory learning reviews" in said
    assert "Evidence 30-29" in said


def test_the_hub_report_page_shows_the_section(partnership, personas, client_as, reviews):
    from safeguarding.reports import services as report_services

    report = report_services.report_create(actor=None, partnership=partnership, year=YEAR)
    client = client_as(personas[Role.EXECUTIVE])
    page = client.get(reverse("reports:report_detail", args=[partnership.slug, report.pk]))
    text = flat(page.content.decode())
    assert "completed 3 rapid reviews" in text
    assert RAPID[1] in text


# The figures


def values(partnership, code, breakdown=None, year=YEAR):
    found = series(code, partnership=partnership, years=[year], breakdown=breakdown)
    return {row.key: row.cells[0].value for row in found.rows}


def test_rapid_reviews_completed_by_theme_and_decision(partnership, reviews):
    assert values(partnership, "reviews.rapid_reviews") == {"": 3}
    assert values(partnership, "reviews.rapid_reviews", "theme") == {FATHERS: 1, "": 3}
    decisions = values(partnership, "reviews.rapid_reviews", "decision")
    assert decisions == {ReviewDecision.OTHER_LEARNING.label: 3, "": 3}
    assert values(partnership, "reviews.rapid_reviews", year=YEAR.previous()) == {}
    assert values(partnership, "reviews.rapid_reviews", year=ReportingYear(2024)) == {"": 1}


def test_learning_and_practice_reviews_and_every_review_by_kind(partnership, reviews):
    assert values(partnership, "reviews.learning_reviews", "kind") == {
        "Thematic": 1,
        "Single case": 2,
        "": 3,
    }
    assert values(partnership, "reviews.practice_reviews") == {}  # none ever: no figure
    assert values(partnership, "reviews.reviews", "kind") == {
        "Rapid review": 3,
        "Learning review (thematic)": 1,
        "Learning review (single case)": 2,
        "": 6,
    }
    # 2022-23: one learning review completed; no rapid review had been completed yet.
    earlier = values(partnership, "reviews.reviews", "kind", YEAR.previous())
    assert earlier == {"Learning review (thematic)": 1, "": 1}


def test_notifications_are_disclosive_and_counted_when_sent(partnership):
    assert registry.get("reviews.notifications").disclosive
    assert not registry.get("reviews.rapid_reviews").disclosive
    make_notification(partnership, "Child A", notified_on=dt.date(2024, 4, 8))
    make_notification(partnership, "Child B", notified_on=dt.date(2024, 4, 8), age_band="15_17")
    make_notification(partnership, "Child C", aware_on=dt.date(2024, 9, 26))  # not sent yet
    make_notification(
        partnership, "Child D", aware_on=dt.date(2024, 3, 1), notified_on=dt.date(2024, 3, 7)
    )
    this_year = ReportingYear(2024)
    assert values(partnership, "reviews.notifications", "age_band", this_year) == {
        "Under 1": 1,
        "15 to 17": 1,
        "": 2,
    }
    assert values(partnership, "reviews.notifications", "sex", this_year) == {"Male": 2, "": 2}
    assert values(partnership, "reviews.notifications") == {"": 1}


def test_the_statutory_clocks_met_late_overdue_and_due_this_week(partnership, agency):
    notification = make_notification(partnership, "Child A", notified_on=dt.date(2024, 4, 8))
    review = services.rapid_review_start(actor=None, notification=notification, title="Baby A")
    complete(review, dt.date(2024, 5, 7))  # due 29 April: met late
    ask_summary(review, agency)  # due 19 April, never returned: overdue
    make_notification(partnership, "Child B", aware_on=dt.date(2024, 9, 26))  # due 3 October
    assert values(partnership, "reviews.clocks", "state", ReportingYear(2024)) == {
        "Met on time": 1,
        "Met late": 1,
        "Overdue": 1,
        "Due in the next 7 days": 1,
        "": 4,
    }
    # At 31 March 2024 the first notification's clock was running and not yet due.
    assert values(partnership, "reviews.clocks", "state") == {
        "Met on time": 0,
        "Met late": 0,
        "Overdue": 0,
        "": 0,
    }
    assert values(partnership, "reviews.clocks", "state", YEAR.previous()) == {}


# The dashboard

REVIEW_PANELS = ("reviews-by-kind", "statutory-clocks", "rapid-reviews-by-theme")


def test_the_dashboard_shows_the_reviews_panels(partnership, personas, client_as, reviews):
    client = client_as(personas[Role.EXECUTIVE])
    page = client.get(reverse("metrics:dashboard", args=[partnership.slug]) + "?year=2024-25")
    text = flat(re.sub(r"<[^>]+>", " ", page.content.decode()))
    for title in (
        "Reviews by year and kind",
        "Statutory clocks of notifications and reviews",
        "Rapid reviews completed by theme",
    ):
        assert title in text
    assert re.search(r"Rapid review – – – 3 1", text)
    assert re.search(r"Met late( \d+){3}", text)


def test_the_reviews_panels_queries_do_not_grow_with_the_reviews(
    partnership, personas, client_as, agency, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(dashboard, "_panels", {c: dashboard._panels[c] for c in REVIEW_PANELS})
    client = client_as(personas[Role.BUSINESS_UNIT])
    url = reverse("metrics:dashboard", args=[partnership.slug]) + "?year=2023-24"
    add_reviews(partnership, agency, 3)
    client.get(url)
    # The shell (9); each panel's entered values (3); reviews by kind, 3 queries a year (5);
    # the clocks, 4 a year (3); rapid reviews by theme, 1 a year and 1 more with reviews.
    queries = 9 + 3 + 3 * 5 + 4 * 3 + 5 + 1
    with django_assert_num_queries(queries):
        client.get(url)
    add_reviews(partnership, agency, 30)
    with django_assert_num_queries(queries):
        page = client.get(url)
    assert "Rapid review – – – – 33" in flat(re.sub(r"<[^>]+>", " ", page.content.decode()))
