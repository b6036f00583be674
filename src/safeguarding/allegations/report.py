"""The yearly report's "Allegations Management" section, as in the seed report: the notifications
the LADO service managed in the year against the year before ("742 notifications, down from 747
in 2022-23"), the share assessed as not meeting the LADO criteria, then the notifications by
contact type and by employer sector, the outcomes of the allegations concluded, and timeliness
(the LADO informed within the timescale, and the time allegations took to conclude).

The register is restricted, but the report is published: every figure comes from the
`allegations.*` metrics through `as_published`, so disclosure control hides small counts and any
share of one ("c"), and entered values fill the years before the Hub. No record is listed. The
section makes the same number of queries however many allegations there are.

Its data is a list of parts, each with an optional heading, drawn by
allegations/report/section.html and `section_docx`.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document

from safeguarding.allegations.figures import NOT_MET, PERIODS
from safeguarding.allegations.metrics import DURATION, INFORMED_ON_TIME, NOTIFICATIONS, OUTCOMES
from safeguarding.core.models import Partnership
from safeguarding.core.selectors import timescale_for
from safeguarding.core.years import ReportingYear
from safeguarding.metrics.disclosure import threshold
from safeguarding.metrics.presenting import NO_VALUE, PublishedSeries, as_published, formatted
from safeguarding.metrics.registry import Unit
from safeguarding.metrics.selectors import series
from safeguarding.reports.registry import Section, SectionData, register
from safeguarding.reports.sentences import compare

TREND_YEARS = 3
TIMESCALE = "lado_referral"
WITHIN_A_MONTH = "Within 1 month"
INTRODUCTION = (
    "The Local Authority Designated Officer (LADO) service is involved in the management and "
    "oversight of allegations of harm against people who work with children in a paid or "
    "voluntary capacity."
)

Part = dict[str, Any]


def allegations_data(partnership: Partnership, year: ReportingYear) -> SectionData:
    years = [year.previous(n) for n in range(TREND_YEARS - 1, 0, -1)] + [year]
    by_contact = _published(NOTIFICATIONS.code, partnership, years, "contact_type")
    return {
        "parts": [
            _notifications(partnership, year, by_contact),
            _contact_and_sector(partnership, year, by_contact),
            _outcomes(partnership, year),
            _timeliness(partnership, year, years),
        ]
    }


def _published(
    code: str, partnership: Partnership, years: list[ReportingYear], breakdown: str | None = None
) -> PublishedSeries:
    return as_published(series(code, partnership=partnership, years=years, breakdown=breakdown))


def _counted(value: int | str, singular: str, plural: str) -> str:
    """ "742 notifications", "1 notification", "fewer than 6 notifications"."""
    if isinstance(value, str):
        return f"fewer than {threshold() + 1} {plural}"
    return f"{value:,} {singular if value == 1 else plural}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _share(shown: PublishedSeries, year: ReportingYear, key: str) -> str:
    """`key`'s share of the year's total as published: "59%", "c" when hidden, "0%" for none."""
    share = shown.percentage(year, key)
    return "0%" if share == NO_VALUE else share


# Notifications and the criteria


def _notifications(
    partnership: Partnership, year: ReportingYear, by_contact: PublishedSeries
) -> Part:
    """The year's notifications against the years before, and the share not meeting the
    criteria, with the criteria table."""
    totals = by_contact.totals(until=year)
    if not totals or totals[-1][0] != year.label:
        said = f"No notifications of allegations are recorded for {year.label}."
        return {"paragraphs": [INTRODUCTION, said]}
    criteria = _published(NOTIFICATIONS.code, partnership, [year], "criteria")
    share = _share(criteria, year, NOT_MET)
    part: Part = {
        "paragraphs": [
            INTRODUCTION,
            _managed(totals, year),
            f"Of these, {share} were assessed as not meeting the LADO criteria.",
        ]
    }
    table = criteria.table(
        f"Notifications by whether the LADO criteria were met, {year.label}", year=year, shares=True
    )
    if table["rows"]:
        part["tables"] = [table]
    return part


def _managed(totals: list[tuple[str, int | str]], year: ReportingYear) -> str:
    """ "During 2023-24, the service managed 742 notifications of allegations, down from 747 in
    2022-23." (`reports.sentences.compare`; a hidden count starts the sentence itself.)"""
    said = compare("notification of an allegation", "notifications of allegations", totals)
    if isinstance(totals[-1][1], str):
        return said
    return f"During {year.label}, the service managed {said}"


