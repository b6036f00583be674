"""Background work: generating a report's PDF while the page shows progress."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from safeguarding.reports import document, rendering
from safeguarding.reports.models import FileStatus, ReportFile

logger = logging.getLogger(__name__)


@task()
def generate_report_file(file_id: int) -> str:
    """Render the file; a failure is recorded on the row so the page can say so."""
    report_file = ReportFile.objects.select_related("report__partnership").get(pk=file_id)
    ReportFile.objects.filter(pk=file_id).update(status=FileStatus.RUNNING)
    report = report_file.report
    try:
        content = rendering.pdf_bytes(document.build(report.partnership, report.year, report))
    except Exception as error:
        logger.exception("Generating report file %s failed", file_id)
        ReportFile.objects.filter(pk=file_id).update(
            status=FileStatus.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        return FileStatus.FAILED
    ReportFile.objects.filter(pk=file_id).update(
        status=FileStatus.READY, content=content, finished_at=timezone.now()
    )
    return FileStatus.READY
