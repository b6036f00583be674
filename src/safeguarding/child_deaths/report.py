"""The yearly report's "Child Death Overview Panel" section, in the seed report's order: the
panel (from its footprint), the year's deaths and the reviews the panel completed, how the
number of deaths moved against the years before, the bullets (deaths, under 1s, 15 to 17 year
olds), the deaths by year and by age band, the reviews by category of death and the share with
modifiable factors.

Every figure comes from the `child_deaths.*` metrics through `as_published`: the report is a
published output, so small counts are hidden (disclosure control at the partnership's threshold)
and a sentence never states one. Entered values fill the years before the Hub. The section makes
the same number of queries however many deaths there are.

Its data is a list of "parts" (generic blocks, the later ones under a heading) drawn by
child_deaths/report/section.html and `section_docx`.
"""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format
from docx.document import Document

from safeguarding.child_deaths import figures
from safeguarding.child_deaths.metrics import (
    CATEGORIES,
    MODIFIABLE_FACTORS,
    NOTIFICATIONS,
    REVIEWS_COMPLETED,
)
from safeguarding.core.models import Footprint, Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.metrics.disclosure import threshold
from safeguarding.metrics.presenting import PublishedSeries, as_published
from safeguarding.metrics.registry import Value
from safeguarding.metrics.selectors import series
from safeguarding.reports.registry import Section, SectionData, register

TABLE_YEARS = 5
AGED_15_17 = "15 to 17 years"
Part = dict[str, Any]
Shown = Value | str | None


def child_deaths_data(partnership: Partnership, year: ReportingYear) -> SectionData:
    years = [year.previous(n) for n in range(TABLE_YEARS - 1, 0, -1)] + [year]
    deaths = _published(NOTIFICATIONS, partnership, years)
    reviews = _published(REVIEWS_COMPLETED, partnership, [year]).value(year)
    by_band = _published(NOTIFICATIONS, partnership, [year], "age_band")
    return {
        "parts": [
            _summary(partnership, year, deaths, reviews),
            _figures(partnership, year, deaths, by_band),
            _reviews(partnership, year, reviews),
        ]
    }


def _published(
    code: str, partnership: Partnership, years: list[ReportingYear], breakdown: str | None = None
) -> PublishedSeries:
    return as_published(series(code, partnership=partnership, years=years, breakdown=breakdown))


def _amount(value: Shown) -> str:
    """A published count as a sentence says it: 1,234, or "fewer than 6" when hidden."""
    if isinstance(value, str):
        return f"fewer than {threshold() + 1}"
    return f"{int(value or 0):,}"


# The panel, the year's deaths and reviews, the trend


def _summary(
    partnership: Partnership, year: ReportingYear, deaths: PublishedSeries, reviews: Shown
) -> Part:
    count = deaths.value(year)
    paragraphs = [
        _panel_sentence(partnership, panel) for panel in figures.panels_of(partnership, year)
    ]
    paragraphs.append(_year_sentence(partnership, year, count, reviews))
    trend = trend_sentence(deaths.totals(until=year), year.label)
    return {"paragraphs": [*paragraphs, *([trend] if trend else [])]}


def _panel_sentence(partnership: Partnership, panel: Footprint) -> str:
    """ "Somerset and Dorset have a joint Child Death Overview Panel to share learning." """
    served = list(panel.partnerships.all())
    places = [figures.place(partnership)] + [
        figures.place(other) for other in served if other.pk != partnership.pk
    ]
    if len(places) == 1:
        return f"{places[0]} has its own Child Death Overview Panel."
    return f"{_join(places)} have a joint Child Death Overview Panel to share learning."


