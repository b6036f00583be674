"""The yearly report's "Learning and Development" section, in the seed report's order: the
numbers trained on the core courses over three years and who is under-represented, the funded
courses run, the webinar weeks and commissioned training, the learning gain per course and the
quotes chosen from attendees' feedback. Also the training counted under each partnership
priority, registered with the governance report's priorities section.

The numbers trained come from the `training.trained` metric through `as_published`, so entered
values fill the years before the Hub and disclosure control hides small counts; learning gain
from `training.gain.learning_gain` (one query). The lists are short reads in
`training.report_selectors`. The section makes the same number of queries however many courses,
sessions and delegates there are.

Its data is a list of headed "parts" drawn by training/report/section.html and `section_docx`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from docx.document import Document

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.governance.models import Priority
from safeguarding.governance.report import register_priority_lines
from safeguarding.metrics.disclosure import disclose_value, threshold
from safeguarding.metrics.presenting import NOT_BROKEN_DOWN, PublishedSeries, as_published
from safeguarding.metrics.registry import Value
from safeguarding.metrics.selectors import TOTAL, Series, series
from safeguarding.reports.registry import Section, SectionData, register
from safeguarding.reports.sentences import compare
from safeguarding.training import report_selectors as selectors
from safeguarding.training.gain import GainTable, learning_gain
from safeguarding.training.models import CommissionedTraining, CourseLevel, WebinarWeek

TABLE_YEARS = 3
TRAINED = "training.trained"
#: How many of the sectors with the fewest practitioners trained the section names.
FEWEST = 2
FORMULA = (
    "Learning gain is the mean change in a delegate's self-rating on the same question, after "
    "the course minus before it, as a percentage of the rating scale's range (on a scale of 1 "
    "to 5, one point is 25%), over matched pairs: questions rated both before and after. "
    "n is the number of matched pairs."
)

Part = dict[str, Any]


def learning_development_data(partnership: Partnership, year: ReportingYear) -> SectionData:
    years = [year.previous(n) for n in range(TABLE_YEARS - 1, 0, -1)] + [year]
    by_course = series(TRAINED, partnership=partnership, years=years, breakdown="course")
    return {
        "parts": [
            _core(partnership, year, by_course),
            _funded(partnership, year),
            _webinars_and_commissioned(partnership, year),
            *_learning_gain(partnership, year),
            _quotes(partnership, year),
        ]
    }


# Shared pieces


def _only(found: Series, keys: set[str]) -> Series:
    """The series restricted to some breakdown values (its total then the sum of theirs)."""
    cells = {at: cell for at, cell in found.cells.items() if at[1] in keys}
    return Series(found.metric, found.years, found.breakdown, cells)


def _parts_of(shown: PublishedSeries) -> list[str]:
    return [key for key in shown.keys if key not in (TOTAL, NOT_BROKEN_DOWN)]


def _amount(value: Value | str | None) -> str:
    """A published count as a sentence says it: 1,234, or "fewer than 6" when hidden."""
    if isinstance(value, str):
        return f"fewer than {threshold() + 1}"
    return f"{int(value or 0):,}"


def _join(items: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


# Core safeguarding training, and who is under-represented


def _core(partnership: Partnership, year: ReportingYear, by_course: Series) -> Part:
    shown = as_published(_only(by_course, selectors.core_course_titles(partnership)))
    table = shown.table(
        f"Numbers trained on the core safeguarding courses, {by_course.years[0].label} to "
        f"{year.label}"
    )
    part: Part = {"heading": "Core safeguarding training"}
    if not table["rows"]:
        part["paragraphs"] = [f"No core safeguarding training is recorded for {year.label}."]
    else:
        part["tables"] = [table]
        part["paragraphs"] = [
            said for title in _parts_of(shown) if (said := _trend(shown, title, year))
        ]
    part["paragraphs"] += _sectors(partnership, year)
    return part


def _trend(shown: PublishedSeries, title: str, year: ReportingYear) -> str:
    """ "615 practitioners trained on X, up from 592 in 2022-23, the most ever recorded." """
    trend = [
        (y.label, value if isinstance(value, str) else int(value))
        for y in shown.series.years
        if y <= year and (value := shown.value(y, title)) is not None
    ]
    if not trend or trend[-1][0] != year.label:
        return ""
    on = f"trained on {title}"
    return compare(f"practitioner {on}", f"practitioners {on}", trend)


def _sectors(partnership: Partnership, year: ReportingYear) -> list[str]:
    """The sectors with the fewest practitioners trained in the year, named."""
    shown = as_published(series(TRAINED, partnership=partnership, years=[year], breakdown="sector"))
    counted = [(key, shown.value(year, key)) for key in _parts_of(shown)]
    counted = [(key, value) for key, value in counted if value is not None]
    if len(counted) < 2:
        return []
    fewest = sorted(counted, key=lambda kv: (1 if isinstance(kv[1], str) else kv[1], kv[0]))
    named = [f"{key} ({_amount(value)})" for key, value in fewest[: min(FEWEST, len(counted) - 1)]]
    return [
        f"By sector, the fewest practitioners trained in {year.label} came from {_join(named)}."
    ]


# Funded courses, webinars and commissioned training


def _funded(partnership: Partnership, year: ReportingYear) -> Part:
    titles = selectors.funded_courses_run(partnership, year)
    if not titles:
        return {
            "heading": "Funded courses",
            "paragraphs": [f"No funded courses are recorded for {year.label}."],
        }
    return {
        "heading": "Funded courses",
        "paragraphs": [
            f"In {year.label}, alongside the core safeguarding courses, the partnership offered "
            "funded courses on the following topics:"
        ],
        "lists": [{"heading": f"Funded courses run in {year.label}", "items": titles}],
    }


def _webinars_and_commissioned(partnership: Partnership, year: ReportingYear) -> Part:
    weeks = selectors.webinar_weeks_in(partnership, year)
    bought = selectors.commissions_in(partnership, year)
    paragraphs = [_webinars(weeks, year)] if weeks else []
    paragraphs += [_commissioned(commission) for commission in bought]
    if not paragraphs:
        paragraphs = [f"No webinar weeks or commissioned training are recorded for {year.label}."]
    return {"heading": "Webinars and commissioned training", "paragraphs": paragraphs}


def _webinars(weeks: list[WebinarWeek], year: ReportingYear) -> str:
    said = [_week(week) for week in weeks]
    held = "a themed week" if len(weeks) == 1 else f"{len(weeks)} themed weeks"
    return (
        f"In {year.label}, the partnership held {held} of webinars for practitioners: "
        f"{_join(said)}."
    )


def _week(week: WebinarWeek) -> str:
    """ "Neglect (100 attendees)", "X (413 attendees and video views)"."""
    reached = week.reached
    who = "attendee" if reached == 1 else "attendees"
    return f"{week.title} ({reached:,} {who}{' and video views' if week.recording_views else ''})"


def _commissioned(commission: CommissionedTraining) -> str:
    course = commission.course
    audience = course.audience.strip()
    attendees = disclose_value(getattr(commission, "attendees", 0) or 0)
    agencies: int = getattr(commission, "agencies", 0)
    who = commission.audience.strip() or "attendees"
    return (
        f"The partnership also commissioned {course.title} training"
        + (f" for {audience[:1].lower()}{audience[1:]}" if audience else "")
        + f", which was attended by {_amount(attendees)} {who} from {agencies} "
        + ("agency." if agencies == 1 else "agencies.")
    )


# Learning gain


def _learning_gain(partnership: Partnership, year: ReportingYear) -> list[Part]:
    table = learning_gain(partnership=partnership, year=year, by=("course",))
    heading = "Learning gain"
    intro = (
        "Each attendee is asked to rate themselves on the course's questions before and after "
        "the course, to measure learning gain."
    )
    if table.total is None:
        return [
            {
                "heading": heading,
                "paragraphs": [intro, f"No learning gain is recorded for {year.label}."],
            }
        ]
    return [
        {
            "heading": heading,
            "paragraphs": [intro, f"The learning gain for our courses in {year.label}:"],
            "tables": [_gain_table(table, year)],
        },
        {"paragraphs": [FORMULA, *_left_out(table)]},
    ]


def _gain_table(table: GainTable, year: ReportingYear) -> dict[str, Any]:
    rows = [
        [title, percent(gain.headline), f"{gain.n:,}"]
        for (title, *_), gain in sorted(table.groups.items())
        if gain is not None
    ]
    return {
        "caption": f"Learning gain by course, {year.label}",
        "columns": ["Course", "Learning gain (overall)", "Matched pairs (n)"],
        "rows": rows,
    }


def percent(value: Decimal) -> str:
    """16.4% or 17%: one decimal place, without a trailing .0."""
    return f"{value:.1f}".removesuffix(".0") + "%"


def _left_out(table: GainTable) -> list[str]:
    unmatched = table.total.unmatched if table.total else 0
    if not unmatched:
        return []
    ratings = "rating was" if unmatched == 1 else "ratings were"
    return [f"{unmatched:,} {ratings} given only before or only after a course and left out."]


# Quotes


def _quotes(partnership: Partnership, year: ReportingYear) -> Part:
    said = selectors.chosen_quotes(partnership, year)
    heading = "What attendees told us"
    if not said:
        return {"heading": heading, "paragraphs": [f"No quotes are chosen for {year.label}."]}
    return {
        "heading": heading,
        "paragraphs": [
            "Attendees' feedback on our training and webinars included:",
            *(f"“{text.strip()}”" for text in said),
        ],
    }


# The training under each priority


def priority_lines(
    partnership: Partnership, priorities: list[Priority], year: ReportingYear
) -> dict[int, list[str]]:
    """ "Child Exploitation: 89 practitioners trained in 2023-24" under each priority a course
    names, and "Serious Youth Violence (commissioned): 40 managers trained in 2023-24"; counts as
    published (a small one hidden). Six queries however many priorities and courses."""
    links = selectors.priority_courses(priorities)
    trained = series(TRAINED, partnership=partnership, years=[year], breakdown="course")
    audiences = selectors.commissioned_audiences(partnership, year)
    lines: dict[int, list[str]] = {}
    for priority, title, level in links:
        value = trained.value(year, title)
        if not value:
            continue
        count = _amount(disclose_value(value))
        if level == CourseLevel.COMMISSIONED:
            who = audiences.get(title, "").strip() or "attendees"
            line = f"{title} (commissioned): {count} {who} trained in {year.label}"
        else:
            people = "practitioner" if value == 1 else "practitioners"
            line = f"{title}: {count} {people} trained in {year.label}"
        lines.setdefault(priority, []).append(line)
    return lines


# Rendering and registration

TEMPLATE = "training/report/section.html"


def section_docx(document: Document, data: SectionData) -> None:
    """Each part under its heading (when it has one), as the HTML shows them."""
    from safeguarding.reports.rendering import write_generic  # WeasyPrint only when writing

    for part in data.get("parts", []):
        if part.get("heading"):
            document.add_heading(str(part["heading"]), level=2)
        write_generic(document, part)


register(
    Section(
        code="learning_development",
        title="Learning and development",
        data=learning_development_data,
        template=TEMPLATE,
        docx=section_docx,
    )
)
register_priority_lines("training", priority_lines, cites=selectors.cites_priority)
