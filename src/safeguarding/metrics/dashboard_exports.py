"""A dashboard panel's data table as a CSV or XLSX file, recorded in the audit log.

Text cells a spreadsheet would run as a formula get a leading apostrophe; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from openpyxl import Workbook

from safeguarding.accounts.models import User
from safeguarding.audit.services import audit_record_export
from safeguarding.core.models import Partnership
from safeguarding.core.spreadsheets import escape
from safeguarding.core.years import ReportingYear
from safeguarding.metrics.dashboard import Panel, PanelData, panel_data

Cell = int | Decimal | str
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Export:
    filename: str
    content: bytes
    content_type: str


def table_lines(data: PanelData) -> list[list[Cell]]:
    """A header row (the row heading, then the years), then one line per table row."""
    header: list[Cell] = [data.row_heading, *(year.label for year in data.years)]
    lines = [[row.label, *(_value(cell.value) for cell in row.cells)] for row in data.rows]
    return [header, *lines]


def _value(value: object) -> Cell:
    if value is None:
        return ""
    return value if isinstance(value, int | Decimal) else str(value)


def _escaped(cell: Cell) -> Cell:
    return escape(cell) if isinstance(cell, str) else cell


def csv_bytes(lines: list[list[Cell]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([[_escaped(cell) for cell in line] for line in lines])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(lines: list[list[Cell]], title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for line in lines:
        sheet.append([_escaped(cell) for cell in line])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


@transaction.atomic
def panel_export(
    *,
    actor: User,
    partnership: Partnership,
    panel: Panel,
    year: ReportingYear,
    file_format: str,
    published: bool,
) -> Export:
    """The panel's table as `csv` or `xlsx` (as published when asked), with its audit entry."""
    if file_format not in CONTENT_TYPES:
        raise ValueError(f"A panel downloads as CSV or XLSX, not “{file_format}”.")
    data = panel_data(panel, partnership=partnership, year=year, published=published)
    lines = table_lines(data)
    content = csv_bytes(lines) if file_format == "csv" else xlsx_bytes(lines, panel.code)
    what = f"metrics.dashboard.{panel.code}{'.published' if published else ''}"
    audit_record_export(
        actor=actor,
        partnership=partnership,
        what=what,
        rows=len(data.rows),
        file_format=file_format,
    )
    return Export(data.filename(file_format), content, CONTENT_TYPES[file_format])
