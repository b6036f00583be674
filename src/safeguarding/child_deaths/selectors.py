"""Every read of the child death register that shapes data: the register's filters and page
rows, one record for its page, the panels a partnership belongs to, the panel's figures across
its footprint (counted in the database by `figures.panel_figures`, by partnership, with the
footprint's total), and the home page's overdue reviews.

Records are read through `policies.child_deaths.visible(scope)`: none without the CDOP role.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Min, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import Scope
from safeguarding.child_deaths import figures, policies
from safeguarding.child_deaths.metrics import MODIFIABLE_FACTORS, NOTIFICATIONS, REVIEWS_COMPLETED
from safeguarding.child_deaths.models import ChildDeath
from safeguarding.core.calendar import ClockState, add_months
from safeguarding.core.models import Footprint, Partnership
from safeguarding.core.navigation import DueItem
from safeguarding.core.years import ReportingYear
from safeguarding.learning.models import Finding
from safeguarding.metrics.registry import Value
from safeguarding.metrics.selectors import series

#: A review still open this many months after notification is shown on the home page.
REVIEW_OVERDUE_MONTHS = 6

#: The fields the notification form shows, for its initial values when correcting one.
NOTIFICATION_FIELDS = (
    "case_code",
    "panel",
    "died_on",
    "born_on",
    "notified_on",
    "age_band",
    "expectation",
    "joint_agency_response",
)
REVIEW_FIELDS = ("review_meeting_on", "review_completed_on", "category", "modifiable_factors")


# The register


@dataclass(frozen=True)
class RegisterFilters:
    """The register's filters; empty ones do not filter."""

    year: ReportingYear | None = None
    age_band: str = ""
    expectation: str = ""
    reviewed: str = ""  # "yes": review completed; "no": not yet

    def describe(self) -> dict[str, str]:
        """The filters chosen, for the audit entry of the list's read."""
        chosen = {
            "year": self.year.label if self.year else "",
            "age_band": self.age_band,
            "expectation": self.expectation,
            "reviewed": self.reviewed,
        }
        return {name: value for name, value in chosen.items() if value}


def register(scope: Scope, filters: RegisterFilters) -> QuerySet[ChildDeath]:
    """The deaths of children who lived in the scope's partnership, newest notification first."""
    rows = policies.child_deaths.visible(scope).select_related("panel")
    if filters.year is not None:
        rows = rows.filter(notified_on__range=(filters.year.start, filters.year.end))
    if filters.age_band:
        rows = rows.filter(age_band=filters.age_band)
    if filters.expectation:
        rows = rows.filter(expectation=filters.expectation)
    if filters.reviewed:
        rows = rows.filter(review_completed_on__isnull=filters.reviewed != "yes")
    return rows


def register_years(partnership: Partnership, today: dt.date) -> list[ReportingYear]:
    """The reporting years the register can show, newest first: from the first notification."""
    first = ChildDeath.objects.filter(partnership=partnership).aggregate(first=Min("notified_on"))
    current = ReportingYear.containing(today)
    start = ReportingYear.containing(first["first"]) if first["first"] else current
    return [ReportingYear(year) for year in range(current.start_year, start.start_year - 1, -1)]


# One record


def death_for_page(scope: Scope) -> QuerySet[ChildDeath]:
    """The rows a record page fetches from (with the panel and learning source it shows)."""
    return policies.child_deaths.visible(scope).select_related("panel", "source", "partnership")


def death_findings(death: ChildDeath) -> list[Finding]:
    """The findings raised from the death's review (with their themes), oldest first."""
    if death.source_id is None:
        return []
    return list(Finding.objects.filter(source_id=death.source_id).prefetch_related("themes"))


def notification_initial(death: ChildDeath) -> dict[str, Any]:
    return {name: getattr(death, name) for name in NOTIFICATION_FIELDS}


def review_initial(death: ChildDeath) -> dict[str, Any]:
    return {name: getattr(death, name) for name in REVIEW_FIELDS}


# Panels


def panels_serving(partnership: Partnership, on: dt.date) -> QuerySet[Footprint]:
    """The current panels (footprints) that include the partnership: what a new death may name."""
    return Footprint.objects.current(on).filter(partnerships=partnership)


