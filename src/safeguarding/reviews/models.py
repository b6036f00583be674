"""Statutory and local reviews: serious incident notifications, rapid reviews (with the agency
summaries they ask for), local child safeguarding practice reviews and non-statutory learning
reviews. Children are named only by the partnership's case code ("Child Q").

Due dates are worked out from the partnership's timescales when the clock starts and stored, so a
later change to a timescale does not move a past due date (domain.md §11).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from safeguarding.core.models import Agency, Partnership, Theme
from safeguarding.learning.models import Source


class IncidentOutcome(models.TextChoices):
    DIED = "died", "Died"
    SERIOUSLY_HARMED = "seriously_harmed", "Seriously harmed"


class HarmType(models.TextChoices):
    ABUSE = "abuse", "Abuse"
    NEGLECT = "neglect", "Neglect"
    OTHER = "other", "Other"


class AgeBand(models.TextChoices):
    UNDER_1 = "under_1", "Under 1"
    AGE_1_4 = "1_4", "1 to 4"
    AGE_5_9 = "5_9", "5 to 9"
    AGE_10_14 = "10_14", "10 to 14"
    AGE_15_17 = "15_17", "15 to 17"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    UNKNOWN = "unknown", "Not known"


class Notification(models.Model):
    """A serious incident notification: the local authority tells the national Panel."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="notifications"
    )
    case_code = models.CharField(max_length=40, help_text="The partnership's code, never a name.")
    aware_on = models.DateField(help_text="When the local authority became aware.")
    notified_on = models.DateField(null=True, blank=True, help_text="When the Panel was told.")
    due_on = models.DateField(help_text="aware_on plus the notification timescale.")
    outcome = models.CharField(max_length=20, choices=IncidentOutcome.choices)
    harm = models.CharField(max_length=20, choices=HarmType.choices)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    sex = models.CharField(max_length=10, choices=Sex.choices)
    looked_after = models.BooleanField(default=False)
    local_authority = models.CharField(max_length=200)

    class Meta:
        ordering = ["-aware_on", "case_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "case_code"], name="notification_case_code_once"
            ),
            models.CheckConstraint(
                condition=Q(notified_on__isnull=True) | Q(notified_on__gte=F("aware_on")),
                name="notification_after_aware",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_code} ({self.get_outcome_display().lower()})"


class ReviewDecision(models.TextChoices):
    PRACTICE_REVIEW = "practice_review", "Local child safeguarding practice review"
    OTHER_LEARNING = "other_learning", "No review; other learning"
    NATIONAL_REVIEW = "national_review", "Recommend a national review"


class PanelResponse(models.TextChoices):
    AGREES = "agrees", "Agrees"
    DISAGREES = "disagrees", "Does not agree"


class RapidReview(models.Model):
    """The partners' rapid review of a notified incident, due 15 working days from notification."""

    notification = models.OneToOneField(
        Notification, on_delete=models.PROTECT, related_name="rapid_review"
    )
    source = models.OneToOneField(Source, on_delete=models.PROTECT, related_name="rapid_review")
    title = models.CharField(max_length=300, help_text="As the report names it.")
    due_on = models.DateField(help_text="The notification date plus the rapid review timescale.")
    meeting_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=ReviewDecision.choices, blank=True)
    sent_to_panel_on = models.DateField(null=True, blank=True)
    panel_response = models.CharField(max_length=20, choices=PanelResponse.choices, blank=True)
    panel_response_on = models.DateField(null=True, blank=True)
    themes = models.ManyToManyField(Theme, related_name="rapid_reviews", blank=True)

    class Meta:
        ordering = ["-due_on"]

    def __str__(self) -> str:
        return self.title


class AgencySummary(models.Model):
    """An involved agency's summary for a rapid review: asked for, due, returned by its lead."""

    rapid_review = models.ForeignKey(
        RapidReview, on_delete=models.CASCADE, related_name="summaries"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    due_on = models.DateField()
    returned_on = models.DateField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["agency__name"]
        verbose_name_plural = "agency summaries"
        constraints = [
            models.UniqueConstraint(fields=["rapid_review", "agency"], name="summary_once"),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("requested_on")), name="summary_due_after_requested"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} for {self.rapid_review}"


class PracticeReview(models.Model):
    """A local child safeguarding practice review: due six months from the decision."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="practice_reviews"
    )
    rapid_review = models.OneToOneField(
        RapidReview,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practice_review",
    )
    source = models.OneToOneField(Source, on_delete=models.PROTECT, related_name="practice_review")
    title = models.CharField(max_length=300)
    decided_on = models.DateField()
    due_on = models.DateField(help_text="The decision date plus the publication timescale.")
    reviewer = models.CharField(max_length=200, blank=True)
    terms_of_reference = models.TextField(blank=True)
    sent_to_panel_on = models.DateField(
        null=True, blank=True, help_text="Sent to the Panel and the Secretary of State."
    )
    published_on = models.DateField(null=True, blank=True)
    published_url = models.URLField(blank=True)
    themes = models.ManyToManyField(Theme, related_name="practice_reviews", blank=True)

    class Meta:
        ordering = ["-decided_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(published_on__gte=F("decided_on")),
                name="practice_review_published_after_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class LearningReviewKind(models.TextChoices):
    THEMATIC = "thematic", "Thematic"
    SINGLE_CASE = "single_case", "Single case"
    GOOD_PRACTICE = "good_practice", "Good practice"
    OTHER = "other", "Other"


class LearningReview(models.Model):
    """A non-statutory learning review, held when a case does not meet the statutory criteria."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="learning_reviews"
    )
    source = models.OneToOneField(Source, on_delete=models.PROTECT, related_name="learning_review")
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=LearningReviewKind.choices)
    rationale = models.TextField(help_text="Why the partnership chose to hold it.")
    started_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    themes = models.ManyToManyField(Theme, related_name="learning_reviews", blank=True)

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("started_on")),
                name="learning_review_completed_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title
