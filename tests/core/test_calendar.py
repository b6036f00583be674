"""The statutory calendar: England and Wales working days, and the state of each clock."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguarding.core.calendar import (
    ClockState,
    add_working_days,
    is_bank_holiday,
    is_working_day,
    make_clock,
    working_days_between,
)

D = dt.date
START_DATES = st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31))
COUNTS = st.integers(min_value=0, max_value=60)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        pytest.param(D(2024, 3, 28), 5, D(2024, 4, 8), id="easter-2024-notification"),
        pytest.param(D(2024, 4, 8), 15, D(2024, 4, 29), id="rapid-review-after-easter"),
        pytest.param(D(2024, 12, 20), 5, D(2024, 12, 31), id="christmas-2024"),
        pytest.param(D(2022, 5, 31), 5, D(2022, 6, 9), id="platinum-jubilee-2022"),
        pytest.param(D(2023, 5, 5), 1, D(2023, 5, 9), id="coronation-2023-lado"),
        pytest.param(D(2025, 12, 24), 15, D(2026, 1, 19), id="christmas-and-new-year-2025"),
    ],
)
def test_due_dates_match_the_worked_examples(start, days, due):
    assert add_working_days(start, days) == due


def test_bank_holidays_in_2024_are_those_of_england_and_wales():
    year = [D(2024, 1, 1) + dt.timedelta(days=n) for n in range(366)]
    assert [day for day in year if is_bank_holiday(day)] == [
        D(2024, 1, 1),
        D(2024, 3, 29),
        D(2024, 4, 1),
        D(2024, 5, 6),
        D(2024, 5, 27),
        D(2024, 8, 26),
        D(2024, 12, 25),
        D(2024, 12, 26),
    ]


def test_easter_monday_2024_is_not_a_working_day():
    assert not is_working_day(D(2024, 4, 1))


def test_substitute_bank_holiday_is_not_a_working_day():
    assert not is_working_day(D(2026, 12, 28))


def test_ordinary_weekday_is_a_working_day():
    assert is_working_day(D(2024, 4, 2))


def test_zero_working_days_is_the_start_day_itself():
    assert add_working_days(D(2024, 3, 30), 0) == D(2024, 3, 30)


def test_counting_back_skips_easter():
    assert add_working_days(D(2024, 4, 2), -1) == D(2024, 3, 28)


@settings(deadline=None, max_examples=300)
@given(start=START_DATES, days=COUNTS.filter(lambda n: n > 0))
def test_adding_working_days_never_lands_on_a_weekend_or_bank_holiday(start, days):
    due = add_working_days(start, days)
    assert due.weekday() < 5
    assert not is_bank_holiday(due)


@settings(deadline=None, max_examples=300)
@given(start=START_DATES, days=COUNTS)
def test_working_days_between_counts_the_days_added(start, days):
    assert working_days_between(start, add_working_days(start, days)) == days


@settings(deadline=None, max_examples=300)
@given(start=START_DATES, days=COUNTS.filter(lambda n: n > 0))
def test_counting_back_never_lands_on_a_weekend_or_bank_holiday(start, days):
    earlier = add_working_days(start, -days)
    assert earlier.weekday() < 5
    assert not is_bank_holiday(earlier)


@settings(deadline=None, max_examples=300)
@given(start=START_DATES, days=COUNTS)
def test_working_days_between_counts_the_days_taken_back(start, days):
    assert working_days_between(start, add_working_days(start, -days)) == -days


@settings(deadline=None, max_examples=300)
@given(start=START_DATES, end=START_DATES)
def test_working_days_between_far_apart_dates_matches_counting_each_day(start, end):
    first, last = min(start, end), max(start, end)

    def counted(offsets: range) -> int:
        return sum(1 for offset in offsets if is_working_day(first + dt.timedelta(offset)))

    span = (last - first).days
    assert working_days_between(first, last) == counted(range(1, span + 1))  # after first
    assert working_days_between(last, first) == -counted(range(0, span))  # before last


# Clocks. A rapid review notified on Mon 8 Apr 2024 is due 15 working days later, Mon 29 Apr.
NOTIFIED = D(2024, 4, 8)
REVIEW_DUE = D(2024, 4, 29)


def review_clock(**kwargs):
    return make_clock(started=NOTIFIED, due=REVIEW_DUE, due_soon_working_days=3, **kwargs)


def test_clock_is_not_due_while_more_working_days_remain_than_the_warning():
    clock = review_clock(today=D(2024, 4, 23))
    assert clock.state == ClockState.NOT_DUE
    assert clock.is_open
    assert clock.working_days_late == 0


def test_clock_is_due_soon_within_the_warning_working_days():
    assert review_clock(today=D(2024, 4, 24)).state == ClockState.DUE_SOON


def test_clock_is_due_soon_on_the_due_date():
    assert review_clock(today=REVIEW_DUE).state == ClockState.DUE_SOON


def test_clock_is_overdue_the_working_day_after_the_due_date():
    clock = review_clock(today=D(2024, 4, 30))
    assert clock.state == ClockState.OVERDUE
    assert clock.working_days_late == 1


def test_clock_met_on_the_due_date_is_met():
    clock = review_clock(completed=REVIEW_DUE, today=D(2024, 6, 1))
    assert clock.state == ClockState.MET
    assert not clock.is_open
    assert clock.working_days_late == 0


def test_clock_met_early_is_met():
    assert review_clock(completed=D(2024, 4, 15), today=D(2024, 6, 1)).state == ClockState.MET


def test_clock_met_after_the_due_date_is_met_late_by_working_days():
    clock = review_clock(completed=D(2024, 5, 2), today=D(2024, 6, 1))
    assert clock.state == ClockState.MET_LATE
    assert clock.working_days_late == 3


def test_bank_holidays_do_not_count_towards_due_soon():
    # Due Tue 2 Apr 2024; on Thu 28 Mar only one working day (2 Apr) remains.
    clock = make_clock(
        started=D(2024, 3, 26), due=D(2024, 4, 2), today=D(2024, 3, 28), due_soon_working_days=1
    )
    assert clock.state == ClockState.DUE_SOON


def test_lateness_across_easter_2024_counts_only_working_days():
    # Good Friday 29 Mar, the weekend and Easter Monday 1 Apr are skipped: 2 Apr is day 1.
    clock = make_clock(started=D(2024, 3, 21), due=D(2024, 3, 28), completed=D(2024, 4, 2))
    assert clock.state == ClockState.MET_LATE
    assert clock.working_days_late == 1


def test_lateness_across_christmas_2024_counts_only_working_days():
    # After Fri 20 Dec: 23, 24, 27, 30, 31 Dec and 2 Jan (25, 26 Dec and 1 Jan are holidays).
    clock = make_clock(started=D(2024, 12, 13), due=D(2024, 12, 20), completed=D(2025, 1, 2))
    assert clock.working_days_late == 6


@time_machine.travel(dt.datetime(2024, 4, 2, 10, 0, tzinfo=dt.UTC), tick=False)
def test_open_clock_counts_lateness_to_today_across_easter():
    clock = make_clock(started=D(2024, 3, 21), due=D(2024, 3, 28))
    assert clock.state == ClockState.OVERDUE
    assert clock.working_days_late == 1


@time_machine.travel(dt.datetime(2024, 4, 4, 23, 30, tzinfo=dt.UTC), tick=False)
def test_today_is_the_london_date_not_the_utc_date():
    # 23:30 UTC on Thu 4 Apr 2024 is 00:30 on Fri 5 Apr in London (BST): a clock due on 4 Apr
    # is overdue there.
    clock = make_clock(started=D(2024, 3, 27), due=D(2024, 4, 4))
    assert clock.state == ClockState.OVERDUE
