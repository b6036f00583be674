"""The training figures on the dashboard and in the yearly report: numbers trained, learning gain,
matched pairs, webinar reach, commissioned attendees, non-attendance and compliance
(docs/metrics.md, docs/training.md "Figures"). Each `compute` reads through
`training.figures` or `training.gain`, which aggregate in the database.

A count is None for a year that ends before the partnership's first record of its kind (a
session or commission for the numbers trained, a webinar week for the reach, ...), so entered
values fill the years before the partnership used the Hub (the demo enters 2021-22 and 2022-23
numbers trained by course title); from then on a year without any gives 0. Learning gain is None
for a year without a matched pair, and compliance for a year not yet begun, before the first
training, or with nobody required. Course breakdowns are keyed by the course's title, agencies
by name, levels and sectors by their labels, webinar weeks by title.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.learning.metrics import Answer, as_of
from safeguarding.metrics.dashboard import ChartKind, Panel, register_panel
from safeguarding.metrics.registry import Metric, Unit, Value, register
from safeguarding.training import figures
from safeguarding.training.figures import TOTAL, TrainedBy
from safeguarding.training.gain import Gain, GainGroup, learning_gain


def _begun(first: dt.date | None, year: ReportingYear) -> bool:
    """The partnership's records of this kind begin on or before the year's last day."""
    return first is not None and first <= year.end


def _with_total(parts: dict[str, int]) -> dict[str, Value]:
    answer: dict[str, Value] = {key: n for key, n in parts.items() if n}
    answer[TOTAL] = sum(parts.values())
    return answer


# Numbers trained


def trained(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """Attended bookings plus commissioned attendees in the year, by course, level, agency or
    sector."""
    if not _begun(figures.first_training_on(partnership), year):
        return None
    by = TRAINED_BY.get(breakdown or "")
    if by is None:
        return dict(figures.trained(partnership=partnership, year=year))
    return _with_total(figures.trained(partnership=partnership, year=year, by=by))


def commissioned_attendees(
    partnership: Partnership, year: ReportingYear, breakdown: str | None
) -> Answer:
    """Attendees of commissioned training delivered in the year, by course or agency."""
    if not _begun(figures.first_commission_on(partnership), year):
        return None
    if breakdown == "course":
        parts = figures.commissioned_attendees(partnership=partnership, year=year, by="course")
    elif breakdown == "agency":
        parts = figures.commissioned_attendees(partnership=partnership, year=year, by="agency")
    else:
        return dict(figures.commissioned_attendees(partnership=partnership, year=year))
    return _with_total(parts)


def webinar_reach(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """Webinar attendees and recording views of the weeks that start in the year, by week."""
    if not _begun(figures.first_webinar_week_on(partnership), year):
        return None
    if breakdown == "week":
        return _with_total(figures.webinar_reach(partnership=partnership, year=year, by_week=True))
    return dict(figures.webinar_reach(partnership=partnership, year=year))


def did_not_attend(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """Bookings marked "did not attend" on sessions in the year, by the booking's agency (late
    cancellations are counted apart, in `figures.non_attendance`)."""
    if not _begun(figures.first_session_on(partnership), year):
        return None
    counts = figures.non_attendance(partnership=partnership, year=year)
    parts = {agency: found.did_not_attend for agency, found in counts.items()}
    if breakdown == "agency":
        return _with_total(parts)
    return {TOTAL: sum(parts.values())}


# Learning gain


def _gain_metric(
    value: Callable[[Gain], Value | None],
) -> Callable[[Partnership, ReportingYear, str | None], Answer]:
    """A compute over the year's learning gain (by course title or agency name, and in total):
    `value` picks the figure; None for a year without a matched pair. One query per year."""

    def compute(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
        by: tuple[GainGroup, ...] = ()
        if breakdown == "course":
            by = ("course",)
        elif breakdown == "agency":
            by = ("agency",)
        table = learning_gain(partnership=partnership, year=year, by=by)
        if table.total is None:
            return None
        answer: dict[str, Value] = {}
        for (key, *_), gain in table.groups.items():
            if gain is not None and (found := value(gain)) is not None:
                answer[key] = found
        total = value(table.total)
        if total is not None:
            answer[TOTAL] = total
        return answer or None

    return compute


def matched_pairs(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """Matched pairs of ratings (before and after) on sessions in the year, by course or
    agency; 0 for a year without any once the partnership's sessions have begun."""
    if not _begun(figures.first_session_on(partnership), year):
        return None
    return _gain_metric(lambda gain: gain.n)(partnership, year, breakdown) or {TOTAL: 0}


# Compliance


