"""The training timescales (partnership settings, core/timescales.py) as dates for one session:
the last day to cancel without a late cancellation, and the day the follow-up survey opens. Also
a reporting year as moments in UK time, for the figures and pages that pick sessions by year."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from safeguarding.core.calendar import add_months, add_working_days
from safeguarding.core.models import TimescaleUnit
from safeguarding.core.selectors import timescale_for
from safeguarding.core.years import ReportingYear
from safeguarding.training.models import Session

CANCELLATION_CUTOFF = "training_cancellation_cutoff"
FOLLOW_UP = "training_follow_up"


def _before(start: dt.date, amount: int, unit: str) -> dt.date:
    if unit == TimescaleUnit.WORKING_DAYS:
        return add_working_days(start, -amount)
    if unit == TimescaleUnit.MONTHS:
        return add_months(start, -amount)
    return start - dt.timedelta(days=amount)


def cancellation_cutoff(session: Session) -> dt.date:
    """The last day a place can be cancelled without it counting as a late cancellation (by
    default 3 working days before the session's start date)."""
    timescale = timescale_for(session.course.partnership, CANCELLATION_CUTOFF)
    start = timezone.localdate(session.starts_at)
    return _before(start, timescale.amount, timescale.unit)


def follow_up_due(session: Session) -> dt.date:
    """The day the follow-up impact survey opens (by default 3 months after the session)."""
    timescale = timescale_for(session.course.partnership, FOLLOW_UP)
    return timescale.due_from(timezone.localdate(session.starts_at))


def year_moments(year: ReportingYear) -> tuple[dt.datetime, dt.datetime]:
    """The year's first moment and the first moment after it, in UK time."""
    start = dt.datetime.combine(year.start, dt.time.min)
    after = dt.datetime.combine(year.end + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(start), timezone.make_aware(after)


def sessions_in(year: ReportingYear, prefix: str = "") -> Q:
    """Sessions (reached through `prefix`, like "booking__session__") starting in the year."""
    start, after = year_moments(year)
    return Q(**{f"{prefix}starts_at__gte": start, f"{prefix}starts_at__lt": after})
