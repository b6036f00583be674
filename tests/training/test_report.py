"""The yearly report's "Learning and development" section and the training cited under the
priorities, for a small synthetic partnership's 2023-24: two core courses trained by 12 and 8
(after 307 and 411, then 592 and 634 entered for the years before the Hub), an e-learning course,
two funded courses, two webinar weeks, Serious Youth Violence training commissioned for 7
managers, learning gain worked out by hand, and the quotes chosen."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine

from safeguarding.core import services as core_services
from safeguarding.core.years import ReportingYear
from safeguarding.governance import services as governance_services
from safeguarding.metrics import services as metric_services
from safeguarding.metrics.selectors import Origin, series
from safeguarding.reports import document
from safeguarding.reports import registry as report_registry
from safeguarding.training import report as training_report
from safeguarding.training.models import (
    Attendance,
    CommissionedAttendance,
    CommissionedTraining,
    CourseLevel,
    WebinarWeek,
)
from tests.reviews.test_report import html_text, pdf_text, word_rows, word_text
from tests.training.factories import (
    LONDON,
    make_booking,
    make_course,
    make_delegate,
    make_evaluated,
    make_session,
)

YEAR = ReportingYear(2023)
NOW = dt.datetime(2024, 9, 30, 12, tzinfo=dt.UTC)
ACP = "Advanced Child Protection 2 day"
UPDATE = "Advanced Child Protection Update"
INTRO = "Introduction to Child Protection"
EXPLOITATION = "Child Exploitation"
EARLY_HELP = "Early Help"
VIOLENCE = "Serious Youth Violence"
ENTERED = {2021: {ACP: 307, UPDATE: 411}, 2022: {ACP: 592, UPDATE: 634}}
CHOSEN = "Made me feel better equipped to ask the right questions at the right time"
CHOSEN_TOO = "I now know who to call when I am worried about a child"
NOT_CHOSEN = "Good venue, and the lunch was fine"
NEXT_YEAR = "A quote from a course in 2024-25"

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def on(month: int, day: int, year: int = 2023) -> dt.datetime:
    return dt.datetime(year, month, day, 9, 30, tzinfo=LONDON)


@pytest.fixture
def agencies(partnership, agency):
    """The police (the `agency` fixture) and three more sectors."""

    def create(name, sector):
        return core_services.agency_create(
            actor=None,
            partnership=partnership,
            name=name,
            sector=sector,
            designation="relevant_agency",
        )

    return {
        "police": agency,
        "council": create("Testshire Children's Services", "local_authority"),
        "schools": create("Testshire Schools", "education"),
        "health": create("Testshire Health Trust", "health"),
    }


def attended(session, agency, count, partnership=None):
    """`count` new delegates of `agency` who attended the session; their bookings."""
    partnership = partnership or session.course.partnership
    return [
        make_booking(session, make_delegate(partnership, agency), attendance=Attendance.ATTENDED)
        for _ in range(count)
    ]


@pytest.fixture
def priorities(partnership):
    def create(title):
        return governance_services.priority_create(
            actor=None, partnership=partnership, title=title, statement="S", first_year=YEAR
        )

    return {"community": create("Safe in the Community"), "wellbeing": create("Wellbeing")}


@pytest.fixture
def training(partnership, agencies, priorities):
    """Sectors trained in 2023-24: local authority 21, education 10, police 9, health 6."""
    council, schools = agencies["council"], agencies["schools"]
    acp = make_course(partnership, ACP, questions=3)
    session = make_session(acp, on(6, 13))
    first, second, third, *_ = attended(session, council, 6) + attended(session, schools, 6)
    make_booking(session, make_delegate(partnership, council), attendance="did_not_attend")
    # 16.7%: gains 2, 1, 0 and 1, 0, 0 (a pair already at the top) over 6 pairs; 3 unmatched.
    make_evaluated(first, pre=(2, 3, 4), post=(4, 4, 4), feedback=CHOSEN, consent_to_quote=True)
    first.evaluations.filter(stage="post").update(quote_chosen=True)
    make_evaluated(second, pre=(3, 3, 5), post=(4, 3, 5), feedback=NOT_CHOSEN)
    second.evaluations.filter(stage="post").update(consent_to_quote=True)
    make_evaluated(third, pre=(2, 2, 2))

    update = make_course(partnership, UPDATE, questions=3)
    session = make_session(update, on(9, 5), hours=3)
    first, second, *_ = attended(session, council, 4) + attended(session, schools, 4)
    # 37.5%: gains 3 and 6 over 6 pairs.
    make_evaluated(first, pre=(3, 3, 3), post=(4, 4, 4))
    make_evaluated(second, pre=(1, 2, 3), post=(3, 4, 5))

    intro = make_course(partnership, INTRO, level=CourseLevel.E_LEARNING, questions=2)
    session = make_session(intro, on(10, 3), online=True)
    first, *_ = attended(session, council, 6)
    # 50%: gains 2 and 2 over 2 pairs.
    make_evaluated(first, pre=(2, 2), post=(4, 4), feedback=CHOSEN_TOO, consent_to_quote=True)
    first.evaluations.filter(stage="post").update(quote_chosen=True)

    exploitation = make_course(partnership, EXPLOITATION, level=CourseLevel.FUNDED, questions=0)
    exploitation.priorities.add(priorities["community"])
    session = make_session(exploitation, on(11, 7))
    attended(session, agencies["police"], 6)
    attended(session, council, 1)
    early_help = make_course(partnership, EARLY_HELP, level=CourseLevel.FUNDED, questions=0)
    early_help.priorities.add(priorities["wellbeing"])
    attended(make_session(early_help, on(5, 9)), agencies["health"], 6)

    # Funded courses that did not run in 2023-24: next year's, and one nobody attended.
    later = make_course(partnership, "Run in 2024-25", level=CourseLevel.FUNDED, questions=2)
    late_session = make_session(later, on(5, 7, 2024))
    (late,) = attended(late_session, council, 1)
    make_evaluated(late, pre=(1, 1), post=(5, 5), feedback=NEXT_YEAR, consent_to_quote=True)
    late.evaluations.filter(stage="post").update(quote_chosen=True)
    empty = make_course(partnership, "Nobody came", level=CourseLevel.FUNDED, questions=0)
    make_booking(
        make_session(empty, on(7, 4)),
        make_delegate(partnership, council),
        attendance="did_not_attend",
    )

    violence = make_course(
        partnership,
        VIOLENCE,
        level=CourseLevel.COMMISSIONED,
        questions=0,
        audience="Senior leaders",
    )
    violence.priorities.add(priorities["community"])
    commission = CommissionedTraining.objects.create(
        course=violence,
        provider="Safer Streets",
        audience="managers",
        delivered_on=dt.date(2023, 11, 15),
    )
    CommissionedAttendance.objects.create(
        commissioned=commission, agency=agencies["police"], attendees=3
    )
    CommissionedAttendance.objects.create(commissioned=commission, agency=council, attendees=4)

    for title, starts, attendees, views in (
        ("Neglect", dt.date(2023, 10, 2), 100, 0),
        ("Getting to know the agencies", dt.date(2024, 1, 22), 268, 145),
        ("Next year's week", dt.date(2024, 5, 6), 50, 0),
    ):
        WebinarWeek.objects.create(
            partnership=partnership,
            title=title,
            starts_on=starts,
            attendees=attendees,
            recording_views=views,
        )


@pytest.fixture
def entered(partnership):
    for start, courses in ENTERED.items():
        for course, value in courses.items():
            metric_services.entered_value_set(
                actor=None,
                partnership=partnership,
                metric="training.trained",
                period=ReportingYear(start),
                value=Decimal(value),
                source="Yearly report, core safeguarding training",
                breakdown="course",
                breakdown_value=course,
            )


@pytest.fixture
def only_this_section(monkeypatch):
    """The document holds the training section and the priorities, whatever else registers."""
    sections = {code: report_registry.get(code) for code in ("learning_development", "priorities")}
    monkeypatch.setattr(report_registry, "_sections", sections)


def build(partnership):
    return document.build(partnership, YEAR, None)


SEEN = [
    "Learning and development",
    "Core safeguarding training",
    "12 practitioners trained on Advanced Child Protection 2 day, down from 592 in 2022-23, "
    "the fewest ever recorded.",
    "8 practitioners trained on Advanced Child Protection Update, down from 634 in 2022-23, "
    "the fewest ever recorded.",
    "By sector, the fewest practitioners trained in 2023-24 came from Health (6) and Police (9).",
    "Funded courses run in 2023-24",
    f"{EARLY_HELP} {EXPLOITATION}",  # in the order they first ran
    "In 2023-24, the partnership held 2 themed weeks of webinars for practitioners: Neglect (100 "
    "attendees) and Getting to know the agencies (413 attendees and video views).",
    "The partnership also commissioned Serious Youth Violence training for senior leaders, which "
    "was attended by 7 managers from 2 agencies.",
    "Learning gain by course, 2023-24",
    "n is the number of matched pairs.",
    "3 ratings were given only before or only after a course and left out.",
    f"“{CHOSEN}”",
    f"“{CHOSEN_TOO}”",
    # Under the priorities.
    "Child Exploitation: 7 practitioners trained in 2023-24",
    "Serious Youth Violence (commissioned): 7 managers trained in 2023-24",
    "Early Help: 6 practitioners trained in 2023-24",
]
UNSEEN = [NOT_CHOSEN, NEXT_YEAR, "Run in 2024-25", "Nobody came", "Next year's week"]


@pytest.mark.parametrize("read", [html_text, pdf_text, word_text], ids=["html", "pdf", "docx"])
def test_every_format_holds_the_sections_figures(
    partnership, training, entered, only_this_section, read
):
    text = read(build(partnership))
    assert [said for said in SEEN if said not in text] == []
    assert [said for said in UNSEEN if said in text] == []
    order = ["Core safeguarding training", "Funded courses run", "themed weeks", "Learning gain by"]
    assert [text.index(said) for said in order] == sorted(text.index(said) for said in order)
    assert text.index(f"“{CHOSEN}”") > text.index("Learning gain by")


def test_the_core_table_has_the_entered_years_then_the_hubs(partnership, training, entered):
    rows = word_rows(build(partnership), "Course | 2021-22 | 2022-23 | 2023-24")
    assert rows[1:] == [
        [ACP, "307", "592", "12"],
        [UPDATE, "411", "634", "8"],
        ["Total", "718", "1,226", "20"],
    ]
    found = series(
        "training.trained",
        partnership=partnership,
        years=[YEAR.previous(), YEAR],
        breakdown="course",
    )
    assert [found.cell(y, ACP).origin for y in found.years] == [Origin.ENTERED, Origin.COMPUTED]


def test_learning_gain_per_course_with_n(partnership, training):
    rows = word_rows(build(partnership), "Course | Learning gain (overall) | Matched pairs (n)")
    assert rows[1:] == [
        [ACP, "16.7%", "6"],  # (2 + 1 + 0 + 1 + 0 + 0) / 6 / 4
        [UPDATE, "37.5%", "6"],  # (3 + 6) / 6 / 4
        [INTRO, "50%", "2"],  # 4 / 2 / 4, without a trailing .0
    ]


def test_the_data_is_json_and_a_quiet_year_says_so(partnership, training):
    data = training_report.learning_development_data(partnership, YEAR)
    assert json.loads(json.dumps(data)) == data
    quiet = training_report.learning_development_data(partnership, ReportingYear(2020))
    said = json.dumps(quiet)
    for sentence in (
        "No core safeguarding training is recorded for 2020-21.",
        "No funded courses are recorded for 2020-21.",
        "No webinar weeks or commissioned training are recorded for 2020-21.",
        "No learning gain is recorded for 2020-21.",
        "No quotes are chosen for 2020-21.",
    ):
        assert sentence in said


def test_disclosure_hides_a_core_course_trained_by_fewer_than_six(
    partnership, agencies, training, entered
):
    briefing = make_course(partnership, "Working Together briefing", questions=0)
    attended(make_session(briefing, on(12, 5)), agencies["council"], 3)

    rows = word_rows(build(partnership), "Course | 2021-22 | 2022-23 | 2023-24")
    this_year = {row[0]: row[3] for row in rows[1:]}
    assert this_year["Working Together briefing"] == "c"
    # A second cell of the column is hidden too, so the total cannot give the 3 away.
    assert list(this_year.values()).count("c") >= 2
    text = word_text(build(partnership))
    assert (
        "Fewer than 6 practitioners trained on Working Together briefing in 2023-24, the first "
        "year recorded." in text
    )
    assert "3 practitioners trained on Working Together briefing" not in text
    raw = series("training.trained", partnership=partnership, years=[YEAR], breakdown="course")
    assert raw.value(YEAR, "Working Together briefing") == 3  # restricted pages see it


def test_a_priority_line_hides_a_small_count(partnership, agencies, priorities):
    course = make_course(partnership, "Harmful Sexual Behaviour", level="funded", questions=0)
    course.priorities.add(priorities["wellbeing"])
    attended(make_session(course, on(6, 6)), agencies["council"], 4)
    lines = training_report.priority_lines(partnership, list(priorities.values()), YEAR)
    assert lines == {
        priorities["wellbeing"].pk: [
            "Harmful Sexual Behaviour: fewer than 6 practitioners trained in 2023-24"
        ]
    }


def test_the_priorities_cite_their_training_in_their_activity(partnership, training):
    parts = report_registry.get("priorities").data(partnership, YEAR)["parts"]
    activity = {parts[n]["heading"]: parts[n + 1]["lists"][1] for n in range(0, len(parts), 3)}
    assert activity["Safe in the Community"] == {
        "heading": "Partnership activity 2023-24",
        "items": [
            "Child Exploitation: 7 practitioners trained in 2023-24",
            "Serious Youth Violence (commissioned): 7 managers trained in 2023-24",
        ],
    }
    assert activity["Wellbeing"]["items"] == ["Early Help: 6 practitioners trained in 2023-24"]


def add_training(partnership, agency, count, priority):
    """`count` more core and funded courses, each run once in 2023-24 with six attending and one
    rating, each citing the priority; and as many webinar weeks, commissions and quotes."""
    for n in range(count):
        for level in (CourseLevel.CORE, CourseLevel.FUNDED):
            course = make_course(partnership, f"{level} course {count}-{n}", level=level)
            course.priorities.add(priority)
            session = make_session(course, on(6, 1) + dt.timedelta(days=n))
            first, *_ = attended(session, agency, 6)
            make_evaluated(first, pre=(2, 2, 2), post=(3, 3, 3), feedback=f"Quote {count}-{n}")
            first.evaluations.filter(stage="post").update(consent_to_quote=True, quote_chosen=True)
        WebinarWeek.objects.create(
            partnership=partnership,
            title=f"Week {count}-{n}",
            starts_on=dt.date(2023, 7, 3) + dt.timedelta(days=n),
            attendees=10,
        )
        commissioned = make_course(
            partnership, f"Commissioned {count}-{n}", level=CourseLevel.COMMISSIONED, questions=0
        )
        commissioned.priorities.add(priority)
        commission = CommissionedTraining.objects.create(
            course=commissioned, audience="managers", delivered_on=dt.date(2023, 9, 1)
        )
        CommissionedAttendance.objects.create(commissioned=commission, agency=agency, attendees=8)


def test_the_sections_queries_do_not_grow_with_the_training(
    partnership, agency, priorities, entered, django_assert_num_queries
):
    # Core course titles; numbers trained by course: the entered values, whether training had
    # begun by each of the 3 years (1 each), and for the year it had, the attended bookings and
    # commissioned attendees (2); by sector for the year (1 + 1 + 2); funded courses; webinar
    # weeks; commissions; learning gain; quotes.
    queries = 1 + (1 + 3 + 2) + (1 + 1 + 2) + 5
    add_training(partnership, agency, 3, priorities["community"])
    with django_assert_num_queries(queries):
        training_report.learning_development_data(partnership, YEAR)
    add_training(partnership, agency, 30, priorities["community"])
    with django_assert_num_queries(queries):
        data = training_report.learning_development_data(partnership, YEAR)
    said = json.dumps(data, ensure_ascii=False)
    assert "Quote 30-29" in said
    assert "Week 30-29 (10 attendees)" in said
    assert "core course 30-29" in said


def test_the_priority_lines_queries_do_not_grow_with_the_courses(
    partnership, agency, priorities, django_assert_num_queries
):
    # The priorities (with whether a course cites each), their indicators, activities and
    # evidence of impact; then the courses citing them, numbers trained by course (entered
    # values, whether training had begun, bookings and commissions: 1 + 1 + 2) and the year's
    # commissions' audiences.
    section = report_registry.get("priorities").data
    queries = 4 + 1 + 4 + 1
    add_training(partnership, agency, 3, priorities["community"])
    with django_assert_num_queries(queries):
        section(partnership, YEAR)
    add_training(partnership, agency, 30, priorities["community"])
    with django_assert_num_queries(queries):
        grown = json.dumps(section(partnership, YEAR), ensure_ascii=False)
    assert "Commissioned 30-29 (commissioned): 8 managers trained in 2023-24" in grown
    assert "funded course 30-29: 6 practitioners trained in 2023-24" in grown


def test_no_course_citing_a_priority_costs_no_query(
    partnership, priorities, django_assert_num_queries
):
    with django_assert_num_queries(4):  # priorities, indicators, activities, impact
        report_registry.get("priorities").data(partnership, YEAR)
