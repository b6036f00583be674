"""Partnerships (the tenant), footprints, agencies, learning themes and timescale settings."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

RESERVED_SLUGS = frozenset(
    {"accounts", "admin", "api", "static", "media", "switch", "healthz", "p", "audit"}
)


def validate_partnership_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(f"“{value}” is reserved by the Hub; choose another short name.")


class RetirableQuerySet(models.QuerySet):
    """Reference data is retired with a date, never deleted, so past reports stay true."""

    def current(self, on: dt.date | None = None) -> RetirableQuerySet:
        on = on or timezone.localdate()
        return self.filter(models.Q(retired_on__isnull=True) | models.Q(retired_on__gt=on))


class Partnership(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True, validators=[validate_partnership_slug])
    local_authority_areas = models.JSONField(
        default=list, blank=True, help_text="The local authority areas the partnership covers."
    )
    disclosure_threshold = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Counts from 1 to this are hidden in published outputs; empty: the default.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Footprint(models.Model):
    """A named group of partnerships, for work that spans several (a shared CDOP, an audit)."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    purpose = models.TextField(blank=True)
    partnerships = models.ManyToManyField(Partnership, related_name="footprints")
    retired_on = models.DateField(null=True, blank=True)

    objects = RetirableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Sector(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    HEALTH = "health", "Health"
    POLICE = "police", "Police"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    VCFSE = "vcfse", "Voluntary, community, faith and social enterprise"
    OTHER = "other", "Other"


class Designation(models.TextChoices):
    STATUTORY_PARTNER = "statutory_partner", "Statutory safeguarding partner"
    RELEVANT_AGENCY = "relevant_agency", "Relevant agency"


class Agency(models.Model):
    """An organisation; one agency can serve several partnerships (one police force serves five)."""

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    sector = models.CharField(max_length=30, choices=Sector.choices)
    website = models.URLField(blank=True)
    partnerships = models.ManyToManyField(
        Partnership, through="AgencyPartnership", related_name="agencies"
    )
    retired_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RetirableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [models.UniqueConstraint(Lower("name"), name="agency_name_unique_ci")]

    def __str__(self) -> str:
        return self.name

    def is_retired(self, on: dt.date | None = None) -> bool:
        return self.retired_on is not None and self.retired_on <= (on or timezone.localdate())


class AgencyPartnership(models.Model):
    """An agency's place in one partnership: statutory partner or relevant agency."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="agency_links"
    )
    designation = models.CharField(max_length=30, choices=Designation.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "partnership"], name="agency_once_per_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} in {self.partnership}"


class Theme(models.Model):
    """A learning theme in a partnership's taxonomy; retired, never deleted."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="themes")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120)
    description = models.TextField(blank=True)
    retired_on = models.DateField(null=True, blank=True)

    objects = RetirableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="theme_slug_unique"),
            models.UniqueConstraint("partnership", Lower("name"), name="theme_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class TimescaleUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "working days"
    CALENDAR_DAYS = "calendar_days", "calendar days"
    MONTHS = "months", "months"


class TimescaleSetting(models.Model):
    """A partnership's own value for one statutory or local timescale (see core.timescales)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="timescales"
    )
    code = models.CharField(max_length=60)
    amount = models.PositiveIntegerField()
    unit = models.CharField(max_length=20, choices=TimescaleUnit.choices)
    due_soon_working_days = models.PositiveIntegerField(default=2)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="timescale_once")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.amount} {self.get_unit_display()}"


class ReminderSent(models.Model):
    """That a user was emailed their due and overdue items on a day: at most one email a day."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="reminders_sent"
    )
    sent_on = models.DateField()
    items = models.PositiveIntegerField(help_text="How many due and overdue items it listed.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.user} on {self.sent_on}"
