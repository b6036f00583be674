"""Who leads the partnership, its subgroups and their meetings, and each year's budget."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.formats import date_format

from safeguarding.core.models import Agency, Partnership, RetirableQuerySet
from safeguarding.core.years import ReportingYear

POSITIVE = [MinValueValidator(Decimal("0.01"))]


def plain(value: Decimal | None) -> Decimal | None:
    """A figure as the report writes it: 93 rather than 93.00, 58.3 rather than 58.30."""
    if value is None or value != value.to_integral_value():
        return None if value is None else value.normalize()
    return value.quantize(Decimal(1))


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


# Communications


class Channel(models.TextChoices):
    WEBSITE = "website", "Website"
    PROCEDURES = "procedures", "Child protection procedures"
    BULLETIN = "learning_bulletin", "Learning bulletin"
    PODCAST = "podcast", "Podcast"
    SOCIAL_MEDIA = "social_media", "Social media"
    OTHER = "other", "Other"


class Measure(models.TextChoices):
    SUBSCRIBERS = "subscribers", "New subscribers"
    DOWNLOADS = "downloads", "Downloads"
    VISITORS = "visitors", "Visitors"
    REACH = "reach", "Reach"
    CLICKS = "clicks", "Link clicks"
    PAGE_VISITS = "page_visits", "Page visits"
    FOLLOWERS = "followers", "New followers"
    READ_RATE = "read_rate", "Read rate (%)"
    OTHER = "other", "Other"


class CommunicationFigure(models.Model):
    """One measure of one channel over a reporting year (or the part of it `period` names)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=30, choices=Channel.choices)
    measure = models.CharField(max_length=30, choices=Measure.choices)
    year = models.PositiveSmallIntegerField(help_text="The reporting year's first calendar year.")
    period = models.CharField(
        max_length=200, blank=True, help_text="When only part of the year, e.g. since September."
    )
    value = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["channel", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "channel", "measure"], name="figure_once_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.get_measure_display().lower()}"


# The voice of children and young people


class ParticipationGroup(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    host = models.CharField(max_length=200, blank=True, help_text="Who runs it, if not an agency.")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    retired_on = models.DateField(null=True, blank=True)

    objects = RetirableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "partnership", Lower("name"), name="participation_group_name_unique_ci"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def hosted_by(self) -> str:
        return str(self.agency) if self.agency_id else self.host


class Engagement(models.Model):
    """A piece of work shaped by children, young people or parents, and what it influenced."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(help_text="The reporting year's first calendar year.")
    title = models.CharField(max_length=300)
    details = models.JSONField(default=list, blank=True)
    influenced = models.TextField(blank=True)
    groups = models.ManyToManyField(ParticipationGroup, blank=True, related_name="engagements")

    class Meta:
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return self.title


# Priorities and the plan on a page


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class Priority(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    statement = models.TextField(help_text="As the plan on a page puts it.")
    why_chosen = models.TextField(blank=True)
    aims = models.JSONField(default=list, blank=True)
    forward_focus = models.JSONField(default=list, blank=True)
    progress = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    progress_note = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=1)
    first_year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["order", "title"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint("partnership", Lower("title"), name="priority_title_unique_ci")
        ]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """A figure that explains a priority, with England's where there is one."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="indicators")
    label = models.CharField(max_length=300)
    local_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    england_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=300, blank=True)
    year_label = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def local(self) -> Decimal | None:
        return plain(self.local_value)

    @property
    def england(self) -> Decimal | None:
        return plain(self.england_value)


class Activity(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="activities")
    year = models.PositiveSmallIntegerField(help_text="The reporting year's first calendar year.")
    text = models.TextField()
    evidence = models.TextField(blank=True, help_text="Evidence of progress or impact.")
    actions = models.ManyToManyField(
        "learning.Action",
        blank=True,
        related_name="activities",
        help_text="The learning actions this activity carries out.",
    )

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.text[:60]


class PlanOnAPage(models.Model):
    """The plan on a page's text around the priorities, for one reporting year."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(help_text="The reporting year's first calendar year.")
    working_with = models.TextField(blank=True)
    understand = models.TextField(blank=True)
    support_change = models.TextField(blank=True)
    improve_working = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="one_plan_a_year")
        ]

    def __str__(self) -> str:
        return f"Plan on a page {self.year}"


# Changes to national guidance


class GuidanceChange(models.Model):
    """A change in Working Together that the partnership considered, and what it decided."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(help_text="The reporting year's first calendar year.")
    topic = models.CharField(max_length=200)
    guidance = models.TextField()
    decision = models.TextField()

    class Meta:
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return self.topic

    @property
    def reporting_year(self) -> ReportingYear:
        return ReportingYear(self.year)
