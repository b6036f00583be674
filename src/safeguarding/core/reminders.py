"""The daily reminder email: each person's overdue and due-soon items, at most once a day.

The items come from the same registry as the home page (`navigation.due_items_for`), asked once
for each partnership where the person holds an active role, so a module that registers a due
provider is in the reminders too. A `ReminderSent` row per person and day makes a second run on
the same day send nothing; nobody is emailed when nothing is due soon or overdue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from safeguarding.accounts.models import Membership, User
from safeguarding.accounts.scope import scopes_for
from safeguarding.core.calendar import ClockState
from safeguarding.core.models import Partnership, ReminderSent
from safeguarding.core.navigation import DueItem, due_items_for

#: The states worth an email; items further off wait on the home page.
REMIND_STATES = frozenset({ClockState.OVERDUE, ClockState.DUE_SOON})
SUBJECT = "core/email/reminder_subject.txt"
BODY = "core/email/reminder_body.txt"
#: Where links in emails point when settings.SITE_URL is not set.
DEFAULT_SITE_URL = "http://localhost:8000"


@dataclass(frozen=True)
class PartnershipItems:
    partnership: Partnership
    overdue: list[DueItem]
    due_soon: list[DueItem]

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.due_soon)


def items_for(user: User, today: dt.date) -> list[PartnershipItems]:
    """The user's overdue and due-soon items, for each partnership where they have any."""
    groups = []
    for scope in scopes_for(user):
        items = [item for item in due_items_for(scope, today) if item.state in REMIND_STATES]
        overdue = [item for item in items if item.state == ClockState.OVERDUE]
        due_soon = [item for item in items if item.state == ClockState.DUE_SOON]
        if items:
            groups.append(PartnershipItems(scope.partnership, overdue, due_soon))
    return groups


def people_to_remind(today: dt.date) -> list[User]:
    """Active users with an active role somewhere who have not had today's email."""
    members = Membership.objects.active().values("user")
    return list(
        User.objects.filter(is_active=True, pk__in=members)
        .exclude(reminders_sent__sent_on=today)
        .order_by("pk")
    )


def site_url() -> str:
    """The Hub's address for links in emails (settings.SITE_URL, or the first trusted origin)."""
    configured = getattr(settings, "SITE_URL", "") or next(
        iter(getattr(settings, "CSRF_TRUSTED_ORIGINS", [])), ""
    )
    return (configured or DEFAULT_SITE_URL).rstrip("/")


def send_reminder(user: User, today: dt.date) -> bool:
    """Email the user their items unless they were already reminded today; True if sent."""
    groups = items_for(user, today)
    if not groups:
        return False
    overdue = sum(len(group.overdue) for group in groups)
    due_soon = sum(len(group.due_soon) for group in groups)
    context = {
        "user": user,
        "groups": groups,
        "today": today,
        "site_url": site_url(),
        "overdue": overdue,
        "due_soon": due_soon,
    }
    try:
        with transaction.atomic():
            ReminderSent.objects.create(user=user, sent_on=today, items=overdue + due_soon)
            _send(user, context)
    except IntegrityError:  # another run reminded them first
        return False
    return True


def _send(user: User, context: dict[str, object]) -> None:
    subject = " ".join(render_to_string(SUBJECT, context).split())
    body = render_to_string(BODY, context)
    send_mail(subject, body, None, [user.email])


def send_reminders(today: dt.date | None = None) -> int:
    """Send every due reminder for `today` (default: today); return how many emails went."""
    today = today or timezone.localdate()
    return sum(send_reminder(user, today) for user in people_to_remind(today))
