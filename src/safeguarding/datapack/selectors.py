"""Reads for the data pack pages."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db.models import QuerySet

from safeguarding.core.models import Partnership
from safeguarding.datapack.models import ImportJob


def import_job_status(jobs: QuerySet[ImportJob]) -> QuerySet[ImportJob]:
    """Jobs without their file: enough to show progress."""
    return jobs.defer("content")


def partnership_for(slug: str) -> Partnership:
    """The partnership a command names, or a CommandError that says it does not exist."""
    try:
        return Partnership.objects.get(slug=slug)
    except Partnership.DoesNotExist:
        raise CommandError(f"There is no partnership “{slug}”.") from None
