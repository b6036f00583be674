"""The LADO register's figures on the dashboard and in the yearly report (docs/allegations.md,
"Figures"; docs/metrics.md). Each `compute` reads through `allegations.figures`: one query per
year, in the database.

Every metric is restricted to the LADO role (`restricted_to`): a LADO reads the true values;
every other member of the partnership reads them only as published, with disclosure control
applied, on the dashboard, in its downloads and in the API. The counts are disclosive (they
count cases about people who work with children).

A year that ends before the partnership's first allegation gives None, so entered values fill
the years before the Hub (the demo enters 747 notifications for 2022-23); from then on a count,
0 included. Breakdown values are labels: "Referral", "Met", "Education", "Physical",
"Substantiated", "Within 1 month".
"""

from __future__ import annotations

from typing import cast

from safeguarding.accounts.roles import Role
from safeguarding.allegations import figures
from safeguarding.allegations.figures import TOTAL, NotificationsBy
from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.metrics.dashboard import ChartKind, Panel, register_panel
from safeguarding.metrics.registry import Metric, Unit, Value, register

Answer = dict[str, Value] | None
LADO = frozenset({Role.LADO})
NOTIFICATION_BREAKDOWNS = ("contact_type", "criteria", "sector", "category")


def notifications(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """Notifications received in the year, by contact type, criteria, sector or category."""
    by = cast(NotificationsBy, breakdown) if breakdown in NOTIFICATION_BREAKDOWNS else None
    found = figures.notifications(partnership=partnership, year=year, by=by)
    return dict(found) if found is not None else None


def outcomes(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """Allegations concluded in the year, by outcome."""
    found = figures.outcomes(partnership=partnership, year=year, by_outcome=breakdown == "outcome")
    return dict(found) if found is not None else None


def informed_on_time(
    partnership: Partnership, year: ReportingYear, breakdown: str | None
) -> Answer:
    """The percentage of the year's notifications with an informed date where the LADO was
    informed within the timescale."""
    share = figures.informed_on_time(partnership=partnership, year=year)
    return None if share is None else {TOTAL: share}


def duration(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """Allegations concluded in the year by the time they took, from received to concluded."""
    found = figures.duration(partnership=partnership, year=year, by_period=breakdown == "period")
    return dict(found) if found is not None else None


NOTIFICATIONS = register(
    Metric(
        code="allegations.notifications",
        label="Notifications of allegations",
        unit=Unit.COUNT,
        breakdowns=NOTIFICATION_BREAKDOWNS,
        compute=notifications,
        description="Allegations and concerns about people who work or volunteer with children "
        "received by the LADO service in the year (referrals and requests for advice), by "
        "contact type, whether the harm test's criteria are met, employer sector or category.",
        disclosive=True,
        restricted_to=LADO,
    )
)
OUTCOMES = register(
    Metric(
        code="allegations.outcomes",
        label="Allegations concluded",
        unit=Unit.COUNT,
        breakdowns=("outcome",),
        compute=outcomes,
        description="Allegations concluded in the year, by outcome (Keeping Children Safe in "
        "Education, Part 4, or closed because the criteria were not met).",
        disclosive=True,
        restricted_to=LADO,
    )
)
INFORMED_ON_TIME = register(
    Metric(
        code="allegations.informed_on_time",
        label="LADO informed within the timescale (%)",
        unit=Unit.PERCENT,
        compute=informed_on_time,
        description="Of the notifications received in the year with the date the LADO was "
        "informed, the share informed within the partnership's timescale (1 working day).",
        restricted_to=LADO,
    )
)
DURATION = register(
    Metric(
        code="allegations.duration",
        label="Allegations concluded, by time taken",
        unit=Unit.COUNT,
        breakdowns=("period",),
        compute=duration,
        description="Allegations concluded in the year by the time from received to concluded: "
        "within 1 month, 1 to 3 months, 3 to 12 months, over 12 months.",
        disclosive=True,
        restricted_to=LADO,
    )
)

for _panel in (
    Panel(
        code="allegations-notifications",
        metric=NOTIFICATIONS.code,
        title="Notifications of allegations to the LADO, by contact type",
        breakdown="contact_type",
        order=90,
    ),
    Panel(
        code="allegations-criteria",
        metric=NOTIFICATIONS.code,
        title="Notifications of allegations, by whether the LADO criteria were met",
        years=3,
        breakdown="criteria",
        chart=ChartKind.BREAKDOWN,
        order=91,
    ),
    Panel(
        code="allegations-sector",
        metric=NOTIFICATIONS.code,
        title="Notifications of allegations, by employer sector",
        years=3,
        breakdown="sector",
        chart=ChartKind.BREAKDOWN,
        order=92,
    ),
    Panel(
        code="allegations-outcomes",
        metric=OUTCOMES.code,
        title="Allegations concluded, by outcome",
        years=3,
        breakdown="outcome",
        chart=ChartKind.BREAKDOWN,
        order=93,
    ),
    Panel(
        code="allegations-informed-on-time",
        metric=INFORMED_ON_TIME.code,
        title="LADO informed within the timescale (%)",
        order=94,
    ),
    Panel(
        code="allegations-duration",
        metric=DURATION.code,
        title="Allegations concluded, by time taken",
        years=3,
        breakdown="period",
        chart=ChartKind.BREAKDOWN,
        order=95,
    ),
):
    register_panel(_panel)
