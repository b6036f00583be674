"""Yearly reports, their narratives, and the files generated from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


class Report(models.Model):
    """One version of a partnership's report for a reporting year.

    A draft shows the live data; publishing freezes every section's data in `snapshot`.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="reports")
    year_start = models.PositiveSmallIntegerField(help_text="The year the reporting year starts.")
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    sent_to_panel_on = models.DateField(null=True, blank=True)
    sent_to_dfe_on = models.DateField(null=True, blank=True)
    snapshot = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year_start", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year_start", "version"], name="report_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year.label} report, version {self.version}"

    @property
    def year(self) -> ReportingYear:
        return ReportingYear(self.year_start)

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED


class SectionNarrative(models.Model):
    """The written part of one section: sanitised HTML from a small allowlist."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="narratives")
    section_code = models.CharField(max_length=60)
    html = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "section_code"], name="narrative_once")
        ]

    def __str__(self) -> str:
        return f"{self.section_code} narrative of {self.report}"


class FileStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Generating"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class ReportFile(models.Model):
    """A generated file (the PDF), made by a background task while the page shows progress."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    file_format = models.CharField(max_length=10, default="pdf")
    status = models.CharField(max_length=20, choices=FileStatus.choices, default=FileStatus.QUEUED)
    content = models.BinaryField(null=True, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_format.upper()} of {self.report}"
