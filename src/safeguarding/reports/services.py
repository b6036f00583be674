"""Every write to reports, narratives and report files, each with its audit entry."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from safeguarding.audit.services import apply_changes, audit_record
from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.reports import document, registry
from safeguarding.reports.models import (
    FileStatus,
    Report,
    ReportFile,
    ReportStatus,
    SectionNarrative,
)
from safeguarding.reports.sanitise import clean_narrative

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


def _audit(actor: User | None, action: str, report: Report, changes: dict) -> None:
    audit_record(
        actor=actor,
        action=f"reports.report.{action}",
        target=report,
        partnership=report.partnership,
        changes=changes,
    )


@transaction.atomic
def report_create(*, actor: User | None, partnership: Partnership, year: ReportingYear) -> Report:
    """A draft for the year: version 1, or the next version (narratives copied) once published."""
    rows = Report.objects.select_for_update().filter(
        partnership=partnership, year_start=year.start_year
    )
    latest = rows.order_by("-version").first()
    if latest is not None and not latest.is_published:
        raise ValidationError(
            {"year": f"The {year.label} report is already in progress (version {latest.version})."}
        )
    version = (rows.aggregate(Max("version"))["version__max"] or 0) + 1
    report = Report.objects.create(
        partnership=partnership, year_start=year.start_year, version=version
    )
    if latest is not None:
        _copy_narratives(latest, report)
    _audit(actor, "create", report, {"year": [None, year.label], "version": [None, version]})
    return report


def _copy_narratives(source: Report, target: Report) -> None:
    SectionNarrative.objects.bulk_create(
        SectionNarrative(report=target, section_code=n.section_code, html=n.html)
        for n in source.narratives.all()
    )


def _require_editable(report: Report) -> None:
    if report.is_published:
        raise ValidationError(
            "This report is published and cannot be changed: start a new version."
        )


@transaction.atomic
def narrative_update(
    *, actor: User, report: Report, section_code: str, html: str
) -> SectionNarrative:
    """Save a section's narrative, sanitised. Changing an approved report returns it to draft."""
    _require_editable(report)
    if registry.get(section_code) is None:
        raise ValidationError({"html": f"The report has no section “{section_code}”."})
    narrative, _ = SectionNarrative.objects.get_or_create(report=report, section_code=section_code)
    changes = apply_changes(narrative, {"html": clean_narrative(html)})
    if not changes:
        return narrative
    narrative.save()
    if report.status == ReportStatus.APPROVED:
        changes |= apply_changes(
            report, {"status": ReportStatus.DRAFT, "approved_by": None, "approved_on": None}
        )
        report.save(update_fields=["status", "approved_by", "approved_on"])
    _audit(actor, "narrative", report, {"section": section_code, **changes})
    return narrative


@transaction.atomic
def report_approve(*, actor: User, report: Report, approved_on: dt.date) -> Report:
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(f"This report is already {report.get_status_display().lower()}.")
    changes = apply_changes(
        report,
        {"status": ReportStatus.APPROVED, "approved_by": actor, "approved_on": approved_on},
    )
    report.save(update_fields=["status", "approved_by", "approved_on"])
    _audit(actor, "approve", report, changes)
    return report


@transaction.atomic
def report_publish(
    *,
    actor: User,
    report: Report,
    published_on: dt.date,
    sent_to_panel_on: dt.date | None = None,
    sent_to_dfe_on: dt.date | None = None,
) -> Report:
    """Publish an approved report, freezing every section's data as it is now."""
    if report.status != ReportStatus.APPROVED:
        raise ValidationError(
            "Only an approved report can be published."
            if report.status == ReportStatus.DRAFT
            else "This report is already published."
        )
    changes = apply_changes(
        report,
        {
            "status": ReportStatus.PUBLISHED,
            "published_on": published_on,
            "sent_to_panel_on": sent_to_panel_on,
            "sent_to_dfe_on": sent_to_dfe_on,
        },
    )
    report.snapshot = document.snapshot_of(report.partnership, report.year)
    report.save()
    _audit(actor, "publish", report, changes)
    return report


@transaction.atomic
def report_record_sent(
    *,
    actor: User,
    report: Report,
    sent_to_panel_on: dt.date | None,
    sent_to_dfe_on: dt.date | None,
) -> Report:
    """Record (or correct) when a published report was sent to the national Panel and DfE."""
    if not report.is_published:
        raise ValidationError("Record when it was sent once the report is published.")
    changes = apply_changes(
        report, {"sent_to_panel_on": sent_to_panel_on, "sent_to_dfe_on": sent_to_dfe_on}
    )
    if changes:
        report.save(update_fields=["sent_to_panel_on", "sent_to_dfe_on"])
        _audit(actor, "sent", report, changes)
    return report


@transaction.atomic
def report_file_request(
    *, actor: User | None, report: Report, file_format: str = "pdf"
) -> ReportFile:
    """Queue the generation of a file; the page polls until it is ready."""
    from safeguarding.reports.tasks import generate_report_file

    report_file = ReportFile.objects.create(
        report=report, file_format=file_format, requested_by=actor, status=FileStatus.QUEUED
    )
    audit_record(
        actor=actor,
        action="reports.file.request",
        target=report,
        partnership=report.partnership,
        changes={"format": [None, file_format]},
    )
    generate_report_file.enqueue(report_file.pk)
    return report_file
