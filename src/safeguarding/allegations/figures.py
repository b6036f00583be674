"""The LADO register's figures (docs/allegations.md, "Figures"): notifications received, the
allegations concluded and how long they took, and whether the LADO was informed on time. Every
aggregate the metrics, the dashboard and the yearly report read about allegations is computed
here, in the database, never by a Python loop over rows.

A reporting year holds a notification when it was received within it, and a conclusion when it
was concluded within it. Each figure is **one query** over the year's rows: a count; counts of
each value of a field with a few, side by side; or counts grouped by one column. Only a year with
none of them asks a second, cheap question: whether the partnership's first allegation was
received by the year's end. If not, the figure is None (the Hub holds no records yet, so entered
values fill the year); if so, it is 0.

Months are calendar months, as `core.calendar.add_months` counts them: an allegation received on
31 January and concluded on 29 February is concluded "within 1 month".
"""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from django.db.models import Count, F, Func, IntegerField, Q, QuerySet
from django.db.models.functions import Greatest, Least

from safeguarding.allegations.models import (
    Allegation,
    Category,
    ContactType,
    EmployerSector,
    Outcome,
)
from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear

TOTAL = ""
Counts = dict[str, int]
NotificationsBy = Literal["contact_type", "criteria", "sector", "category"]

MET, NOT_MET, UNDECIDED = "Met", "Not met", "Not yet decided"
#: A breakdown with at most this many values is counted value by value rather than grouped.
FEW = 3
#: A notification without a category (a request for advice).
NOT_CATEGORISED = "Not categorised"
#: The duration bands, each with the most whole months it holds (None: no limit), in order.
PERIODS: tuple[tuple[str, int | None], ...] = (
    ("Within 1 month", 1),
    ("1 to 3 months", 3),
    ("3 to 12 months", 12),
    ("Over 12 months", None),
)


def _labels(choices: Any) -> dict[Any, str]:
    return {str(value): str(label) for value, label in choices.choices}


CONTACT_TYPES = _labels(ContactType)
SECTORS = _labels(EmployerSector)
CATEGORIES = _labels(Category) | {"": NOT_CATEGORISED}
OUTCOMES = _labels(Outcome)
CRITERIA_MET: dict[Any, str] = {True: MET, False: NOT_MET, None: UNDECIDED}
#: For each breakdown of the notifications: the field grouped on and its values' labels.
_NOTIFICATIONS_BY: dict[str, tuple[str, dict[Any, str]]] = {
    "contact_type": ("contact_type", CONTACT_TYPES),
    "criteria": ("criteria_met", CRITERIA_MET),
    "sector": ("employer_sector", SECTORS),
    "category": ("category", CATEGORIES),
}


# The rows of a year, and whether the register has begun


def _in_year(partnership: Partnership, year: ReportingYear, field: str) -> QuerySet[Allegation]:
    """The partnership's allegations whose `field` (a date) falls in the year."""
    return Allegation.objects.filter(
        partnership=partnership, **{f"{field}__range": (year.start, year.end)}
    )


def begun(partnership: Partnership, year: ReportingYear) -> bool:
    """Whether the partnership's first allegation was received by the year's end: one query."""
    return Allegation.objects.filter(partnership=partnership, received_on__lte=year.end).exists()


def _total(
    partnership: Partnership, year: ReportingYear, rows: QuerySet[Allegation]
) -> Counts | None:
    """{"": how many rows}; None when there are none and the register had not begun."""
    n = rows.count()
    return {TOTAL: n} if n or begun(partnership, year) else None


def _grouped(
    partnership: Partnership,
    year: ReportingYear,
    rows: QuerySet[Allegation],
    key: str,
    labels: dict[Any, str],
) -> Counts | None:
    """{label: count} of the rows by `key` (a value without a label keeps its own), with the
    total; {"": 0} for a year without any, None when the register had not begun."""
    counts: Counter[str] = Counter()
    for value, n in rows.values_list(key).annotate(n=Count("pk")).order_by():
        counts[labels.get(value, str(value))] += n
    if not counts:
        return {TOTAL: 0} if begun(partnership, year) else None
    return {**counts, TOTAL: sum(counts.values())}


def _is(field: str, value: Any) -> Q:
    return Q(**{f"{field}__isnull": True}) if value is None else Q(**{field: value})


def _each(
    partnership: Partnership,
    year: ReportingYear,
    rows: QuerySet[Allegation],
    field: str,
    labels: dict[Any, str],
) -> Counts | None:
    """As `_grouped`, for a field with a few values (`labels` names each): a count of each
    value beside the total, in one row (cheaper than grouping, which sorts the rows)."""
    each = {
        f"n{index}": Count("pk", filter=_is(field, value)) for index, value in enumerate(labels)
    }
    found = rows.aggregate(total=Count("pk"), **each)
    if not found["total"]:
        return {TOTAL: 0} if begun(partnership, year) else None
    shown = {label: found[f"n{index}"] for index, label in enumerate(labels.values())}
    return {label: n for label, n in shown.items() if n} | {TOTAL: found["total"]}


