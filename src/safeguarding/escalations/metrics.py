"""The professional differences figures and their dashboard panels (docs/metrics.md,
docs/escalations.md "Figures"). Each `compute` reads one aggregate of `escalations.figures`: one
query per year, however many differences, steps or responses there are.

The counts are disclosive (they count children's cases): published outputs hide small ones. A
count is None for a year that ends before the partnership's first escalation, so the entered
values of the years before the Hub show (the report's five-year table of step 3 differences); a
count from then on, 0 included. The percentages are None for a year without a step completed or a
survey response.
"""

from __future__ import annotations

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.escalations import figures
from safeguarding.learning.metrics import Answer
from safeguarding.metrics.dashboard import ChartKind, Panel, register_panel
from safeguarding.metrics.registry import Metric, Unit, register

RAISED_BY: dict[str, figures.RaisedBy] = {
    "step": "step",
    "agency": "agency",
    "sector": "sector",
    "theme": "theme",
    "issue_type": "issue_type",
}
STEP_3_BY: dict[str, figures.Step3By] = {"agency": "agency", "sector": "sector", "theme": "theme"}


def raised(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """Differences raised in the year, by the highest step reached, agency, sector, theme or
    issue type."""
    by = RAISED_BY.get(breakdown or "")
    return figures.raised(partnership=partnership, year=year, by=by)


def step_3(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """Differences raised in the year that reached step 3 or 4, by agency, sector or theme."""
    by = STEP_3_BY.get(breakdown or "")
    return figures.step_3(partnership=partnership, year=year, by=by)


def steps_on_time(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """The % of steps completed in the year on or before their due date, by step."""
    by_step = breakdown == "step"
    return figures.steps_on_time(partnership=partnership, year=year, by_step=by_step)


def survey_positive(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """The % of survey responses received in the year answering yes."""
    return figures.survey_positive(partnership=partnership, year=year)


register(
    Metric(
        code="escalations.raised",
        label="Professional differences raised",
        unit=Unit.COUNT,
        breakdowns=tuple(RAISED_BY),
        compute=raised,
        description="Differences raised in the year under the escalation protocol, by the "
        "highest step they reached, the raising agency or its sector, the theme or the issue.",
        disclosive=True,
    )
)
register(
    Metric(
        code="escalations.step_3",
        label="Number of RPDs",
        unit=Unit.COUNT,
        breakdowns=tuple(STEP_3_BY),
        compute=step_3,
        description="Differences raised in the year that reached step 3 (senior manager to "
        "senior manager) or step 4 (the partnership): the partnership's “Step 3 RPDs”.",
        disclosive=True,
    )
)
register(
    Metric(
        code="escalations.steps_on_time",
        label="Escalation steps completed on time (%)",
        unit=Unit.PERCENT,
        breakdowns=("step",),
        compute=steps_on_time,
        description="Steps completed in the year on or before their due date (the local "
        "protocol's timescale for the step), as a percentage of the steps completed.",
    )
)
register(
    Metric(
        code="escalations.survey_positive",
        label="Survey: positive outcome for the child (%)",
        unit=Unit.PERCENT,
        compute=survey_positive,
        description="Survey responses received in the year saying that using the protocol "
        "resulted in a positive outcome for the child, as a percentage of the responses.",
    )
)

for _panel in (
    Panel(
        code="escalations-step-3",
        metric="escalations.step_3",
        title="Professional differences that reached step 3 or 4",
        order=80,
    ),
    Panel(
        code="escalations-by-step",
        metric="escalations.raised",
        title="Professional differences raised, by the highest step reached",
        years=3,
        breakdown="step",
        order=81,
    ),
    Panel(
        code="escalations-by-sector",
        metric="escalations.raised",
        title="Professional differences raised, by the raising agency's sector",
        breakdown="sector",
        chart=ChartKind.BREAKDOWN,
        years=3,
        order=82,
    ),
    Panel(
        code="escalations-by-theme",
        metric="escalations.raised",
        title="Professional differences raised, by theme",
        breakdown="theme",
        chart=ChartKind.BREAKDOWN,
        years=3,
        order=83,
    ),
    Panel(
        code="escalation-steps-on-time",
        metric="escalations.steps_on_time",
        title="Escalation steps completed on time, by step (%)",
        breakdown="step",
        years=3,
        order=84,
    ),
):
    register_panel(_panel)
