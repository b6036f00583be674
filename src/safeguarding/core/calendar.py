"""The statutory calendar: working days in England and Wales, and the state of a clock.

A working day is Monday to Friday and not an England and Wales bank holiday (the `holidays`
library with subdiv="ENG": without it Easter Monday is missing). "Within N working days of X"
means X is day 0 and the due date is the N-th working day after X.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils import timezone


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: dt.date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` (start is day 0); negative counts back."""
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    current = start
    while remaining:
        current += dt.timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days `add_working_days` steps from `start` to reach `end`.

    Forwards it counts the working days after `start` up to and including `end`; backwards it
    counts those from `end` up to but not including `start`, negated, so that
    `working_days_between(start, add_working_days(start, n)) == n` for every start and n.
    """
    if end < start:
        return -_working_days_in(end, start - dt.timedelta(days=1))
    return _working_days_in(start + dt.timedelta(days=1), end)


def _working_days_in(first: dt.date, last: dt.date) -> int:
    """Working days from `first` to `last`, both included: the weekdays, less the bank holidays
    that fall on one. Worked out by arithmetic, so a clock years overdue costs no more than one
    due tomorrow."""
    if last < first:
        return 0
    holidays_on_weekdays = sum(
        1
        for year in range(first.year, last.year + 1)
        for day in _bank_holidays(year)
        if first <= day <= last and day.weekday() < 5
    )
    return _weekdays_in(first, last) - holidays_on_weekdays


def _weekdays_in(first: dt.date, last: dt.date) -> int:
    weeks, extra = divmod((last - first).days + 1, 7)
    return weeks * 5 + sum(1 for offset in range(extra) if (first.weekday() + offset) % 7 < 5)


def add_months(start: dt.date, months: int) -> dt.date:
    return start + relativedelta(months=months)


class ClockState(models.TextChoices):
    NOT_DUE = "not_due", "Not due"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    MET = "met", "Met"
    MET_LATE = "met_late", "Met late"


@dataclass(frozen=True)
class Clock:
    """A statutory clock: when it started, when it is due, and where it stands."""

    started: dt.date
    due: dt.date
    completed: dt.date | None
    state: ClockState
    working_days_late: int

    @property
    def is_open(self) -> bool:
        return self.completed is None


def clock_state(
    *, due: dt.date, completed: dt.date | None, today: dt.date, due_soon_working_days: int
) -> ClockState:
    if completed is not None:
        return ClockState.MET if completed <= due else ClockState.MET_LATE
    if today > due:
        return ClockState.OVERDUE
    if working_days_between(today, due) <= due_soon_working_days:
        return ClockState.DUE_SOON
    return ClockState.NOT_DUE


def make_clock(
    *,
    started: dt.date,
    due: dt.date,
    completed: dt.date | None = None,
    today: dt.date | None = None,
    due_soon_working_days: int = 2,
) -> Clock:
    today = today or timezone.localdate()
    state = clock_state(
        due=due, completed=completed, today=today, due_soon_working_days=due_soon_working_days
    )
    end = completed or today
    late = max(0, working_days_between(due, end)) if end > due else 0
    return Clock(started=started, due=due, completed=completed, state=state, working_days_late=late)
