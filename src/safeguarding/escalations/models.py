"""Resolving professional differences (the local escalation protocol): a difference raised by one
agency's practitioner with another agency, the steps it went through (practitioner to practitioner,
manager to manager, senior manager to senior manager, the partnership), how it ended, and what
practitioners said about the process afterwards. Children are named only by the partnership's case
code ("Child R").

Each step's due date is worked out from the partnership's timescale for that step when the step
starts and stored, so a later change to the protocol does not move a past due date (domain.md §7).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from safeguarding.core.models import Agency, Partnership, Theme
from safeguarding.learning.models import Source


class IssueType(models.TextChoices):
    THRESHOLD = "threshold", "Threshold or referral decision"
    ASSESSMENT = "assessment", "Assessment outcome"
    PLAN = "plan", "Plan or its implementation"
    INFORMATION_SHARING = "information_sharing", "Information sharing"
    COMMUNICATION = "communication", "Communication or support"
    RESOURCES = "resources", "Resources or services"
    OTHER = "other", "Other"


class Step(models.IntegerChoices):
    PRACTITIONER = 1, "Step 1: practitioner to practitioner"
    MANAGER = 2, "Step 2: manager to manager"
    SENIOR_MANAGER = 3, "Step 3: senior manager to senior manager"
    PARTNERSHIP = 4, "Step 4: the partnership"


#: The timescale (core.timescales) that sets each step's due date.
STEP_TIMESCALES = {step: f"escalation_step_{step.value}" for step in Step}


class Outcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved"
    NOT_RESOLVED = "not_resolved", "Not resolved"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ResolutionType(models.TextChoices):
    PLAN_CHANGED = "plan_changed", "The plan for the child was changed"
    DECISION_CHANGED = "decision_changed", "The decision was changed"
    DECISION_UPHELD = "decision_upheld", "The original decision was upheld with reasons"
    INFORMATION_SHARED = "information_shared", "Information was shared"
    MEETING_HELD = "meeting_held", "A multi-agency meeting was held"
    OTHER = "other", "Other"


class Escalation(models.Model):
    """One professional difference, from the day it was raised to the day it was closed."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="escalations"
    )
    reference = models.CharField(max_length=40, help_text="The partnership's reference: RPD-0001.")
    raised_on = models.DateField()
    raising_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="escalations_raised"
    )
    raising_role = models.CharField(max_length=200, help_text="The raiser's job role, not a name.")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations_raised",
        help_text="The member who recorded it in the Hub (None: imported).",
    )
    receiving_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="escalations_received"
    )
    issue_type = models.CharField(max_length=30, choices=IssueType.choices)
    case_code = models.CharField(max_length=40, help_text="The child's case code, never a name.")
    summary = models.TextField(blank=True, help_text="What the difference is about; no names.")
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="escalations"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    resolution_type = models.CharField(max_length=30, choices=ResolutionType.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    improved_plan = models.BooleanField(
        null=True, blank=True, help_text="Did it improve the plan for the child? Empty: not known."
    )
    source = models.OneToOneField(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="escalation"
    )

    class Meta:
        ordering = ["-raised_on", "-reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "reference"], name="escalation_reference_once"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("raised_on")),
                name="escalation_closed_after_raised",
            ),
            models.CheckConstraint(
                condition=Q(outcome="", closed_on__isnull=True)
                | (~Q(outcome="") & Q(closed_on__isnull=False)),
                name="escalation_outcome_with_closed_on",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.case_code})"

    @property
    def is_open(self) -> bool:
        return not self.outcome


class EscalationStep(models.Model):
    """A step the difference reached, when it started, when it was due and when it ended."""

    escalation = models.ForeignKey(Escalation, on_delete=models.PROTECT, related_name="steps")
    step = models.PositiveSmallIntegerField(choices=Step.choices)
    started_on = models.DateField()
    due_on = models.DateField(help_text="started_on plus the step's timescale.")
    completed_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["escalation", "step"]
        constraints = [
            models.UniqueConstraint(fields=["escalation", "step"], name="escalation_step_once"),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("started_on")),
                name="escalation_step_completed_after_started",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.escalation.reference}: {self.get_step_display()}"


class PositiveOutcome(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_SURE = "not_sure", "Not sure"


class SurveyResponse(models.Model):
    """A practitioner's answer to the survey about using the protocol."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="escalation_survey_responses"
    )
    escalation = models.ForeignKey(
        Escalation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    received_on = models.DateField()
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalation_survey_responses",
    )
    positive_outcome = models.CharField(
        max_length=10,
        choices=PositiveOutcome.choices,
        help_text="Did using the protocol result in a positive outcome for the child?",
    )
    comment = models.TextField(blank=True)
    quote_in_report = models.BooleanField(
        default=False, help_text="The business unit chose this comment to quote in the report."
    )

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"Survey response of {self.received_on:%d %B %Y}"
