"""The LADO register: allegations and concerns about people who work or volunteer with children
(Keeping Children Safe in Education, Part 4; domain.md §4). Restricted: only the LADO role reads
or writes it (see policies.py), and every read of a record is written to the audit log.

The person is never named: the register holds their role and the LADO service's own case code.
The LADO must be informed within one working day of the allegation being received; the due date is
worked out from the partnership's `lado_referral` timescale when the record is made and stored.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from safeguarding.core.models import Partnership
from safeguarding.learning.models import Source


class ContactType(models.TextChoices):
    REFERRAL = "referral", "Referral"
    ADVICE = "advice", "Advice or consultation"


class EmployerSector(models.TextChoices):
    EDUCATION = "education", "Education"
    EARLY_YEARS = "early_years", "Early years"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    FOSTER_CARE = "foster_care", "Foster care"
    POLICE = "police", "Police"
    FAITH = "faith", "Faith organisations"
    SPORT = "sport", "Sport and leisure"
    TRANSPORT = "transport", "Transport"
    VOLUNTARY = "voluntary", "Voluntary and community"
    OTHER = "other", "Other"


class Category(models.TextChoices):
    PHYSICAL = "physical", "Physical"
    SEXUAL = "sexual", "Sexual"
    EMOTIONAL = "emotional", "Emotional"
    NEGLECT = "neglect", "Neglect"
    SUITABILITY = "suitability", "Suitability (transferable risk)"


#: The four criteria of the harm test, as (field, label) pairs.
CRITERIA = (
    ("harmed_child", "Behaved in a way that has harmed a child, or may have harmed a child"),
    ("criminal_offence", "Possibly committed a criminal offence against or related to a child"),
    ("risk_of_harm", "Behaved in a way that indicates they may pose a risk of harm to children"),
    (
        "unsuitable",
        "Behaved in a way that indicates they may not be suitable to work with children",
    ),
)


class Outcome(models.TextChoices):
    ONGOING = "ongoing", "Ongoing"
    SUBSTANTIATED = "substantiated", "Substantiated"
    MALICIOUS = "malicious", "Malicious"
    FALSE = "false", "False"
    UNSUBSTANTIATED = "unsubstantiated", "Unsubstantiated"
    UNFOUNDED = "unfounded", "Unfounded"
    CRITERIA_NOT_MET = "criteria_not_met", "Closed: the criteria were not met"


class Allegation(models.Model):
    """One notification to the LADO service: a referral or a request for advice."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="allegations"
    )
    reference = models.CharField(max_length=40, help_text="The LADO service's case code.")
    contact_type = models.CharField(max_length=20, choices=ContactType.choices)
    received_on = models.DateField(help_text="When the allegation or concern was received.")
    lado_informed_on = models.DateField(null=True, blank=True)
    lado_due_on = models.DateField(help_text="received_on plus the lado_referral timescale.")
    employer_sector = models.CharField(max_length=20, choices=EmployerSector.choices)
    person_role = models.CharField(
        max_length=200, help_text="The person's role (a teacher, a foster carer), never a name."
    )
    person_code = models.CharField(
        max_length=40, blank=True, help_text="The LADO service's code for the person."
    )
    category = models.CharField(max_length=20, choices=Category.choices, blank=True)
    #: Whether the harm test is met: None until the LADO has decided.
    criteria_met = models.BooleanField(null=True, blank=True)
    harmed_child = models.BooleanField(default=False)
    criminal_offence = models.BooleanField(default=False)
    risk_of_harm = models.BooleanField(default=False)
    unsuitable = models.BooleanField(default=False)
    strategy_meeting_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.ONGOING)
    concluded_on = models.DateField(null=True, blank=True)
    referred_to_dbs = models.BooleanField(default=False)
    referred_to_regulator = models.CharField(
        max_length=200, blank=True, help_text="The regulator it was referred to, if any."
    )
    source = models.OneToOneField(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="allegation"
    )

    class Meta:
        ordering = ["-received_on", "-reference"]
        indexes = [
            models.Index(fields=["partnership", "received_on"]),
            models.Index(fields=["partnership", "concluded_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "reference"], name="allegation_reference_once"
            ),
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=F("received_on")),
                name="allegation_concluded_after_received",
            ),
            models.CheckConstraint(
                condition=Q(outcome="ongoing", concluded_on__isnull=True)
                | (~Q(outcome="ongoing") & Q(concluded_on__isnull=False)),
                name="allegation_outcome_with_concluded_on",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def criteria(self) -> list[str]:
        """The labels of the harm test's criteria this allegation meets."""
        return [label for name, label in CRITERIA if getattr(self, name)]
