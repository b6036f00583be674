"""The child death register kept for the Child Death Overview Panel (CDOP; domain.md §3).
Restricted: only the CDOP role reads or writes it (see policies.py), and every read of a record is
written to the audit log.

A panel can serve a footprint of partnerships (Somerset and Dorset share one): each death belongs
to the partnership where the child lived and names the panel (a `core.Footprint`) that reviews it.
The child is named only by the panel's case code. The date of birth is optional; when it is given,
the age band must agree with it and the date of death.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q

from safeguarding.core.models import Footprint, Partnership
from safeguarding.learning.models import Source


class AgeBand(models.TextChoices):
    NEONATAL = "0_27_days", "0 to 27 days"
    POST_NEONATAL = "28_364_days", "28 to 364 days"
    AGE_1_4 = "1_4", "1 to 4 years"
    AGE_5_9 = "5_9", "5 to 9 years"
    AGE_10_14 = "10_14", "10 to 14 years"
    AGE_15_17 = "15_17", "15 to 17 years"


#: The bands that together make "under 1".
UNDER_ONE = frozenset({AgeBand.NEONATAL, AgeBand.POST_NEONATAL})


def age_band_on(born_on: dt.date, died_on: dt.date) -> AgeBand | None:
    """The age band of a child born and died on these dates; None when not a child's age."""
    days = (died_on - born_on).days
    if days < 0:
        return None
    if days <= 27:
        return AgeBand.NEONATAL
    years = (
        died_on.year - born_on.year - ((died_on.month, died_on.day) < (born_on.month, born_on.day))
    )
    if years < 1:
        return AgeBand.POST_NEONATAL
    for band, last in ((AgeBand.AGE_1_4, 4), (AgeBand.AGE_5_9, 9), (AgeBand.AGE_10_14, 14)):
        if years <= last:
            return band
    return AgeBand.AGE_15_17 if years <= 17 else None


class Expectation(models.TextChoices):
    EXPECTED = "expected", "Expected"
    UNEXPECTED = "unexpected", "Unexpected"


class Category(models.IntegerChoices):
    """The child death analysis form's ten categories (the panel picks one)."""

    DELIBERATE_INJURY = 1, "Deliberately inflicted injury, abuse or neglect"
    SUICIDE = 2, "Suicide or deliberate self-inflicted harm"
    TRAUMA = 3, "Trauma and other external factors"
    MALIGNANCY = 4, "Malignancy"
    ACUTE = 5, "Acute medical or surgical condition"
    CHRONIC = 6, "Chronic medical condition"
    GENETIC = 7, "Chromosomal, genetic and congenital anomalies"
    PERINATAL = 8, "Perinatal or neonatal event"
    INFECTION = 9, "Infection"
    SUDDEN = 10, "Sudden unexpected, unexplained death"


class ModifiableFactors(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    INSUFFICIENT = "insufficient", "Insufficient information"


class ChildDeath(models.Model):
    """One child's death, from notification to the panel's completed review."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        related_name="child_deaths",
        help_text="Where the child lived.",
    )
    panel = models.ForeignKey(
        Footprint,
        on_delete=models.PROTECT,
        related_name="child_deaths",
        help_text="The Child Death Overview Panel that reviews the death.",
    )
    case_code = models.CharField(max_length=40, help_text="The panel's case code, never a name.")
    died_on = models.DateField()
    born_on = models.DateField(null=True, blank=True)
    notified_on = models.DateField(help_text="When the death was notified to the panel.")
    age_band = models.CharField(max_length=20, choices=AgeBand.choices)
    expectation = models.CharField(max_length=20, choices=Expectation.choices)
    joint_agency_response = models.BooleanField(default=False)
    category = models.PositiveSmallIntegerField(choices=Category.choices, null=True, blank=True)
    modifiable_factors = models.CharField(
        max_length=20, choices=ModifiableFactors.choices, blank=True
    )
    review_meeting_on = models.DateField(
        null=True, blank=True, help_text="The child death review meeting."
    )
    review_completed_on = models.DateField(
        null=True, blank=True, help_text="When the panel completed its review."
    )
    source = models.OneToOneField(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="child_death"
    )

    class Meta:
        ordering = ["-notified_on", "-case_code"]
        indexes = [models.Index(fields=["partnership", "notified_on"])]
        constraints = [
            models.UniqueConstraint(fields=["panel", "case_code"], name="child_death_case_once"),
            models.CheckConstraint(
                condition=Q(notified_on__gte=F("died_on")), name="child_death_notified_after"
            ),
            models.CheckConstraint(
                condition=Q(born_on__isnull=True) | Q(born_on__lte=F("died_on")),
                name="child_death_born_before",
            ),
            models.CheckConstraint(
                condition=Q(review_completed_on__isnull=True)
                | (
                    Q(review_completed_on__gte=F("notified_on"))
                    & Q(category__isnull=False)
                    & ~Q(modifiable_factors="")
                ),
                name="child_death_review_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.case_code

    @property
    def under_one(self) -> bool:
        return self.age_band in UNDER_ONE