# Notifications


def notifications(
    *, partnership: Partnership, year: ReportingYear, by: NotificationsBy | None = None
) -> Counts | None:
    """Notifications received in the year: {"": total}, or by contact type, whether the criteria
    are met ("Met", "Not met", "Not yet decided"), employer sector or category (labels), with
    the total. None before the partnership's first allegation."""
    rows = _in_year(partnership, year, "received_on")
    if by is None:
        return _total(partnership, year, rows)
    field, labels = _NOTIFICATIONS_BY[by]
    if len(labels) <= FEW:
        return _each(partnership, year, rows, field, labels)
    return _grouped(partnership, year, rows, field, labels)


def informed_on_time(*, partnership: Partnership, year: ReportingYear) -> Decimal | None:
    """Of the notifications received in the year with the date the LADO was informed, the
    percentage informed by the stored due date (one decimal place); None when none of the year's
    notifications has an informed date (or there are none). One query."""
    found = _in_year(partnership, year, "received_on").aggregate(
        informed=Count("pk", filter=Q(lado_informed_on__isnull=False)),
        on_time=Count("pk", filter=Q(lado_informed_on__lte=F("lado_due_on"))),
    )
    if not found["informed"]:
        return None
    share = Decimal(100 * found["on_time"]) / Decimal(found["informed"])
    return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# Conclusions


def outcomes(
    *, partnership: Partnership, year: ReportingYear, by_outcome: bool = False
) -> Counts | None:
    """Allegations concluded in the year: {"": total}, or by outcome (labels) with the total.
    None before the partnership's first allegation."""
    rows = _in_year(partnership, year, "concluded_on")
    if not by_outcome:
        return _total(partnership, year, rows)
    return _grouped(partnership, year, rows, "outcome", OUTCOMES)


def duration(
    *, partnership: Partnership, year: ReportingYear, by_period: bool = False
) -> Counts | None:
    """Allegations concluded in the year by the time from received to concluded (`PERIODS`,
    labels) with the total, or {"": total}. None before the partnership's first allegation.

    Grouped in the database by `half_months` (a few dozen groups however many rows), each group
    then added to its band."""
    rows = _in_year(partnership, year, "concluded_on")
    if not by_period:
        return _total(partnership, year, rows)
    grouped = rows.values_list(half_months()).annotate(n=Count("pk")).order_by()
    counts: Counter[str] = Counter()
    for halves, n in grouped:
        counts[period_of(halves)] += n
    if not counts:
        return {TOTAL: 0} if begun(partnership, year) else None
    return {**counts, TOTAL: sum(counts.values())}


def period_of(halves: int) -> str:
    """The band of an allegation `halves` half-months long (see `half_months`): concluded
    within k months is `halves <= 2k`."""
    bounded = [(label, most) for label, most in PERIODS if most is not None]
    return next((label for label, most in bounded if halves <= 2 * most), PERIODS[-1][0])


class DatePart(Func):
    """The year, month or day of a date column as an integer, natively on each engine (SQLite
    stores dates as YYYY-MM-DD text, so a slice of it; Django's Extract calls back into Python
    there, which costs far more over thousands of rows)."""

    output_field = IntegerField()
    SLICES = {"year": (1, 4), "month": (6, 2), "day": (9, 2)}

    def __init__(self, field: str, part: Literal["year", "month", "day"]) -> None:
        super().__init__(F(field))
        self.part = part

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        start, length = self.SLICES[self.part]
        template = f"CAST(substr(%(expressions)s, {start}, {length}) AS integer)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = f"date_part('{self.part}', %(expressions)s)::integer"
        return self.as_sql(compiler, connection, template=template, **extra)


def half_months() -> Any:
    """The time from received to concluded in half months: twice the calendar months between
    the two dates' months, plus one when the day concluded is later in its month than the day
    received, minus one when it is earlier. So "concluded on or before received + k months" (the
    end of a shorter month standing in for a missing day, as `add_months`) is `<= 2k`: 31
    January to 29 February is 1, 15 January to 15 February 2, to 16 February 3."""
    received = {part: DatePart("received_on", part) for part in ("year", "month", "day")}
    concluded = {part: DatePart("concluded_on", part) for part in ("year", "month", "day")}
    months = (concluded["year"] - received["year"]) * 12 + concluded["month"] - received["month"]
    # The sign of the days' difference (SQLite's MIN/MAX and PostgreSQL's LEAST/GREATEST are
    # native; Django's Sign is a Python function on SQLite).
    days = Least(Greatest(concluded["day"] - received["day"], -1), 1)
    return months * 2 + days