# Contact type and sector


def _contact_and_sector(
    partnership: Partnership, year: ReportingYear, by_contact: PublishedSeries
) -> Part:
    first = by_contact.series.years[0].label
    sector = _published(NOTIFICATIONS.code, partnership, [year], "sector")
    tables = [
        by_contact.table(f"Notifications by contact type, {first} to {year.label}"),
        sector.table(f"Notifications by employer sector, {year.label}", year=year, shares=True),
    ]
    part: Part = {"heading": "Notifications by contact type and sector"}
    shown = [table for table in tables if table["rows"]]
    if not shown:
        part["paragraphs"] = [f"No notifications of allegations are recorded for {year.label}."]
        return part
    part["tables"] = shown
    part["charts"] = [by_contact.chart("Notifications of allegations by year")]
    return part


# Outcomes


def _outcomes(partnership: Partnership, year: ReportingYear) -> Part:
    shown = _published(OUTCOMES.code, partnership, [year], "outcome")
    total = dict(shown.totals()).get(year.label)
    part: Part = {"heading": "Outcomes"}
    if total is None:
        part["paragraphs"] = [f"No concluded allegations are recorded for {year.label}."]
        return part
    counted = _counted(total, "allegation was", "allegations were")
    part["paragraphs"] = [_sentence(f"{counted} concluded in {year.label}.")]
    table = shown.table(f"Allegations concluded by outcome, {year.label}", year=year, shares=True)
    if table["rows"] and total:
        part["tables"] = [table]
    return part


# Timeliness


def _timeliness(partnership: Partnership, year: ReportingYear, years: list[ReportingYear]) -> Part:
    within = timescale_for(partnership, TIMESCALE).describe()
    informed = _published(INFORMED_ON_TIME.code, partnership, years)
    taken = _published(DURATION.code, partnership, [year], "period").in_order(
        [label for label, _ in PERIODS]
    )
    paragraphs = []
    on_time = informed.value(year)
    if on_time is not None:
        share = formatted(on_time, Unit.PERCENT)
        paragraphs.append(
            f"In {year.label}, the LADO was informed within {within} of the allegation being "
            f"received in {share} of the notifications with the date recorded."
        )
    total = dict(taken.totals()).get(year.label)
    if total:
        paragraphs.append(
            f"Of the allegations concluded in {year.label}, {_share(taken, year, WITHIN_A_MONTH)} "
            "were concluded within one month of being received."
        )
    part: Part = {"heading": "Timeliness"}
    tables = [informed.table(f"The LADO informed within {within} (%)")]
    if total:
        caption = f"Allegations concluded by time taken, {year.label}"
        tables.append(taken.table(caption, year=year, shares=True))
    part["paragraphs"] = paragraphs or [f"No timeliness figures are recorded for {year.label}."]
    if any(table["rows"] for table in tables):
        part["tables"] = [table for table in tables if table["rows"]]
    return part


# Rendering and registration

TEMPLATE = "allegations/report/section.html"


def section_docx(document: Document, data: SectionData) -> None:
    """Each part under its heading (when it has one), as the HTML shows them."""
    from safeguarding.reports.rendering import write_generic  # WeasyPrint only when writing

    for part in data.get("parts", []):
        if part.get("heading"):
            document.add_heading(str(part["heading"]), level=2)
        write_generic(document, part)


register(
    Section(
        code="allegations",
        title="Allegations Management",
        data=allegations_data,
        template=TEMPLATE,
        docx=section_docx,
    )
)
