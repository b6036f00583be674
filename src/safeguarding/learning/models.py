"""The learning loop, shared by every source of learning: what was found, what was recommended,
the actions that follow, their progress, the evidence of their impact, and how the learning was
shared.

A `Source` stands for the record the learning came from (a rapid review, a practice review, a
learning review; later an audit, an escalation, a child death review or scrutiny). The domain app
that owns that record creates its Source through `learning.services.source_create` and keeps a
one-to-one link to it, so this app never imports a domain app's models.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from safeguarding.core.models import Agency, Partnership, Theme


class SourceKind(models.TextChoices):
    RAPID_REVIEW = "rapid_review", "Rapid review"
    PRACTICE_REVIEW = "practice_review", "Local child safeguarding practice review"
    LEARNING_REVIEW = "learning_review", "Learning review"
    AUDIT = "audit", "Audit"
    ESCALATION = "escalation", "Resolving professional differences"
    ALLEGATION = "allegation", "Allegation (LADO)"
    CHILD_DEATH = "child_death", "Child death review"
    SCRUTINY = "scrutiny", "Independent scrutiny"
    OTHER = "other", "Other"


class Source(models.Model):
    """Where learning came from. Its title and date are kept in step by the owning app."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="learning_sources"
    )
    kind = models.CharField(max_length=30, choices=SourceKind.choices)
    title = models.CharField(max_length=300)
    started_on = models.DateField(help_text="When the review, audit or case began.")

    class Meta:
        ordering = ["-started_on", "title"]

    def __str__(self) -> str:
        return self.title


class Finding(models.Model):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="findings")
    text = models.TextField()
    themes = models.ManyToManyField(Theme, related_name="findings", blank=True)
    recorded_on = models.DateField()

    class Meta:
        ordering = ["recorded_on", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Recommendation(models.Model):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="recommendations")
    findings = models.ManyToManyField(Finding, related_name="recommendations", blank=True)
    text = models.TextField()
    made_on = models.DateField()

    class Meta:
        ordering = ["made_on", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class Action(models.Model):
    """Something an agency will do because of learning; its source is its recommendation's."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="actions")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="actions")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_actions",
    )
    raised_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    rag = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("raised_on")), name="action_due_after_raised"
            ),
            models.CheckConstraint(
                condition=Q(status=ActionStatus.COMPLETED, completed_on__isnull=False)
                | (~Q(status=ActionStatus.COMPLETED) & Q(completed_on__isnull=True)),
                name="action_completed_on_with_status",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due_on < today


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField()
    text = models.TextField()
    rag = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-written_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.action}: update of {self.written_on:%d %B %Y}"


class ImpactMethod(models.TextChoices):
    AUDIT = "audit", "Audit"
    SURVEY = "survey", "Survey"
    FOCUS_GROUP = "focus_group", "Focus group"
    DATA = "data", "Data"
    PRACTITIONER_FEEDBACK = "practitioner_feedback", "Practitioner feedback"


class ImpactJudgement(models.TextChoices):
    SHOWN = "shown", "Impact shown"
    PARTIAL = "partial", "Partial impact"
    NOT_YET = "not_yet", "Not yet"
    NONE = "none", "No impact"


class ImpactEvidence(models.Model):
    """What was done to see whether an action made a difference, and what it showed."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="evidence")
    method = models.CharField(max_length=30, choices=ImpactMethod.choices)
    summary = models.TextField(help_text="What it showed.")
    judgement = models.CharField(max_length=20, choices=ImpactJudgement.choices)
    gathered_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-gathered_on", "-pk"]
        verbose_name_plural = "evidence of impact"

    def __str__(self) -> str:
        judgement = self.get_judgement_display().lower()
        return f"{self.action}: {judgement} ({self.get_method_display()})"


class DisseminationMethod(models.TextChoices):
    BULLETIN = "bulletin", "Learning bulletin"
    BRIEFING = "briefing", "Briefing"
    VIDEO = "video", "Video"
    PODCAST = "podcast", "Podcast"
    TRAINING = "training", "Training"
    EVENT = "event", "Event"
    OTHER = "other", "Other"


class Dissemination(models.Model):
    """How learning was shared with practitioners, and how many it reached."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="disseminations"
    )
    method = models.CharField(max_length=20, choices=DisseminationMethod.choices)
    title = models.CharField(max_length=300)
    shared_on = models.DateField()
    reach = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0)], help_text="People reached."
    )
    findings = models.ManyToManyField(Finding, related_name="disseminations", blank=True)

    class Meta:
        ordering = ["-shared_on", "title"]

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    """A remark on a source's learning: the scrutineer's challenge, the business unit's reply."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author} on {self.source}"
