"""The sections of the yearly report, registered by each app in its own `report.py`.

A section's `data(partnership, year)` returns JSON-serialisable data only (numbers as int or str,
dates as ISO strings), because a published report keeps it as its frozen snapshot. The generic
renderers understand these keys, all optional:

- "paragraphs": [str] — plain sentences (escaped when rendered);
- "lists": [{"heading": str, "items": [str]}];
- "tables": [{"caption": str, "columns": [str], "rows": [[str | int]]}];
- "charts": [{"title": str, "points": [[label, value]]}] — each drawn as a bar chart and
  followed by its data table; a value that is the disclosure symbol ("c") has no bar.

The report is a published output: build tables, charts and the figures in sentences from a
metric with `metrics.presenting.as_published(series)`, which applies disclosure control
(docs/reports.md, "Registering a section").

A section may give its own HTML `template` (rendered with `section` and `data`) and its own
`docx(document, data)` writer; without them the generic ones are used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from safeguarding.reports.order import position

if TYPE_CHECKING:
    from docx.document import Document

    from safeguarding.core.models import Partnership
    from safeguarding.core.years import ReportingYear

SectionData = dict[str, Any]
DataFunction = Callable[["Partnership", "ReportingYear"], SectionData]
DocxWriter = Callable[["Document", SectionData], None]

GENERIC_TEMPLATE = "reports/sections/generic.html"


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    data: DataFunction
    template: str = GENERIC_TEMPLATE
    docx: DocxWriter | None = None

    @property
    def order(self) -> int:
        return position(self.code)


_sections: dict[str, Section] = {}


def register(section: Section) -> Section:
    if section.code in _sections and _sections[section.code] != section:
        raise ValueError(f"A report section with code “{section.code}” is already registered.")
    _sections[section.code] = section
    return section


def unregister(code: str) -> None:
    """Remove a section (for tests that register their own)."""
    _sections.pop(code, None)


def sections() -> list[Section]:
    """Every registered section, in the seed report's order."""
    return sorted(_sections.values(), key=lambda s: (s.order, s.code))


def get(code: str) -> Section | None:
    return _sections.get(code)
