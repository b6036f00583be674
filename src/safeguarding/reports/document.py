"""One context for every rendering of a report: a draft's live data, or a published snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.metrics.disclosure import threshold_of
from safeguarding.reports import registry, selectors
from safeguarding.reports.models import Report


@dataclass(frozen=True)
class DocumentSection:
    code: str
    title: str
    data: dict[str, Any]
    narrative: str
    template: str
    section: registry.Section | None

    @property
    def anchor(self) -> str:
        return f"section-{self.code}"


@dataclass(frozen=True)
class ReportDocument:
    partnership_name: str
    year: ReportingYear
    report: Report | None
    sections: list[DocumentSection]

    @property
    def title(self) -> str:
        return f"{self.partnership_name}: yearly report {self.year.label}"

    @property
    def status_label(self) -> str:
        if self.report is None:
            return "Live data, not yet a report"
        return f"Version {self.report.version}, {self.report.get_status_display().lower()}"


def live_sections(partnership: Partnership, year: ReportingYear) -> list[dict[str, Any]]:
    """Every registered section's data now, as a published report stores it (small counts
    hidden at the partnership's disclosure threshold)."""
    with threshold_of(partnership):
        return [
            {"code": s.code, "title": s.title, "data": s.data(partnership, year)}
            for s in registry.sections()
        ]


def snapshot_of(partnership: Partnership, year: ReportingYear) -> dict[str, Any]:
    return {
        "taken_at": timezone.now().isoformat(),
        "sections": live_sections(partnership, year),
    }


def build(partnership: Partnership, year: ReportingYear, report: Report | None) -> ReportDocument:
    """The report's content: frozen when published, else live, with its narratives."""
    if report is not None and report.snapshot is not None:
        stored = report.snapshot["sections"]
    else:
        stored = live_sections(partnership, year)
    narratives = selectors.narratives_for(report) if report is not None else {}
    return ReportDocument(
        partnership_name=partnership.name,
        year=year,
        report=report,
        sections=[_section(entry, narratives.get(entry["code"], "")) for entry in stored],
    )


def _section(entry: dict[str, Any], narrative: str) -> DocumentSection:
    section = registry.get(entry["code"])
    return DocumentSection(
        code=entry["code"],
        title=entry["title"],
        data=entry["data"],
        narrative=narrative,
        template=section.template if section else registry.GENERIC_TEMPLATE,
        section=section,
    )
