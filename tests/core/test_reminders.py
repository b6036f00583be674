"""The daily reminder email: each person gets at most one a day, listing what is overdue and due
soon for them in each partnership (from the same registry as their home page)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from safeguarding.accounts.roles import Role
from safeguarding.core import navigation
from safeguarding.core.calendar import ClockState
from safeguarding.core.models import ReminderSent
from safeguarding.core.navigation import DueItem
from safeguarding.core.reminders import send_reminders
from safeguarding.core.tasks import send_daily_reminders
from tests.learning.factories import make_action, make_source

NOW = dt.datetime(2024, 3, 5, 7, 0, tzinfo=dt.UTC)  # a Tuesday, before the working day


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://hub.example.org"


@pytest.fixture
def actions(partnership, agency):
    source = make_source(partnership)
    return {
        "overdue": make_action(
            source, agency, title="Refresh the bruising protocol", due_on=dt.date(2024, 3, 1)
        ),
        "due_soon": make_action(
            source, agency, title="Brief GPs on ICON", due_on=dt.date(2024, 3, 12)
        ),
        "far_off": make_action(
            source, agency, title="Re-audit in the summer", due_on=dt.date(2024, 7, 1)
        ),
    }


def sent_to(email: str) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [email]]


@time_machine.travel(NOW, tick=False)
def test_each_responsible_person_gets_one_email_listing_overdue_and_due_soon(
    actions, personas, partnership
):
    assert send_reminders() == 3  # the agency lead, the business unit and the administrator
    lead = personas[Role.AGENCY_LEAD]
    (message,) = sent_to(lead.email)
    assert message.subject == "Safeguarding Partnership Hub: 1 overdue, 1 due soon"
    body = message.body
    assert partnership.name in body
    overdue, due_soon = body.split("\nOverdue\n")[1].split("\nDue soon\n")
    assert (
        "Refresh the bruising protocol (Learning action, Testshire Police): was due 1 March 2024"
        in overdue
    )
    assert (
        f"https://hub.example.org/{partnership.slug}/learning/actions/{actions['overdue'].pk}/"
        in overdue
    )
    assert "Brief GPs on ICON (Learning action, Testshire Police): due 12 March 2024" in due_soon
    assert "Re-audit in the summer" not in body
    assert len(sent_to(personas[Role.BUSINESS_UNIT].email)) == 1
    assert not sent_to(personas[Role.EXECUTIVE].email)


@time_machine.travel(NOW, tick=False)
def test_a_second_run_the_same_day_sends_nothing(actions, personas):
    send_reminders()
    mail.outbox.clear()
    assert send_reminders() == 0
    assert mail.outbox == []
    assert ReminderSent.objects.count() == 3


def test_the_next_day_reminds_again(actions, personas):
    with time_machine.travel(NOW, tick=False):
        send_reminders()
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        assert send_reminders() == 3
    assert len(sent_to(personas[Role.AGENCY_LEAD].email)) == 2


@time_machine.travel(NOW, tick=False)
def test_nobody_is_emailed_when_nothing_is_due(personas, partnership, agency):
    make_action(make_source(partnership), agency, due_on=dt.date(2024, 9, 1))
    assert send_reminders() == 0
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_someone_whose_role_ended_is_not_reminded(actions, personas):
    lead = personas[Role.AGENCY_LEAD]
    lead.memberships.update(ended_on=dt.date(2024, 3, 1))
    send_reminders()
    assert not sent_to(lead.email)


@time_machine.travel(NOW, tick=False)
def test_any_modules_due_items_are_reminded_and_items_not_yet_due_are_not(monkeypatch, personas):
    """The reminders know nothing of learning: every registered provider's items go out."""
    monkeypatch.setattr(navigation, "_due_providers", [])

    def lado_clocks(scope, today):
        if Role.LADO not in scope.roles:
            return []
        return [
            DueItem("Referral LADO-0042", "/x/", today, ClockState.DUE_SOON, "LADO"),
            DueItem("Referral LADO-0043", "/y/", today, ClockState.NOT_DUE, "LADO"),
        ]

    navigation.register_due_provider(lado_clocks)
    assert send_reminders() == 1
    (message,) = mail.outbox
    assert message.to == [personas[Role.LADO].email]
    assert message.subject == "Safeguarding Partnership Hub: 1 due soon"
    assert "Referral LADO-0042" in message.body
    assert "LADO-0043" not in message.body


@time_machine.travel(NOW, tick=False)
def test_the_command_runs_the_task_once_a_day(actions, personas, capsys):
    call_command("send_reminders")
    assert "Sent 3 reminder emails." in capsys.readouterr().out
    call_command("send_reminders", "--enqueue")  # the tests' task backend runs it at once
    assert len(mail.outbox) == 3


def test_the_command_reminds_for_a_given_day(actions, personas):
    call_command("send_reminders", "--date", "2024-03-05")
    assert ReminderSent.objects.filter(sent_on=dt.date(2024, 3, 5)).count() == 3
    with pytest.raises(CommandError, match="--date must be a date"):
        call_command("send_reminders", "--date", "5/3/2024")


@time_machine.travel(NOW, tick=False)
def test_the_task_returns_how_many_were_sent(actions, personas):
    assert send_daily_reminders.call("2024-03-05") == 3
