"""The timescales the Hub keeps, with their defaults; each partnership can set its own values.

Defaults come from ../shared/reference/domain.md: statutory ones are sourced there, local ones
(escalation steps) follow a typical protocol and are meant to be changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from safeguarding.core.models import TimescaleUnit


@dataclass(frozen=True)
class Timescale:
    code: str
    label: str
    amount: int
    unit: TimescaleUnit
    basis: str
    due_soon_working_days: int = 2

    def describe(self) -> str:
        return describe_amount(self.amount, self.unit)


_SINGULAR = {
    TimescaleUnit.WORKING_DAYS: "working day",
    TimescaleUnit.CALENDAR_DAYS: "calendar day",
    TimescaleUnit.MONTHS: "month",
}


def describe_amount(amount: int, unit: str) -> str:
    """“1 working day”, “15 working days”, “6 months”."""
    choice = TimescaleUnit(unit)
    return f"{amount} {_SINGULAR[choice] if amount == 1 else choice.label}"


DEFAULT_TIMESCALES: dict[str, Timescale] = {
    t.code: t
    for t in [
        Timescale(
            "serious_incident_notification",
            "Serious incident notification to the national Panel",
            5,
            TimescaleUnit.WORKING_DAYS,
            "From the day the local authority became aware (Working Together 2023).",
        ),
        Timescale(
            "rapid_review",
            "Rapid review completed",
            15,
            TimescaleUnit.WORKING_DAYS,
            "From the day the notification was sent to the Panel (Panel guidance).",
            due_soon_working_days=3,
        ),
        Timescale(
            "practice_review_publication",
            "Local child safeguarding practice review published",
            6,
            TimescaleUnit.MONTHS,
            "From the decision to hold the review.",
            due_soon_working_days=20,
        ),
        Timescale(
            "practice_review_pre_publication",
            "Practice review sent to the Panel and Secretary of State before publication",
            7,
            TimescaleUnit.WORKING_DAYS,
            "At least this many working days before the publication date.",
        ),
        Timescale(
            "lado_referral",
            "LADO informed of an allegation",
            1,
            TimescaleUnit.WORKING_DAYS,
            "From the day the allegation was received (Keeping Children Safe in Education).",
            due_soon_working_days=0,
        ),
        Timescale(
            "yearly_report_to_panel",
            "Yearly report sent to the Panel and DfE",
            7,
            TimescaleUnit.CALENDAR_DAYS,
            "From publication of the yearly report.",
        ),
        Timescale(
            "escalation_step_1",
            "Resolving professional differences: step 1",
            2,
            TimescaleUnit.WORKING_DAYS,
            "Local protocol: practitioner to practitioner.",
            due_soon_working_days=1,
        ),
        Timescale(
            "escalation_step_2",
            "Resolving professional differences: step 2",
            5,
            TimescaleUnit.WORKING_DAYS,
            "Local protocol: manager to manager.",
            due_soon_working_days=1,
        ),
        Timescale(
            "escalation_step_3",
            "Resolving professional differences: step 3",
            2,
            TimescaleUnit.WORKING_DAYS,
            "Local protocol: senior manager to senior manager.",
            due_soon_working_days=1,
        ),
        Timescale(
            "escalation_step_4",
            "Resolving professional differences: step 4",
            5,
            TimescaleUnit.WORKING_DAYS,
            "Local protocol: partnership chair or delegated safeguarding partners.",
            due_soon_working_days=1,
        ),
        Timescale(
            "training_cancellation_cutoff",
            "Training: last day to cancel a place without a late cancellation",
            3,
            TimescaleUnit.WORKING_DAYS,
            "Local training policy: working days before the session starts.",
            due_soon_working_days=0,
        ),
        Timescale(
            "training_follow_up",
            "Training: follow-up impact survey",
            3,
            TimescaleUnit.MONTHS,
            "Local training policy: from the session (domain.md §9: about 3 months after).",
            due_soon_working_days=10,
        ),
    ]
}
