"""Every read of the LADO register that shapes data: the register's page with each row's "LADO
informed" clock, one allegation's record, its form's values, and the LADO's due items. Every read
goes through the policy (`policies.allegations.visible`): nothing without the LADO role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Min, Q, QuerySet
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import Scope
from safeguarding.allegations import policies
from safeguarding.allegations.models import CRITERIA, Allegation, Outcome
from safeguarding.allegations.services.records import TIMESCALE, current_values
from safeguarding.core.calendar import Clock, ClockState, add_months, make_clock
from safeguarding.core.models import Partnership
from safeguarding.core.navigation import DueItem
from safeguarding.core.selectors import EffectiveTimescale, timescale_for
from safeguarding.core.years import ReportingYear
from safeguarding.metrics.presenting import formatted
from safeguarding.metrics.selectors import Series, series

PER_PAGE = 50

#: The register's "criteria" filter: the harm test met, not met, or not yet decided.
CRITERIA_FILTERS = {
    "met": ("Met", Q(criteria_met=True)),
    "not_met": ("Not met", Q(criteria_met=False)),
    "undecided": ("Not yet decided", Q(criteria_met__isnull=True)),
}
#: The harm test's answer as the forms offer it, and as the services take it.
HARM_TEST: dict[str, bool | None] = {"yes": True, "no": False, "undecided": None}
#: The register's "ongoing" filter.
ONGOING_FILTERS = {
    "yes": ("Ongoing", Q(outcome=Outcome.ONGOING)),
    "no": ("Concluded", ~Q(outcome=Outcome.ONGOING)),
}


@dataclass(frozen=True)
class RegisterFilters:
    year: ReportingYear | None = None
    contact_type: str = ""
    employer_sector: str = ""
    criteria: str = ""
    outcome: str = ""
    ongoing: str = ""

    def condition(self) -> Q:
        condition = Q()
        if self.year is not None:
            condition &= Q(received_on__range=(self.year.start, self.year.end))
        for field in ("contact_type", "employer_sector", "outcome"):
            if value := getattr(self, field):
                condition &= Q(**{field: value})
        if self.criteria:
            condition &= CRITERIA_FILTERS[self.criteria][1]
        if self.ongoing:
            condition &= ONGOING_FILTERS[self.ongoing][1]
        return condition

    def describe(self) -> dict[str, str]:
        """The filters chosen, for the audit entry of a read of the register."""
        chosen = {name: str(value) for name, value in vars(self).items() if value}
        return chosen


def allegation_list(scope: Scope, filters: RegisterFilters) -> QuerySet[Allegation]:
    """The allegations the scope may read (none without the LADO role), newest first."""
    return policies.allegations.visible(scope).filter(filters.condition())


def informed_clock(allegation: Allegation, timescale: EffectiveTimescale, today: dt.date) -> Clock:
    """The "LADO informed" clock: from the day received to the stored due date, met by the day
    the LADO was informed."""
    return make_clock(
        started=allegation.received_on,
        due=allegation.lado_due_on,
        completed=allegation.lado_informed_on,
        today=today,
        due_soon_working_days=timescale.due_soon_working_days,
    )


@dataclass(frozen=True)
class RegisterRow:
    allegation: Allegation
    clock: Clock


@dataclass(frozen=True)
class RegisterPage:
    page: Page[Allegation]
    rows: list[RegisterRow]
    timescale: EffectiveTimescale

    @property
    def allegations(self) -> list[Allegation]:
        """The page's allegations (what the audit entry of the read names)."""
        return [row.allegation for row in self.rows]


def register_page(
    scope: Scope, filters: RegisterFilters, page_number: Any, today: dt.date
) -> RegisterPage:
    """One page of the register, each row with its clock (a count, the page's rows and the
    partnership's timescale: three queries)."""
    page = Paginator(allegation_list(scope, filters), PER_PAGE).get_page(page_number)
    timescale = timescale_for(scope.partnership, TIMESCALE)
    rows = [RegisterRow(row, informed_clock(row, timescale, today)) for row in page.object_list]
    return RegisterPage(page, rows, timescale)


def register_years(scope: Scope, today: dt.date) -> list[ReportingYear]:
    """Reporting years from the first allegation's to today's, newest first."""
    first = policies.allegations.visible(scope).aggregate(first=Min("received_on"))["first"]
    current = ReportingYear.containing(today)
    start = ReportingYear.containing(min(first or today, today))
    return [ReportingYear(year) for year in range(current.start_year, start.start_year - 1, -1)]


