"""The statutory clocks of reviews, with frozen time across Easter 2024 and Christmas.

Worked examples from domain.md §11: "within N working days of X" makes X day 0, and weekends and
England and Wales bank holidays are skipped.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import Scope
from safeguarding.core import services as core_services
from safeguarding.core.calendar import ClockState
from safeguarding.reviews import selectors, services
from safeguarding.reviews.clocks import notification_clock, rapid_review_clock, summary_clock
from tests.reviews.factories import (
    ask_summary,
    complete,
    make_notification,
    make_practice_review,
    make_rapid_review,
)


def at(day: dt.date):
    """Freeze time at noon on `day`."""
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC), tick=False
    )


def notification_state(notification, today):
    due_soon = selectors.due_soon_for(notification.partnership)
    return notification_clock(notification, due_soon, today)


@pytest.mark.parametrize(
    ("aware_on", "due_on"),
    [
        (dt.date(2024, 3, 28), dt.date(2024, 4, 8)),  # Good Friday and Easter Monday skipped
        (dt.date(2024, 12, 20), dt.date(2024, 12, 31)),  # 25 and 26 December skipped
        (dt.date(2022, 5, 31), dt.date(2022, 6, 9)),  # Spring bank holiday and Platinum Jubilee
    ],
)
def test_a_notification_is_due_five_working_days_after_the_la_became_aware(
    partnership, aware_on, due_on
):
    assert make_notification(partnership, aware_on=aware_on).due_on == due_on


@pytest.mark.parametrize(
    ("notified_on", "due_on"),
    [
        (dt.date(2024, 4, 8), dt.date(2024, 4, 29)),
        (dt.date(2025, 12, 24), dt.date(2026, 1, 19)),  # 25-26 December and 1 January skipped
    ],
)
def test_a_rapid_review_is_due_fifteen_working_days_after_notification(
    partnership, notified_on, due_on
):
    review = make_rapid_review(partnership, notified_on=notified_on)
    assert review.due_on == due_on
    assert review.source.started_on == notified_on


def test_a_practice_review_is_due_six_months_after_the_decision(partnership):
    assert make_practice_review(partnership, decided_on=dt.date(2024, 3, 28)).due_on == dt.date(
        2024, 9, 28
    )


def test_the_partnerships_own_timescale_sets_the_due_date_and_a_later_change_does_not_move_it(
    partnership,
):
    core_services.timescale_set(
        actor=None,
        partnership=partnership,
        code="rapid_review",
        amount=10,
        unit="working_days",
        due_soon_working_days=2,
    )
    review = make_rapid_review(partnership)
    assert review.due_on == dt.date(2024, 4, 22)
    core_services.timescale_set(
        actor=None,
        partnership=partnership,
        code="rapid_review",
        amount=15,
        unit="working_days",
        due_soon_working_days=3,
    )
    review.refresh_from_db()
    assert review.due_on == dt.date(2024, 4, 22)


@pytest.mark.parametrize(
    ("today", "state", "late"),
    [
        (dt.date(2024, 4, 2), ClockState.NOT_DUE, 0),  # 4 working days to go
        (dt.date(2024, 4, 4), ClockState.DUE_SOON, 0),  # Friday 5 and Monday 8 to go
        (dt.date(2024, 4, 8), ClockState.DUE_SOON, 0),  # the due day itself
        (dt.date(2024, 4, 9), ClockState.OVERDUE, 1),
        (dt.date(2024, 5, 7), ClockState.OVERDUE, 20),  # Early May bank holiday not counted
    ],
)
def test_an_unsent_notification_across_easter(partnership, today, state, late):
    notification = make_notification(partnership, aware_on=dt.date(2024, 3, 28))
    clock = notification_state(notification, today)
    assert (clock.due, clock.state, clock.working_days_late) == (dt.date(2024, 4, 8), state, late)


@pytest.mark.parametrize(
    ("notified_on", "state", "late"),
    [
        (dt.date(2024, 4, 5), ClockState.MET, 0),
        (dt.date(2024, 4, 8), ClockState.MET, 0),
        (dt.date(2024, 4, 10), ClockState.MET_LATE, 2),
    ],
)
def test_a_sent_notification_is_met_or_met_late(partnership, notified_on, state, late):
    notification = make_notification(partnership, aware_on=dt.date(2024, 3, 28))
    services.notification_record_sent(
        actor=None, notification=notification, notified_on=notified_on
    )
    clock = notification_state(notification, dt.date(2024, 6, 1))
    assert (clock.state, clock.working_days_late) == (state, late)


def test_an_unsent_notification_over_christmas_is_late_by_working_days_only(partnership):
    notification = make_notification(partnership, aware_on=dt.date(2024, 12, 20))
    clock = notification_state(notification, dt.date(2025, 1, 3))
    # Due Tuesday 31 December; 1 January is a bank holiday: late on 2 and 3 January.
    assert (clock.due, clock.state, clock.working_days_late) == (
        dt.date(2024, 12, 31),
        ClockState.OVERDUE,
        2,
    )


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (dt.date(2024, 4, 23), ClockState.NOT_DUE),  # 4 working days to go
        (dt.date(2024, 4, 24), ClockState.DUE_SOON),  # 3 to go: the rapid review's window
        (dt.date(2024, 4, 30), ClockState.OVERDUE),
    ],
)
def test_an_open_rapid_review(partnership, today, state):
    review = make_rapid_review(partnership)
    due_soon = selectors.due_soon_for(partnership)
    assert (
        rapid_review_clock(review, review.notification.notified_on, due_soon, today).state == state
    )


def test_a_rapid_review_completed_after_the_may_bank_holiday_is_five_working_days_late(
    partnership,
):
    review = make_rapid_review(partnership)
    complete(review, dt.date(2024, 5, 7))  # 30 April, 1-3 May, 7 May; Monday 6 May skipped
    due_soon = selectors.due_soon_for(partnership)
    clock = rapid_review_clock(
        review, review.notification.notified_on, due_soon, dt.date(2024, 6, 1)
    )
    assert (clock.state, clock.working_days_late) == (ClockState.MET_LATE, 5)


def test_an_agency_summary_runs_to_its_own_due_date(partnership, agency):
    review = make_rapid_review(partnership)
    summary = ask_summary(
        review, agency, requested_on=dt.date(2024, 4, 9), due_on=dt.date(2024, 4, 19)
    )
    due_soon = selectors.due_soon_for(partnership)
    assert summary_clock(summary, due_soon, dt.date(2024, 4, 16)).state == ClockState.DUE_SOON
    assert summary_clock(summary, due_soon, dt.date(2024, 4, 23)).working_days_late == 2
    services.summary_return(
        actor=None, summary=summary, text="Known to the service.", returned_on=dt.date(2024, 4, 19)
    )
    assert summary_clock(summary, due_soon, dt.date(2024, 6, 1)).state == ClockState.MET


def test_the_lists_show_each_clock_on_the_day(partnership):
    with at(dt.date(2024, 4, 9)):
        unsent = make_notification(partnership, "Child A", aware_on=dt.date(2024, 3, 28))
        review = make_rapid_review(partnership, "Baby B")
    with at(dt.date(2024, 4, 26)):
        listing = selectors.review_list(
            _scope(partnership), year=None, kind="", today=dt.date(2024, 4, 26)
        )
    states = {row.record.case_code: row.clock.state for row in listing.notifications}
    assert states == {unsent.case_code: ClockState.OVERDUE, "Child Baby B": ClockState.MET}
    [row] = listing.rapid_reviews
    assert (row.record, row.clock.state, row.clock.due) == (
        review,
        ClockState.DUE_SOON,
        dt.date(2024, 4, 29),
    )


def _scope(partnership):
    return Scope(user=None, partnership=partnership, roles=frozenset({Role.BUSINESS_UNIT}))
