"""The shell's background tasks: the daily reminder email."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from safeguarding.core.reminders import send_reminders


@task()
def send_daily_reminders(day: str = "") -> int:
    """Email each person their overdue and due-soon items for `day` (ISO date; default today).

    Safe to run more than once a day: nobody gets a second email for the same day.
    """
    return send_reminders(dt.date.fromisoformat(day) if day else None)