def _year_sentence(
    partnership: Partnership, year: ReportingYear, deaths: Shown, reviews: Shown
) -> str:
    """ "Between 1 April 2023 and 31 March 2024, there were 30 child deaths (child death
    notifications) of children living in Somerset, and 5 CDOP reviews were completed." """
    between = f"Between {_day(year.start)} and {_day(year.end)}"
    where = f"of children living in {figures.place(partnership)}"
    if deaths is None and reviews is None:
        return f"{between}, no deaths {where} or CDOP reviews of them are recorded."
    if deaths is None:
        said = f"no deaths {where} are recorded"
    elif deaths == 1:
        said = f"there was 1 child death (child death notification) {where}"
    else:
        counted = "no" if deaths == 0 else _amount(deaths)
        said = f"there were {counted} child deaths (child death notifications) {where}"
    return f"{between}, {said}, and {_reviews_said(reviews)}."


def _reviews_said(reviews: Shown) -> str:
    if reviews is None:
        return "no CDOP reviews are recorded"
    if not reviews:
        return "no CDOP reviews were completed"
    if reviews == 1:
        return "1 CDOP review was completed"
    return f"{_amount(reviews)} CDOP reviews were completed"


def _day(value: Any) -> str:
    return date_format(value, "j F Y")


def _join(items: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


# How the number of deaths moved

UP, DOWN, SAME = "increased", "decreased", "same"
OPPOSITE = {UP: "fewer", DOWN: "more"}
WORDS = ("a", "two", "three", "four", "five", "six", "seven", "eight", "nine")
ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _move(before: int | str, after: int | str) -> str | None:
    """How a published count moved from one year to the next; None when both are hidden (a
    hidden count is one from 1 to the threshold: above 0, below any count shown beside it)."""
    if isinstance(before, str) and isinstance(after, str):
        return None
    first, then = (1 if isinstance(v, str) else v for v in (before, after))
    return UP if then > first else DOWN if then < first else SAME


def _moves(
    totals: list[tuple[str, int | str]], year: ReportingYear
) -> list[tuple[str, str | None]]:
    """(year, move from the year before) for `year` and each year before it, newest first,
    while the years follow one another."""
    values = dict(totals)
    moves: list[tuple[str, str | None]] = []
    while year.label in values and year.previous().label in values:
        moves.append((year.label, _move(values[year.previous().label], values[year.label])))
        year = year.previous()
    return moves


def trend_sentence(totals: list[tuple[str, int | str]], label: str) -> str | None:
    """How the number of deaths moved in the year (`label`) against the run of years before it,
    from the published totals (oldest first): "After two years of fewer deaths (2021-22 and
    2022-23), the number of deaths increased in 2023-24." None without last year's figure, or
    when both years' counts are hidden."""
    moves = _moves(totals, ReportingYear.from_label(label))
    if not moves or moves[0][1] is None:
        return None
    move, before = moves[0][1], [m for _, m in moves[1:]]
    if move == SAME:
        return f"The number of deaths in {label} was the same as in {_last(label)}."
    against = _run(before, DOWN if move == UP else UP)
    if against:
        years = [year for year, _ in moves[1 : against + 1]][::-1]
        return (
            f"After {_years(against)} of {OPPOSITE[move]} deaths ({_join(years)}), "
            f"the number of deaths {move} in {label}."
        )
    running = _run(before, move)
    if running:
        return f"The number of deaths {move} for the {_ordinal(running)} year running in {label}."
    return f"The number of deaths {move} in {label} compared with {_last(label)}."


def _run(moves: list[str | None], wanted: str) -> int:
    """How many of the moves, newest first, are `wanted` before the first that is not."""
    count = 0
    for move in moves:
        if move != wanted:
            break
        count += 1
    return count


def _last(label: str) -> str:
    return ReportingYear.from_label(label).previous().label


def _years(count: int) -> str:
    word = WORDS[count - 1] if count <= len(WORDS) else f"{count:,}"
    return f"{word} year" if count == 1 else f"{word} years"


def _ordinal(streak: int) -> str:
    """The place of this year in a run of `streak` years before it moving the same way."""
    return ORDINALS[streak - 1] if streak <= len(ORDINALS) else f"{streak + 1}th"


# The year's figures: the bullets, deaths by year and by age band


def _figures(
    partnership: Partnership, year: ReportingYear, deaths: PublishedSeries, by_band: PublishedSeries
) -> Part:
    heading = f"{figures.place(partnership)} child death data {year.label}"
    total = deaths.value(year)
    if total is None:
        return {
            "heading": heading,
            "paragraphs": [f"No child deaths are recorded for {year.label}."],
        }
    under_one = _published(NOTIFICATIONS, partnership, [year], "under_one")
    items = [
        "There was 1 child death" if total == 1 else f"There were {_amount(total)} child deaths",
        *_bullet("under 1s", under_one.value(year, figures.UNDER_1)),
        *_bullet("15 to 17 year olds", by_band.value(year, AGED_15_17)),
    ]
    tables = [
        deaths.table(f"Child deaths notified, {deaths.series.years[0].label} to {year.label}")
    ]
    if any(by_band.value(year, band) is not None for band in figures.AGE_BANDS):
        bands = by_band.in_order(figures.AGE_BANDS)
        caption = f"Child deaths notified by age band, {year.label}"
        tables.append(bands.table(caption, year=year, shares=True))
    return {
        "heading": heading,
        "lists": [{"heading": f"Child deaths in {year.label}", "items": items}],
        "tables": [table for table in tables if table["rows"]],
    }


def _bullet(who: str, value: Shown) -> list[str]:
    """ "The number of deaths of under 1s was 15"; nothing when there is no figure."""
    return [] if value is None else [f"The number of deaths of {who} was {_amount(value)}"]


# The panel's reviews: categories and modifiable factors


def _reviews(partnership: Partnership, year: ReportingYear, reviews: Shown) -> Part:
    heading = "Reviews completed by the panel"
    if not reviews:
        said = "are recorded for" if reviews is None else "were completed in"
        return {"heading": heading, "paragraphs": [f"No CDOP reviews {said} {year.label}."]}
    by_category = _published(CATEGORIES, partnership, [year], "category").in_order(
        figures.CATEGORIES, zeros=False
    )
    caption = f"CDOP reviews completed by category of death, {year.label}"
    factors = _published(MODIFIABLE_FACTORS, partnership, [year], "modifiable_factors")
    table = by_category.table(caption, year=year, shares=True)
    return {
        "heading": heading,
        "paragraphs": [_modifiable_sentence(factors, year)],
        "tables": [table] if table["rows"] else [],
    }


def _modifiable_sentence(factors: PublishedSeries, year: ReportingYear) -> str:
    """The share of the year's reviews that identified modifiable factors, unless it is hidden."""
    found = factors.value(year, figures.MODIFIABLE_YES)
    if found is None:
        return f"No answers on modifiable factors are recorded for {year.label}."
    if found == 0:
        return (
            f"The panel identified no modifiable factors in the reviews completed in {year.label}."
        )
    share = factors.percentage(year, figures.MODIFIABLE_YES)
    if isinstance(found, str) or share == factors.shown.symbol:
        return (
            f"The share of the reviews completed in {year.label} that identified modifiable "
            "factors is not published: the number of reviews is too small."
        )
    return (
        f"The panel identified modifiable factors in {share} of the reviews completed in "
        f"{year.label}."
    )


# Rendering and registration

TEMPLATE = "child_deaths/report/section.html"


def section_docx(document: Document, data: SectionData) -> None:
    """Each part under its heading (when it has one), as the HTML shows them."""
    from safeguarding.reports.rendering import write_generic  # WeasyPrint only when writing

    for part in data.get("parts", []):
        if part.get("heading"):
            document.add_heading(str(part["heading"]), level=2)
        write_generic(document, part)


register(
    Section(
        code="child_deaths",
        title="Child Death Overview Panel",
        data=child_deaths_data,
        template=TEMPLATE,
        docx=section_docx,
    )
)