def panel_choices(
    partnership: Partnership, on: dt.date, keep: Footprint | None = None
) -> QuerySet[Footprint]:
    """The panels a form offers: the current ones, and the one a record already names."""
    current = panels_serving(partnership, on)
    if keep is None:
        return current
    return Footprint.objects.filter(Q(pk__in=current.values("pk")) | Q(pk=keep.pk))


def readable_panel(scope: Scope, slug: str) -> Footprint:
    """The panel a CDOP member of one of its partnerships may read; 404 for anyone else."""
    panel = Footprint.objects.filter(slug=slug).first()
    if panel is None or not policies.can_read_panel(scope, panel):
        raise Http404("No such panel.")
    return panel


@dataclass(frozen=True)
class PanelTotal:
    """The panel's figures for the year across its whole footprint."""

    notified: int
    under_one: int
    unexpected: int
    reviews_completed: int


@dataclass(frozen=True)
class PanelFigures:
    panel: Footprint
    year: ReportingYear
    rows: list[figures.PanelRow]  # one per partnership the panel serves, by name

    @property
    def total(self) -> PanelTotal:
        return PanelTotal(
            *(
                sum(getattr(row, name) for row in self.rows)
                for name in ("notified", "under_one", "unexpected", "reviews_completed")
            )
        )


def panel_figures(panel: Footprint, year: ReportingYear) -> PanelFigures:
    """The panel's figures for the year for each partnership it serves (noughts included),
    counted in the database in one query (`figures.panel_figures`)."""
    return PanelFigures(panel=panel, year=year, rows=figures.panel_figures(panel, year))


# The home page


def due_items(scope: Scope, today: dt.date) -> list[DueItem]:
    """For the CDOP coordinator: deaths notified over six months ago whose review is open."""
    if Role.CDOP not in scope.roles:
        return []
    cutoff = add_months(today, -REVIEW_OVERDUE_MONTHS)
    open_reviews = ChildDeath.objects.filter(
        partnership=scope.partnership, review_completed_on__isnull=True, notified_on__lt=cutoff
    ).order_by("notified_on")
    slug = scope.partnership.slug
    return [
        DueItem(
            title=f"Complete the child death review: {death.case_code}",
            url=reverse("child_deaths:death_detail", args=[slug, death.pk]),
            due=add_months(death.notified_on, REVIEW_OVERDUE_MONTHS),
            state=ClockState.OVERDUE,
            kind="Child death review",
        )
        for death in open_reviews
    ]


# The CDOP figures page


@dataclass(frozen=True)
class SummaryRow:
    """A year's headline figures, true values (the CDOP role's page)."""

    year: ReportingYear
    notified: Value | None
    under_one: Value | None
    reviews_completed: Value | None
    with_modifiable_factors: Value | None
    reviews_answered: Value | None

    @property
    def modifiable_share(self) -> Decimal | None:
        """The percentage of completed reviews that identified modifiable factors."""
        if not self.reviews_answered or self.with_modifiable_factors is None:
            return None
        return Decimal(100 * self.with_modifiable_factors / self.reviews_answered).quantize(
            Decimal("1")
        )


def figures_summary(partnership: Partnership, years: list[ReportingYear]) -> list[SummaryRow]:
    """For each year (newest first): deaths notified and those under 1, reviews completed and
    how many found modifiable factors, through `metrics.selectors.series` (entered values fill
    the years before the Hub)."""
    notified = series(NOTIFICATIONS, partnership=partnership, years=years, breakdown="under_one")
    reviews = series(REVIEWS_COMPLETED, partnership=partnership, years=years)
    factors = series(
        MODIFIABLE_FACTORS, partnership=partnership, years=years, breakdown="modifiable_factors"
    )
    return [
        SummaryRow(
            year=year,
            notified=notified.total_for(year),
            under_one=notified.value(year, figures.UNDER_1),
            reviews_completed=reviews.total_for(year),
            with_modifiable_factors=factors.value(year, figures.MODIFIABLE_YES),
            reviews_answered=factors.total_for(year),
        )
        for year in reversed(years)
    ]
