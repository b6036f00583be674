"""Who leads the partnership, its subgroups and their meetings, and each year's budget."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.formats import date_format

from safeguarding.core.models import Agency, Partnership, RetirableQuerySet

POSITIVE = [MinValueValidator(Decimal("0.01"))]


class MemberKind(models.TextChoices):
    LEAD = "lead", "Lead safeguarding partner"
    DELEGATED = "delegated", "Delegated safeguarding partner"
    EDUCATION = "education", "Education representative"
    OTHER = "other", "Other"


class ExecutiveMember(models.Model):
    """A place on the executive, as the partnership publishes it; ended, never deleted."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="executive_members"
    )
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role_title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=MemberKind.choices)
    is_chair = models.BooleanField(default=False)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Subgroup(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="subgroups")
    name = models.CharField(max_length=200)
    purpose = models.TextField(blank=True)
    retired_on = models.DateField(null=True, blank=True)

    objects = RetirableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("partnership", Lower("name"), name="subgroup_name_unique_ci")
        ]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="meetings")
    subgroup = models.ForeignKey(Subgroup, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    invited = models.ManyToManyField(Agency, through="Invitation", related_name="+")

    class Meta:
        ordering = ["-date", "subgroup__name"]

    def __str__(self) -> str:
        return f"{self.subgroup} on {date_format(self.date, 'j F Y')}"


class Invitation(models.Model):
    """One agency invited to one meeting, and whether it came (None until recorded)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "agency"], name="invitation_once")
        ]

    def __str__(self) -> str:
        return f"{self.agency} at {self.meeting}"


class BudgetLine(models.Model):
    """A line of a partnership's budget for one reporting year (April to March)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(help_text="The reporting year's first calendar year.")
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=POSITIVE)

    class Meta:
        abstract = True


class Contribution(BudgetLine):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-amount"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "agency"], name="contribution_once_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} contribution"


class Grant(BudgetLine):
    funder = models.CharField(max_length=200)
    purpose = models.TextField()
    uses = models.JSONField(default=list, blank=True, help_text="How the grant was invested.")

    class Meta:
        ordering = ["-amount"]

    def __str__(self) -> str:
        return f"Grant from {self.funder}"


class Expenditure(BudgetLine):
    category = models.CharField(max_length=300)

    class Meta:
        ordering = ["-amount"]

    def __str__(self) -> str:
        return self.category