def compliance(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """The share of required delegate-course pairs in date (or expiring, still valid) on the
    year's last day, or today while it runs, by agency and overall; None for a year that ends
    before the partnership's first training (nobody could have been in date yet)."""
    day = as_of(year)
    if day is None or not _begun(figures.first_training_on(partnership), year):
        return None
    counts = figures.compliance(partnership=partnership, on=day)
    overall = figures.AgencyCompliance(
        agency=TOTAL,
        in_date=sum(c.in_date for c in counts.values()),
        expiring=sum(c.expiring for c in counts.values()),
        expired=sum(c.expired for c in counts.values()),
        never_trained=sum(c.never_trained for c in counts.values()),
    )
    if overall.share_in_date is None:
        return None
    answer: dict[str, Value] = {}
    if breakdown == "agency":
        answer = {a: c.share_in_date for a, c in counts.items() if c.share_in_date is not None}
    answer[TOTAL] = overall.share_in_date
    return answer


TRAINED_BY: dict[str, TrainedBy] = {
    "course": "course",
    "level": "level",
    "agency": "agency",
    "sector": "sector",
}

register(
    Metric(
        code="training.trained",
        label="Practitioners trained",
        unit=Unit.COUNT,
        breakdowns=tuple(TRAINED_BY),
        compute=trained,
        description="Places attended on sessions in the year plus attendees of commissioned "
        "training delivered in the year, by course, level, agency or sector.",
        disclosive=True,
    )
)
register(
    Metric(
        code="training.learning_gain",
        label="Learning gain (%)",
        unit=Unit.PERCENT,
        breakdowns=("course", "agency"),
        compute=_gain_metric(lambda gain: gain.headline),
        description="Mean post-course minus mean pre-course self-rating as a percentage of the "
        "scale's range, over matched pairs on sessions in the year (across courses, each pair "
        "as a fraction of its own course's range).",
    )
)
register(
    Metric(
        code="training.normalised_gain",
        label="Normalised learning gain",
        unit=Unit.NUMBER,
        breakdowns=("course", "agency"),
        compute=_gain_metric(lambda gain: gain.normalised),
        description="The mean over matched pairs of (post − pre) ÷ (scale max − pre), leaving "
        "out pairs already at the top of the scale.",
    )
)
register(
    Metric(
        code="training.matched_pairs",
        label="Matched pairs of ratings",
        unit=Unit.COUNT,
        breakdowns=("course", "agency"),
        compute=matched_pairs,
        description="Self-ratings given both before and after the course on sessions in the year.",
    )
)
register(
    Metric(
        code="training.webinar_reach",
        label="Webinar reach",
        unit=Unit.COUNT,
        breakdowns=("week",),
        compute=webinar_reach,
        description="Live attendees plus recording views of webinar weeks starting in the year.",
    )
)
register(
    Metric(
        code="training.commissioned_attendees",
        label="Commissioned training attendees",
        unit=Unit.COUNT,
        breakdowns=("course", "agency"),
        compute=commissioned_attendees,
        description="Attendees of training commissioned from providers, delivered in the year.",
        disclosive=True,
    )
)
register(
    Metric(
        code="training.did_not_attend",
        label="Did not attend",
        unit=Unit.COUNT,
        breakdowns=("agency",),
        compute=did_not_attend,
        description="Booked places marked “did not attend” on sessions in the year, by agency.",
        disclosive=True,
    )
)
register(
    Metric(
        code="training.compliance",
        label="Required training in date (%)",
        unit=Unit.PERCENT,
        breakdowns=("agency",),
        compute=compliance,
        description="The share of the training each agency's roles must have that is in date at "
        "the end of the year (today, this year).",
    )
)

for _panel in (
    Panel(
        code="trained-by-course",
        metric="training.trained",
        title="Practitioners trained by course",
        years=3,
        breakdown="course",
        order=70,
    ),
    Panel(
        code="learning-gain-by-course",
        metric="training.learning_gain",
        title="Learning gain by course (% of the rating scale)",
        years=3,
        breakdown="course",
        order=71,
    ),
    Panel(
        code="trained-by-sector",
        metric="training.trained",
        title="Practitioners trained by sector",
        breakdown="sector",
        chart=ChartKind.BREAKDOWN,
        order=72,
    ),
    Panel(
        code="did-not-attend-by-agency",
        metric="training.did_not_attend",
        title="Did not attend, by agency",
        breakdown="agency",
        chart=ChartKind.BREAKDOWN,
        order=73,
    ),
    Panel(
        code="training-compliance-by-agency",
        metric="training.compliance",
        title="Required training in date by agency (%)",
        years=3,
        breakdown="agency",
        chart=ChartKind.BREAKDOWN,
        order=74,
    ),
):
    register_panel(_panel)
