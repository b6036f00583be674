"""The yearly report's "Resolving Professional Differences" section, in the seed report's order:
the five-year table of differences that reached step 3 or 4 with a sentence comparing the years,
the use of the protocol by the raising agencies' sectors, the most common theme, and the
practitioners' survey: the share saying it led to a positive outcome for the child and the quotes
the business unit chose.

Every figure comes from the `escalations.*` metrics through `as_published`, so the years before
the Hub show their entered values and disclosure control hides small counts (of children's
cases, and of the practitioners answering the survey); the quotes from `escalations.figures`. The
section makes the same number of queries however many differences and responses there are.

Its data is a list of "parts" (generic blocks, some headed) drawn by
escalations/report/section.html and `section_docx`, so the page, the PDF and the Word file show
the same.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.escalations import figures
from safeguarding.metrics.disclosure import disclose_value, threshold
from safeguarding.metrics.presenting import (
    NOT_BROKEN_DOWN,
    PublishedSeries,
    as_published,
    formatted,
)
from safeguarding.metrics.registry import Unit, Value
from safeguarding.metrics.selectors import TOTAL, series
from safeguarding.reports.registry import Section, SectionData, register
from safeguarding.reports.sentences import compare

TABLE_YEARS = 5
STEP_3 = "escalations.step_3"
RAISED = "escalations.raised"
POSITIVE = "escalations.survey_positive"
#: How many of the sectors raising the most differences the section names.
MOST = 3
COLUMNS = ["Year", "Number of RPDs"]

Part = dict[str, Any]


def professional_differences_data(partnership: Partnership, year: ReportingYear) -> SectionData:
    return {
        "parts": [
            _step_3(partnership, year),
            _sectors(partnership, year),
            _theme(partnership, year),
            _survey(partnership, year),
        ]
    }


def _amount(value: Value | str | None) -> str:
    """A published count as a sentence says it: 1,234, or "fewer than 6" when hidden."""
    if isinstance(value, str):
        return f"fewer than {threshold() + 1}"
    return f"{int(value or 0):,}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(items: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


# The step 3 differences over five years


def _step_3(partnership: Partnership, year: ReportingYear) -> Part:
    years = [year.previous(n) for n in range(TABLE_YEARS - 1, 0, -1)] + [year]
    shown = as_published(series(STEP_3, partnership=partnership, years=years))
    table = shown.table(f"Step 3 professional differences, {years[0].label} to {year.label}")
    table["columns"] = COLUMNS
    trend = shown.totals(until=year)
    part: Part = {"tables": [table]} if table["rows"] else {}
    if not trend or trend[-1][0] != year.label:
        part["paragraphs"] = [f"No professional differences are recorded for {year.label}."]
    else:
        part["paragraphs"] = [compare("step 3 difference", "step 3 differences", trend)]
    return part


# Use by sector


def _sectors(partnership: Partnership, year: ReportingYear) -> Part:
    shown = as_published(series(RAISED, partnership=partnership, years=[year], breakdown="sector"))
    heading = "Use of the protocol by sector"
    if shown.value(year) is None:
        return {
            "heading": heading,
            "paragraphs": [f"No differences are recorded for {year.label}."],
        }
    table = shown.table(
        f"Professional differences raised by sector, {year.label}", year=year, shares=True
    )
    table["columns"][0] = "Sector of the raising agency"
    paragraphs = [_raised(shown.value(year), year), *_most(shown, year)]
    return {"heading": heading, "paragraphs": paragraphs, "tables": [table]}


def _raised(total: Value | str | None, year: ReportingYear) -> str:
    """ "29 professional differences were raised ...", "Fewer than 6 ..." when hidden."""
    if total == 1:
        return f"1 professional difference was raised under the protocol in {year.label}."
    said = f"{_amount(total)} professional differences were raised under the protocol"
    return f"{_capital(said)} in {year.label}, at steps 1 to 4."


def _most(shown: PublishedSeries, year: ReportingYear) -> list[str]:
    """The sectors whose shown counts are the largest (a hidden count is never ranked)."""
    counted = [
        (key, value)
        for key in shown.keys
        if key not in (TOTAL, NOT_BROKEN_DOWN)
        and isinstance(value := shown.value(year, key), int)
        and value > 0
    ]
    if len(counted) < 2:
        return []
    ranked = sorted(counted, key=lambda kv: (-int(kv[1] or 0), kv[0]))[:MOST]
    named = _join([f"{key} ({_amount(value)})" for key, value in ranked])
    return [f"The sectors raising the most differences in {year.label} were {named}."]


# The most common theme


def _theme(partnership: Partnership, year: ReportingYear) -> Part:
    """The theme (or themes, when tied) of the most differences raised in the year: named, not
    counted, so no small count is given away."""
    found = series(RAISED, partnership=partnership, years=[year], breakdown="theme")
    counts = {k: found.value(year, k) for k in found.keys if k != TOTAL}
    counts = {k: v for k, v in counts.items() if v}
    if not counts:
        return {"paragraphs": [f"No themes are recorded for the differences of {year.label}."]}
    most = max(counts.values(), key=lambda v: v or 0)
    names = [_sentence_case(name) for name, value in sorted(counts.items()) if value == most]
    if len(names) == 1:
        said = (
            f"The most common theme across the differences raised in {year.label} was {names[0]}."
        )
    else:
        said = (
            f"The most common themes across the differences raised in {year.label} were "
            f"{_join(names)}."
        )
    return {"paragraphs": [said]}


def _sentence_case(name: str) -> str:
    """A theme inside a sentence: its first letter in lower case, unless it starts an acronym."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


# The survey


def _survey(partnership: Partnership, year: ReportingYear) -> Part:
    heading = "Survey feedback"
    counts = figures.survey(partnership=partnership, year=year)
    share = series(POSITIVE, partnership=partnership, years=[year]).value(year)
    quotes = figures.chosen_quotes(partnership=partnership, year=year)
    paragraphs = [_answered(counts, share, year)]
    paragraphs += [f"“{quote.strip()}”" for quote in quotes]
    return {"heading": heading, "paragraphs": paragraphs}


def _answered(counts: figures.SurveyCounts, share: Value | None, year: ReportingYear) -> str:
    """How many practitioners answered and the share who said it helped the child; the share of
    a hidden number of answers is not given."""
    answered = disclose_value(counts.responses)
    if not counts.responses and share is None:
        return f"No survey responses are recorded for {year.label}."
    said = "it resulted in a positive outcome for the child"
    if not counts.responses:
        return f"{_percent(share)} of the practitioners who answered the survey said {said}."
    who = "practitioner" if counts.responses == 1 else "practitioners"
    opening = (
        f"{_capital(_amount(answered))} {who} who used the protocol answered the "
        f"partnership's survey in {year.label}"
    )
    if isinstance(answered, str) or share is None:
        return f"{opening}."
    return f"{opening}: {_percent(share)} said {said}."


def _percent(value: Value | None) -> str:
    return formatted(value, Unit.PERCENT)


# Rendering and registration

TEMPLATE = "escalations/report/section.html"


def section_docx(document: Document, data: SectionData) -> None:
    """Each part under its heading (when it has one), as the HTML shows them."""
    from safeguarding.reports.rendering import write_generic  # WeasyPrint only when writing

    for part in data.get("parts", []):
        if part.get("heading"):
            document.add_heading(str(part["heading"]), level=2)
        write_generic(document, part)


register(
    Section(
        code="professional_differences",
        title="Resolving Professional Differences",
        data=professional_differences_data,
        template=TEMPLATE,
        docx=section_docx,
    )
)