def allegation_for_page(scope: Scope) -> QuerySet[Allegation]:
    """The allegations a record's pages fetch through the policy, with their partnership (the
    audit entry of the read and the clock's timescale need it)."""
    return policies.allegations.visible(scope).select_related("partnership")


@dataclass(frozen=True)
class AllegationDetail:
    allegation: Allegation
    clock: Clock
    timescale: EffectiveTimescale
    criteria: list[str]


def allegation_detail(allegation: Allegation, today: dt.date) -> AllegationDetail:
    timescale = timescale_for(allegation.partnership, TIMESCALE)
    clock = informed_clock(allegation, timescale, today)
    return AllegationDetail(allegation, clock, timescale, allegation.criteria)


def allegation_form_initial(allegation: Allegation) -> dict[str, Any]:
    """The allegation's details as its form shows them: the harm test's answer and the criteria
    ticked."""
    values = current_values(allegation)
    values["criteria"] = [name for name, _ in CRITERIA if values.pop(name)]
    met = values["criteria_met"]
    values["criteria_met"] = next(key for key, answer in HARM_TEST.items() if answer is met)
    return values


def conclude_form_initial(allegation: Allegation, today: dt.date) -> dict[str, Any]:
    return {
        "outcome": "" if allegation.outcome == Outcome.ONGOING else allegation.outcome,
        "concluded_on": allegation.concluded_on or today,
        "referred_to_dbs": allegation.referred_to_dbs,
        "referred_to_regulator": allegation.referred_to_regulator,
    }


# The LADO's home page: ongoing allegations a month old with neither a strategy meeting nor an
# outcome.

DUE_AFTER_MONTHS = 1


def due_items(scope: Scope, today: dt.date) -> list[DueItem]:
    """For the LADO only: each ongoing allegation received over a month ago with no strategy
    meeting, due a month after it was received (one query)."""
    if Role.LADO not in scope.roles:
        return []
    stale = policies.allegations.visible(scope).filter(
        outcome=Outcome.ONGOING,
        strategy_meeting_on__isnull=True,
        received_on__lt=add_months(today, -DUE_AFTER_MONTHS),
    )
    slug = scope.partnership.slug
    return [
        DueItem(
            title=f"Hold a strategy meeting or conclude {allegation.reference}",
            url=reverse("allegations:allegation_detail", args=[slug, allegation.pk]),
            due=add_months(allegation.received_on, DUE_AFTER_MONTHS),
            state=ClockState.OVERDUE,
            kind="Allegation (LADO)",
        )
        for allegation in stale.order_by("received_on", "pk").only("pk", "reference", "received_on")
    ]


# The LADO's figures page: the register's metrics, true values (the LADO reads them unsuppressed).

#: (metric code, breakdown, caption) of each table on the figures page.
FIGURE_TABLES: tuple[tuple[str, str | None, str], ...] = (
    ("allegations.notifications", "contact_type", "Notifications, by contact type"),
    ("allegations.notifications", "criteria", "Notifications, by whether the harm test was met"),
    ("allegations.notifications", "sector", "Notifications, by employer sector"),
    ("allegations.notifications", "category", "Notifications, by category"),
    ("allegations.outcomes", "outcome", "Allegations concluded, by outcome"),
    ("allegations.duration", "period", "Allegations concluded, by time taken"),
    ("allegations.informed_on_time", None, "LADO informed within the timescale"),
)
FIGURE_YEARS = 5


@dataclass(frozen=True)
class FigureTable:
    caption: str
    description: str
    years: list[str]
    rows: list[tuple[str, list[str]]]


def figure_tables(partnership: Partnership, last: ReportingYear) -> list[FigureTable]:
    """Each of the register's figures for the five years to `last`, as computed (or entered for
    the years before the Hub): `metrics.selectors.series`, never suppressed here."""
    years = [last.previous(back) for back in range(FIGURE_YEARS - 1, -1, -1)]
    return [
        _figure_table(series(code, partnership=partnership, years=years, breakdown=by), caption)
        for code, by, caption in FIGURE_TABLES
    ]


def _figure_table(figures: Series, caption: str) -> FigureTable:
    unit = figures.metric.unit
    rows = [
        (row.label, [formatted(cell.value, unit) for cell in row.cells]) for row in figures.rows
    ]
    labels = [year.label for year in figures.years]
    return FigureTable(caption, figures.metric.description, labels, rows)
