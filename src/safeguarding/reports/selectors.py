"""Every read the reports app makes: reports, narratives, files, and the core data it reports."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from safeguarding.core.models import AgencyPartnership, Footprint, Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.reports.models import Report, ReportFile, SectionNarrative


def agency_links_in_year(
    partnership: Partnership, year: ReportingYear
) -> QuerySet[AgencyPartnership]:
    """Agencies that served the partnership at some point in the year (not retired before it)."""
    return (
        AgencyPartnership.objects.filter(partnership=partnership)
        .filter(Q(agency__retired_on__isnull=True) | Q(agency__retired_on__gt=year.start))
        .select_related("agency")
        .order_by("agency__name")
    )


def footprints_in_year(partnership: Partnership, year: ReportingYear) -> QuerySet[Footprint]:
    return Footprint.objects.filter(partnerships=partnership).current(year.start).order_by("name")


def reports_for(rows: QuerySet[Report]) -> QuerySet[Report]:
    return rows.select_related("approved_by").order_by("-year_start", "-version")


def latest_report(partnership: Partnership, year: ReportingYear) -> Report | None:
    return (
        Report.objects.filter(partnership=partnership, year_start=year.start_year)
        .order_by("-version")
        .first()
    )


def narratives_for(report: Report) -> dict[str, str]:
    return dict(SectionNarrative.objects.filter(report=report).values_list("section_code", "html"))


def latest_file(report: Report) -> ReportFile | None:
    return ReportFile.objects.filter(report=report).defer("content").first()


def report_file(report: Report, file_pk: int) -> ReportFile | None:
    """One of the report's generated files, or None."""
    return ReportFile.objects.filter(report=report, pk=file_pk).first()
