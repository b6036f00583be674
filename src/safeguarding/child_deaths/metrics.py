"""The child death figures (docs/child_deaths.md, "Figures") and their dashboard panels.

Each metric is restricted to the CDOP role: a member holding it reads the true values; anyone
else sees them only as published, with disclosure control applied (a count of deaths by age band
or category can identify a child). Each `compute` reads through `child_deaths.figures`, one
aggregate query a year; a year that ends before the partnership's first notification gives None,
so entered values fill the years before the Hub (the yearly report's trend of deaths).
"""

from __future__ import annotations

from safeguarding.accounts.roles import Role
from safeguarding.child_deaths import figures
from safeguarding.child_deaths.figures import NOTIFIED_BY
from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.learning.metrics import Answer
from safeguarding.metrics.dashboard import ChartKind, Panel, register_panel
from safeguarding.metrics.registry import Metric, Unit, register

CDOP = frozenset({Role.CDOP})

NOTIFICATIONS = "child_deaths.notifications"
REVIEWS_COMPLETED = "child_deaths.reviews_completed"
CATEGORIES = "child_deaths.categories"
MODIFIABLE_FACTORS = "child_deaths.modifiable_factors"


def _answer(counts: figures.Counts | None) -> Answer:
    return None if counts is None else dict(counts)


def notifications(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """Deaths of the partnership's children notified in the year, by age band, under 1,
    expected or not, or joint agency response."""
    found = figures.deaths_notified(partnership=partnership, year=year, by=breakdown or None)
    return _answer(found)


def reviews_completed(
    partnership: Partnership, year: ReportingYear, breakdown: str | None
) -> Answer:
    """Panel reviews completed in the year."""
    return _answer(figures.reviews_completed(partnership=partnership, year=year))


def categories(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """Panel reviews completed in the year, by the category of death."""
    by = "category" if breakdown else None
    return _answer(figures.reviews_completed(partnership=partnership, year=year, by=by))


def modifiable_factors(
    partnership: Partnership, year: ReportingYear, breakdown: str | None
) -> Answer:
    """Panel reviews completed in the year, by whether modifiable factors were identified."""
    by = "modifiable_factors" if breakdown else None
    return _answer(figures.reviews_completed(partnership=partnership, year=year, by=by))


register(
    Metric(
        code=NOTIFICATIONS,
        label="Child deaths notified",
        unit=Unit.COUNT,
        breakdowns=tuple(NOTIFIED_BY),
        compute=notifications,
        description="Deaths of children living in the partnership's area notified to the Child "
        "Death Overview Panel in the year, by age band, under 1 or 1 to 17, expected or "
        "unexpected, and joint agency response.",
        disclosive=True,
        restricted_to=CDOP,
    )
)
register(
    Metric(
        code=REVIEWS_COMPLETED,
        label="CDOP reviews completed",
        unit=Unit.COUNT,
        compute=reviews_completed,
        description="Reviews of the deaths of the partnership's children that the Child Death "
        "Overview Panel completed in the year (a count of reviews, published as it is).",
        restricted_to=CDOP,
    )
)
register(
    Metric(
        code=CATEGORIES,
        label="CDOP reviews completed by category of death",
        unit=Unit.COUNT,
        breakdowns=("category",),
        compute=categories,
        description="Panel reviews completed in the year, by the category of death the panel "
        "chose (the ten categories of the child death analysis form).",
        disclosive=True,
        restricted_to=CDOP,
    )
)
register(
    Metric(
        code=MODIFIABLE_FACTORS,
        label="CDOP reviews completed by modifiable factors",
        unit=Unit.COUNT,
        breakdowns=("modifiable_factors",),
        compute=modifiable_factors,
        description="Panel reviews completed in the year, by whether the panel identified "
        "modifiable factors (yes, no, insufficient information).",
        disclosive=True,
        restricted_to=CDOP,
    )
)

#: The CDOP's dashboard panels, in order (the register's figures page shows them too).
PANELS = (
    Panel(
        code="child-deaths-by-age-band",
        metric=NOTIFICATIONS,
        title="Child deaths notified by age band",
        breakdown="age_band",
        order=86,
    ),
    Panel(
        code="child-deaths-by-expectation",
        metric=NOTIFICATIONS,
        title="Child deaths notified, expected and unexpected",
        years=3,
        breakdown="expectation",
        order=87,
    ),
    Panel(
        code="child-death-reviews-by-category",
        metric=CATEGORIES,
        title="CDOP reviews completed by category of death",
        breakdown="category",
        chart=ChartKind.BREAKDOWN,
        order=88,
    ),
    Panel(
        code="child-death-reviews-modifiable-factors",
        metric=MODIFIABLE_FACTORS,
        title="CDOP reviews completed: modifiable factors identified",
        years=3,
        breakdown="modifiable_factors",
        chart=ChartKind.BREAKDOWN,
        order=89,
    ),
)
for _panel in PANELS:
    register_panel(_panel)
