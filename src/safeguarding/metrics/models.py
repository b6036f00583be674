"""Entered values: figures for years before the Hub held the records, with where they came from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear


class EnteredValue(models.Model):
    """One cell of a metric (a year, the total or one breakdown value) typed in from a source."""

    metric_code = models.CharField(max_length=100)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="entered_values"
    )
    period_start_year = models.PositiveSmallIntegerField(
        help_text="The reporting year it covers, by the year it starts (2019 for 2019-20)."
    )
    breakdown = models.CharField(max_length=60, blank=True, help_text="Empty for the total.")
    breakdown_value = models.CharField(max_length=200, blank=True)
    value = models.DecimalField(max_digits=18, decimal_places=4)
    source = models.TextField(help_text="Where the figure came from.")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["metric_code", "-period_start_year", "breakdown", "breakdown_value"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "metric_code",
                    "partnership",
                    "period_start_year",
                    "breakdown",
                    "breakdown_value",
                ],
                name="entered_value_once_per_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric_code} {self.period.label}{self.cell_suffix}"

    @property
    def period(self) -> ReportingYear:
        return ReportingYear(self.period_start_year)

    @property
    def cell_suffix(self) -> str:
        return f" ({self.breakdown}: {self.breakdown_value})" if self.breakdown else ""
