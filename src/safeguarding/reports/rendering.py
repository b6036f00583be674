"""The report's files: a standalone HTML page, a PDF (WeasyPrint) and a Word document."""

from __future__ import annotations

import io
import logging
from typing import Any

import weasyprint
from django.template.loader import render_to_string
from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Cm

from safeguarding.core.charts import alt_text, bar_chart_png
from safeguarding.reports.document import ReportDocument
from safeguarding.reports.word_narrative import add_narrative

# WeasyPrint's CSS parser warns about every SVG presentation property (fill, stroke) in
# matplotlib's charts, which it then draws correctly: keep only its errors.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


class _NoFetching(weasyprint.urls.URLFetcher):
    """The report is self-contained: nothing outside it is fetched while printing."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        raise ValueError(f"The report does not fetch {url}.")


def standalone_html(doc: ReportDocument, *, for_print: bool = False) -> str:
    return render_to_string("reports/document.html", {"doc": doc, "for_print": for_print})


def pdf_bytes(doc: ReportDocument) -> bytes:
    html = weasyprint.HTML(string=standalone_html(doc, for_print=True), url_fetcher=_NoFetching())
    return html.write_pdf()


def docx_bytes(doc: ReportDocument) -> bytes:
    document = Document()
    document.core_properties.title = doc.title
    document.add_heading(doc.partnership_name, level=0)
    document.add_paragraph(f"Yearly report {doc.year.label}. {doc.status_label}.")
    for section in doc.sections:
        document.add_heading(section.title, level=1)
        add_narrative(document, section.narrative)
        writer = section.section.docx if section.section and section.section.docx else None
        (writer or write_generic)(document, section.data)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_generic(document: DocxDocument, data: dict[str, Any]) -> None:
    """The generic Word writer for the data keys described in `registry`."""
    for paragraph in data.get("paragraphs", []):
        document.add_paragraph(str(paragraph))
    for block in data.get("lists", []):
        document.add_heading(str(block["heading"]), level=2)
        for item in block["items"] or ["None."]:
            document.add_paragraph(str(item), style="List Bullet" if block["items"] else None)
    for table in data.get("tables", []):
        _table(document, table["caption"], table["columns"], table["rows"])
    for chart in data.get("charts", []):
        _chart(document, chart)


def _table(document: DocxDocument, caption: str, columns: list[Any], rows: list[Any]) -> None:
    document.add_paragraph(str(caption), style="Caption")
    table = document.add_table(rows=1, cols=len(columns), style="Table Grid")
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        cell.text = str(column)
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = str(value)


def _chart(document: DocxDocument, chart: dict[str, Any]) -> None:
    points = [(str(label), value) for label, value in chart["points"]]
    document.add_picture(io.BytesIO(bar_chart_png(chart["title"], points)), width=Cm(15))
    picture = document.inline_shapes[-1]
    picture._inline.docPr.set("descr", alt_text(chart["title"], points))
    _table(document, f"{chart['title']}: data", ["Category", "Value"], chart["points"])
