"""`safeguarding send_reminders`: email each person their overdue and due-soon items.

Run it once a day from cron or a systemd timer (docs/deployment.md). A second run on the same day
sends nothing to anyone already reminded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguarding.core.tasks import send_daily_reminders


class Command(BaseCommand):
    help = "Email each person their overdue and due-soon items (at most once a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", default="", help="The day to remind for, as YYYY-MM-DD (default: today)."
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the task for the background worker instead of running it now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = options["date"]
        if day:
            try:
                dt.date.fromisoformat(day)
            except ValueError:
                raise CommandError(f"--date must be a date like 2024-03-27, not {day!r}.") from None
        if options["enqueue"]:
            result = send_daily_reminders.enqueue(day)
            self.stdout.write(f"Queued the reminders ({result.id}).")
            return
        sent = send_daily_reminders.call(day)
        self.stdout.write(f"Sent {sent} reminder email{'s' if sent != 1 else ''}.")
