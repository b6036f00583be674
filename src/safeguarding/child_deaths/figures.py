"""The child death figures: deaths notified and panel reviews completed in a reporting year, by
age band, under 1, expected or not, joint agency response, category and modifiable factors; the
panels a partnership's deaths name; and a panel's figures across its footprint. Every count is
one aggregate query in the database (never a loop over rows); `metrics.py` and `report.py` read
them.

A death counts in the year it was notified to the panel, against the partnership where the child
lived; a review counts in the year the panel completed it. A count is None for a year that ends
before the partnership's first notification, so entered values fill the years before it used the
Hub; from then on a year without any gives 0. A breakdown gives every value of its choices (0
included) and the total ("").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet

from safeguarding.child_deaths.models import (
    UNDER_ONE,
    AgeBand,
    Category,
    ChildDeath,
    Expectation,
    ModifiableFactors,
)
from safeguarding.core.models import Footprint, Partnership
from safeguarding.core.years import ReportingYear

TOTAL = ""
Counts = dict[str, int]
Groups = Mapping[str, Q]

UNDER_1, ONE_TO_17 = "Under 1", "1 to 17"
JAR, NO_JAR = "Joint agency response", "No joint agency response"


def _choices(field: str, choices: Any) -> dict[str, Q]:
    """A group per choice, keyed by its label, in the choices' order."""
    return {str(label): Q(**{field: value}) for value, label in choices.choices}


#: The breakdowns of deaths notified: label -> the deaths it counts, in the order reports use.
NOTIFIED_BY: dict[str, Groups] = {
    "age_band": _choices("age_band", AgeBand),
    "under_one": {UNDER_1: Q(age_band__in=UNDER_ONE), ONE_TO_17: ~Q(age_band__in=UNDER_ONE)},
    "expectation": _choices("expectation", Expectation),
    "joint_agency_response": {
        JAR: Q(joint_agency_response=True),
        NO_JAR: Q(joint_agency_response=False),
    },
}
#: The breakdowns of reviews completed.
REVIEWED_BY: dict[str, Groups] = {
    "category": _choices("category", Category),
    "modifiable_factors": _choices("modifiable_factors", ModifiableFactors),
}
AGE_BANDS: tuple[str, ...] = tuple(NOTIFIED_BY["age_band"])
CATEGORIES: tuple[str, ...] = tuple(REVIEWED_BY["category"])
MODIFIABLE_FACTORS: tuple[str, ...] = tuple(REVIEWED_BY["modifiable_factors"])
MODIFIABLE_YES = str(ModifiableFactors.YES.label)


def _in(field: str, year: ReportingYear) -> Q:
    return Q(**{f"{field}__range": (year.start, year.end)})


def _tally(
    rows: QuerySet[ChildDeath], counted: Q, year: ReportingYear, groups: Groups
) -> Counts | None:
    """One query: how many `rows` match `counted`, in total and in each group; None when the
    first of the rows was notified after the year ended (the Hub holds no records for it)."""
    named = {f"g{n}": label for n, label in enumerate(groups)}
    found = rows.aggregate(
        first=Min("notified_on"),
        total=Count("pk", filter=counted),
        **{alias: Count("pk", filter=counted & groups[label]) for alias, label in named.items()},
    )
    if found["first"] is None or found["first"] > year.end:
        return None
    return {**{label: found[alias] for alias, label in named.items()}, TOTAL: found["total"]}


def _deaths(partnership: Partnership) -> QuerySet[ChildDeath]:
    return ChildDeath.objects.filter(partnership=partnership)


def deaths_notified(
    *, partnership: Partnership, year: ReportingYear, by: str | None = None
) -> Counts | None:
    """Deaths of the partnership's children notified in the year, in total or by `by` (a key
    of `NOTIFIED_BY`): one query."""
    groups = NOTIFIED_BY[by] if by else {}
    return _tally(_deaths(partnership), _in("notified_on", year), year, groups)


def reviews_completed(
    *, partnership: Partnership, year: ReportingYear, by: str | None = None
) -> Counts | None:
    """Panel reviews of the partnership's children's deaths completed in the year, in total or
    by `by` (a key of `REVIEWED_BY`): one query."""
    groups = REVIEWED_BY[by] if by else {}
    return _tally(_deaths(partnership), _in("review_completed_on", year), year, groups)


# The panels


def panels_of(partnership: Partnership, year: ReportingYear) -> list[Footprint]:
    """The panels that review the partnership's children's deaths, with the partnerships each
    serves: those its deaths notified in the year name (most deaths first), else the one its
    latest death names; none before its first death. Two queries."""
    in_year = Q(child_deaths__partnership=partnership) & _in("child_deaths__notified_on", year)
    panels = list[Footprint](
        Footprint.objects.filter(child_deaths__partnership=partnership)
        .annotate(
            notified=Count("child_deaths", filter=in_year),
            latest=Max("child_deaths__notified_on"),
        )
        .order_by("-notified", "-latest", "name")
        .prefetch_related(Prefetch("partnerships", Partnership.objects.order_by("name")))
    )
    named = [panel for panel in panels if getattr(panel, "notified", 0)]
    return named or panels[:1]


@dataclass(frozen=True)
class PanelRow:
    """One partnership's figures for a year in a panel's footprint."""

    partnership: Partnership
    notified: int
    under_one: int
    unexpected: int
    reviews_completed: int


def panel_figures(panel: Footprint, year: ReportingYear) -> list[PanelRow]:
    """For each partnership the panel serves (by name), the deaths of its children that the
    panel was notified of in the year, how many were under 1 and unexpected, and the panel's
    reviews of them completed in the year: one query."""
    mine = Q(child_deaths__panel=panel)
    notified = mine & _in("child_deaths__notified_on", year)
    rows = panel.partnerships.order_by("name").annotate(
        notified=Count("child_deaths", filter=notified),
        under_one=Count("child_deaths", filter=notified & Q(child_deaths__age_band__in=UNDER_ONE)),
        unexpected=Count(
            "child_deaths", filter=notified & Q(child_deaths__expectation=Expectation.UNEXPECTED)
        ),
        reviewed=Count(
            "child_deaths", filter=mine & _in("child_deaths__review_completed_on", year)
        ),
    )
    return [
        PanelRow(
            partnership=row,
            notified=getattr(row, "notified", 0),
            under_one=getattr(row, "under_one", 0),
            unexpected=getattr(row, "unexpected", 0),
            reviews_completed=getattr(row, "reviewed", 0),
        )
        for row in rows
    ]


def place(partnership: Partnership) -> str:
    """How the report names the partnership's area: its first local authority area ("Dorset"),
    else its name."""
    areas = [str(area) for area in partnership.local_authority_areas or [] if str(area).strip()]
    return areas[0] if areas else partnership.name
